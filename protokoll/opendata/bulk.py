"""The bulk open-data download: everything the public may see, as one SQLite file, one JSON Lines file, and
both together in one zip, so that data users need not crawl the reader or the OParl endpoint.

What goes in is read through the public rule alone: each published meeting as `archive.public_meeting`
returns it (no non-public item, no redacted utterance, only approved summaries), and the public
directory of `archive.public_directory`. Every table's columns are listed below (`TABLES`) and a row
is built from those names only, so what the archive adds later (a voice print, a clerk's name, a
recording's path) stays out until someone adds it here on purpose.

The files are rebuilt only when `archive.public_data_state` says the public data may have changed, and
kept as they were when a rebuild shows the same content (so their ETag holds). Each file is written
beside the old one and switched with `os.replace`; a lock file keeps two processes (the server and
`protokoll opendata`) from building into one folder at once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import sqlite_utils

from protokoll import archive
from protokoll.config import Settings
from protokoll.minutes.wording import item_result
from protokoll.records import StoredMeeting

__all__ = [
    "SCHEMA_VERSION",
    "BASENAME",
    "DOWNLOADS",
    "Table",
    "TABLES",
    "BulkDownload",
    "bulk_folder",
    "refresh_bulk_download",
]

# Raised when a table or column changes meaning or goes; new tables or columns keep it.
SCHEMA_VERSION = 1
BASENAME = "protokoll-opendata"
# The files of a download by their suffix; the zip holds the other two and a README.
DOWNLOADS = {suffix: f"{BASENAME}.{suffix}" for suffix in ("zip", "sqlite", "jsonl")}
_STATE = ".state.json"
_LOCK = ".lock"
_PARTIAL = ".new-"


@dataclass(frozen=True)
class Table:
    """A table of the SQLite file; each of its rows is also a JSON Lines object of type `kind`."""

    name: str
    kind: str
    columns: dict[str, type]  # list-valued columns are `list`: JSON arrays, in SQLite as JSON text
    pk: str | tuple[str, ...] = "id"
    foreign_keys: tuple[tuple[str, str], ...] = ()


TABLES: tuple[Table, ...] = (
    Table("bodies", "body", {"id": int, "name": str, "oparl_id": str, "created_at": str, "modified_at": str}),
    Table("organizations", "organization",
          {"id": int, "name": str, "short_name": str, "kind": str, "oparl_id": str, "created_at": str,
           "modified_at": str}),  # fmt: skip
    Table("persons", "person",
          {"id": int, "name": str, "given_name": str, "family_name": str, "title": str, "form_of_address": str,
           "faction": str, "role": str, "oparl_id": str, "created_at": str, "modified_at": str}),  # fmt: skip
    Table("memberships", "membership",
          {"id": int, "person_id": int, "body_id": int, "organization_id": int, "role": str, "start_date": str,
           "end_date": str, "oparl_id": str, "created_at": str, "modified_at": str},
          foreign_keys=(("person_id", "persons"), ("body_id", "bodies"), ("organization_id", "organizations"))),
    Table("meetings", "meeting",
          {"id": int, "body_id": int, "body": str, "title": str, "date": str, "place": str, "language": str,
           "duration": float, "transcription_model": str, "oparl_id": str, "web_url": str, "created_at": str,
           "modified_at": str},
          foreign_keys=(("body_id", "bodies"),)),
    Table("agenda_items", "agenda_item",
          {"id": int, "meeting_id": int, "position": int, "number": str, "title": str, "result": str,
           "start": float, "end": float, "unrecognised": bool, "source": str, "oparl_id": str},
          foreign_keys=(("meeting_id", "meetings"),)),
    Table("speakers", "speaker",
          {"id": int, "meeting_id": int, "label": str, "name": str, "person_id": int, "faction": str, "role": str},
          foreign_keys=(("meeting_id", "meetings"), ("person_id", "persons"))),
    Table("utterances", "utterance",
          {"id": int, "meeting_id": int, "speaker_id": int, "agenda_item_id": int, "start": float, "end": float,
           "text": str, "text_en": str},
          foreign_keys=(("meeting_id", "meetings"), ("speaker_id", "speakers"), ("agenda_item_id", "agenda_items"))),
    Table("votes", "vote",
          {"id": int, "meeting_id": int, "agenda_item_id": int, "utterance_id": int, "start": float, "motion": str,
           "proposer": str, "result": str, "yes": int, "no": int, "abstain": int, "unanimous": bool,
           "majority": str, "yes_groups": list, "no_groups": list, "abstain_groups": list, "resolution": str,
           "evidence": str},
          foreign_keys=(("meeting_id", "meetings"), ("agenda_item_id", "agenda_items"),
                        ("utterance_id", "utterances"))),  # fmt: skip
    Table("summaries", "summary",
          {"id": int, "meeting_id": int, "agenda_item_id": int, "kind": str, "language": str, "text": str,
           "method": str, "model": str, "sources": list, "created_at": str, "approved_at": str},
          foreign_keys=(("meeting_id", "meetings"), ("agenda_item_id", "agenda_items"))),
    Table("summary_sentences", "summary_sentence",
          {"summary_id": int, "position": int, "part": str, "text": str, "utterance_id": int, "start": float},
          pk=("summary_id", "position"),
          foreign_keys=(("summary_id", "summaries"), ("utterance_id", "utterances"))),
)  # fmt: skip
_BY_NAME = {t.name: t for t in TABLES}


@dataclass
class BulkDownload:
    """A built download: its folder, when its content was built, and how many rows each table has."""

    folder: Path
    generated_at: str
    fingerprint: str
    counts: dict[str, int] = field(default_factory=dict)
    rebuilt: bool = False  # this call wrote new files (else they were current, or the content was unchanged)

    def path(self, suffix: str) -> Path:
        return self.folder / DOWNLOADS[suffix]


def bulk_folder(settings: Settings) -> Path:
    """Where the server keeps the download (and `protokoll opendata` writes it unless told otherwise)."""
    return Path(settings.data_dir) / "opendata"


def refresh_bulk_download(db: sqlite_utils.Database, settings: Settings, folder: Path | None = None) -> BulkDownload:
    """Return the folder's download, rebuilt first if the public data (or the licence or address) changed."""
    folder = Path(folder) if folder else bulk_folder(settings)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        # One read transaction: the fingerprint and the rows come from the same state of the archive.
        with db.atomic():
            fingerprint = _fingerprint(db, settings)
            state = _read_state(folder)
            if (
                state
                and state["fingerprint"] == fingerprint
                and all((folder / name).is_file() for name in DOWNLOADS.values())
            ):
                return BulkDownload(folder, state["generated_at"], fingerprint, state["counts"])
            return _build(db, settings, folder, fingerprint, state)


def _fingerprint(db: sqlite_utils.Database, settings: Settings) -> str:
    settings_part = f"{SCHEMA_VERSION}|{settings.open_data_license_url}|{settings.public_url or ''}"
    return hashlib.sha256(f"{archive.public_data_state(db)}|{settings_part}".encode()).hexdigest()


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold the folder's lock file; flock also keeps two threads of one process apart (one open each)."""
    with open(folder / _LOCK, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _read_state(folder: Path) -> dict | None:
    try:
        return json.loads((folder / _STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _metadata(settings: Settings, generated_at: str) -> dict:
    try:
        software = f"Protokoll {version('protokoll')}"
    except PackageNotFoundError:
        software = "Protokoll"
    source = settings.public_url.rstrip("/") if settings.public_url else None
    return {
        "license": settings.open_data_license_url,
        "generated_at": generated_at,
        "source": source,
        "download_url": f"{source}/opendata/{DOWNLOADS['zip']}" if source else None,
        "schema_version": SCHEMA_VERSION,
        "generator": software,
        "description": "Published council meetings: agenda items, votes, speakers, transcripts, approved "
        "summaries; bodies, persons, organizations and memberships. Times are seconds from the "
        "start of the recording.",
        "tables": [t.name for t in TABLES],
    }


# --- rows, from the public records only ---------------------------------------------------------------------


def _project(table: Table, values: dict) -> dict:
    """The row as the table has it: exactly its columns, whatever else `values` holds."""
    return {column: values.get(column) for column in table.columns}


def _rows(name: str, values: list[dict], **shared) -> tuple[Table, list[dict]]:
    """A table with its rows, each projected onto the table's columns (`shared`: values every row gets)."""
    table = _BY_NAME[name]
    return table, [_project(table, {**v, **shared}) for v in values]


def _directory_rows(db: sqlite_utils.Database) -> Iterator[tuple[Table, list[dict]]]:
    directory = archive.public_directory(db)
    for name in ("bodies", "organizations", "persons", "memberships"):
        yield _rows(name, getattr(directory, name))


def _meeting_rows(bundle: StoredMeeting, stamp: dict, source: str | None) -> Iterator[tuple[Table, list[dict]]]:
    """One public meeting's rows. What points at an utterance (a vote's evidence sentence, a summary's
    sources, a plain sentence's link) is kept only where that utterance is public, as a second guard."""
    meeting_id = bundle.meeting.id
    public_utterances = {u.id for u in bundle.utterances}
    web_url = f"{source}/?meeting={meeting_id}" if source else None
    yield _rows("meetings", [{**vars(bundle.meeting), **stamp, "web_url": web_url}])
    # Each item's result in the categories of council information systems, as the JSON export words it.
    items = [{**vars(i), "result": item_result([v for v in bundle.votes if v.agenda_item_id == i.id])}
             for i in bundle.agenda_items]  # fmt: skip
    yield _rows("agenda_items", items, meeting_id=meeting_id)
    yield _rows("speakers", [vars(s) for s in bundle.speakers], meeting_id=meeting_id)
    yield _rows("utterances", [vars(u) for u in bundle.utterances], meeting_id=meeting_id)
    votes = [
        vars(v) if v.utterance_id in public_utterances else {**vars(v), "utterance_id": None, "evidence": None}
        for v in bundle.votes
    ]
    yield _rows("votes", votes, meeting_id=meeting_id)
    summaries = [{**vars(s), "sources": [i for i in s.sources if i in public_utterances]} for s in bundle.summaries]
    yield _rows("summaries", summaries, meeting_id=meeting_id)
    sentences = []
    for summary in bundle.summaries:
        for position, sentence in enumerate(summary.sentences):
            linked = sentence.get("utterance_id") in public_utterances
            sentences.append({**sentence, "summary_id": summary.id, "position": position,
                              **({} if linked else {"utterance_id": None, "start": None})})  # fmt: skip
    yield _rows("summary_sentences", sentences)


def _public_rows(db: sqlite_utils.Database, settings: Settings) -> Iterator[tuple[Table, list[dict]]]:
    """Every row of the download, the directory first, then meeting by meeting (one in memory at a time)."""
    yield from _directory_rows(db)
    source = settings.public_url.rstrip("/") if settings.public_url else None
    for stamp in archive.public_meeting_stamps(db):
        bundle = archive.public_meeting(db, stamp["id"])
        yield from _meeting_rows(bundle, {k: v for k, v in stamp.items() if k != "id"}, source)


# --- the files ------------------------------------------------------------------------------------------


class _Writers:
    """The SQLite file and the JSON Lines file, written side by side from the same rows."""

    def __init__(self, sqlite_path: Path, jsonl_path: Path, metadata: dict):
        self.db = sqlite_utils.Database(sqlite_path)
        for table in TABLES:
            columns = {c: (str if kind is list else kind) for c, kind in table.columns.items()}
            self.db[table.name].create(columns, pk=table.pk, foreign_keys=list(table.foreign_keys))
        self.db["metadata"].create({"key": str, "value": str}, pk="key")
        self.db["metadata"].insert_all(
            {"key": k, "value": v if isinstance(v, str) else json.dumps(v)}
            for k, v in metadata.items()
            if v is not None
        )
        self.jsonl = open(jsonl_path, "w", encoding="utf-8")  # noqa: SIM115 (closed in close())
        self.jsonl.write(json.dumps({"type": "metadata", **metadata}, ensure_ascii=False) + "\n")
        # What the data says, without the moment it was built: equal for equal public data.
        self.content = hashlib.sha256(json.dumps({**metadata, "generated_at": None}).encode())
        self.counts = {t.name: 0 for t in TABLES}

    def add(self, table: Table, rows: list[dict]) -> None:
        if not rows:
            return
        self.db[table.name].insert_all(rows, batch_size=1000)
        for row in rows:
            line = json.dumps({"type": table.kind, **row}, ensure_ascii=False) + "\n"
            self.jsonl.write(line)
            self.content.update(line.encode())
        self.counts[table.name] += len(rows)

    def close(self) -> None:
        self.jsonl.close()
        self.db.close()


def _readme(metadata: dict, counts: dict[str, int]) -> str:
    lines = [
        "Protokoll: open data of the published council meetings",
        "",
        f"Licence: {metadata['license']}",
        f"Built: {metadata['generated_at']}",
        *([f"Source: {metadata['source']}"] if metadata["source"] else []),
        f"Schema version: {metadata['schema_version']}",
        "",
        f"{DOWNLOADS['sqlite']}: one table per kind of record, and `metadata` (licence, source, built).",
        f"{DOWNLOADS['jsonl']}: the same rows, one JSON object a line; `type` names the table's record",
        "kind (first line: the metadata). List columns are JSON arrays (JSON text in SQLite).",
        "",
        "Rows per table:",
        *(f"  {name}: {count}" for name, count in counts.items()),
        "",
        "Only what the public may see: published meetings, public agenda items, no part a clerk marked",
        "non-public, approved summaries. No voice data, recordings or clerks' data.",
    ]
    return "\n".join(lines) + "\n"


def _partial(folder: Path, suffix: str) -> Path:
    handle, name = tempfile.mkstemp(dir=folder, prefix=_PARTIAL, suffix=f".{suffix}")
    os.close(handle)
    return Path(name)


def _build(db, settings: Settings, folder: Path, fingerprint: str, state: dict | None) -> BulkDownload:
    for leftover in folder.glob(f"{_PARTIAL}*"):  # of a build that died; we hold the lock
        leftover.unlink(missing_ok=True)
    generated_at = _now()
    metadata = _metadata(settings, generated_at)
    partial = {suffix: _partial(folder, suffix) for suffix in DOWNLOADS}
    try:
        partial["sqlite"].unlink()  # sqlite-utils creates the file itself
        writers = _Writers(partial["sqlite"], partial["jsonl"], metadata)
        try:
            for table, rows in _public_rows(db, settings):
                writers.add(table, rows)
        finally:
            writers.close()
        content = writers.content.hexdigest()
        if state and state.get("content") == content and all((folder / n).is_file() for n in DOWNLOADS.values()):
            # Only something the download does not show changed: keep the files (and their ETag).
            _write_state(folder, {**state, "fingerprint": fingerprint})
            return BulkDownload(folder, state["generated_at"], fingerprint, state["counts"])
        with zipfile.ZipFile(partial["zip"], "w", compression=zipfile.ZIP_DEFLATED) as bundle:
            bundle.writestr("README.txt", _readme(metadata, writers.counts))
            for suffix in ("sqlite", "jsonl"):
                bundle.write(partial[suffix], DOWNLOADS[suffix])
        for suffix in ("sqlite", "jsonl", "zip"):
            os.replace(partial[suffix], folder / DOWNLOADS[suffix])
    finally:
        for path in partial.values():
            path.unlink(missing_ok=True)
    state = {"fingerprint": fingerprint, "content": content, "generated_at": generated_at, "counts": writers.counts}
    _write_state(folder, state)
    return BulkDownload(folder, generated_at, fingerprint, writers.counts, rebuilt=True)


def _write_state(folder: Path, state: dict) -> None:
    partial = _partial(folder, "json")
    partial.write_text(json.dumps(state), encoding="utf-8")
    os.replace(partial, folder / _STATE)
