"""The SQLite archive: schema migrations, writing a processed meeting, reading it back.

All writes for one meeting happen in one transaction (sqlite-utils' `atomic()`), so a crash
or an error mid-ingest leaves no half meeting. The schema version is SQLite's `user_version`;
each migration runs in its own transaction and bumps it.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from .domain import MeetingInfo, SpeakerTurns, Transcript, Utterance
from .errors import DatabaseError, DuplicateRecordingError, UnknownMeetingError

__all__ = [
    "open_database",
    "migrate",
    "MIGRATIONS",
    "save_meeting",
    "load_meeting",
    "find_recording",
    "meeting_ids",
    "rename_speaker",
    "correct_utterance",
    "reindex",
    "save_minutes",
    "approve_summaries",
    "list_meetings",
    "public_meeting",
    "set_publication",
    "mark_non_public",
    "merge_speakers",
    "save_translations",
    "optimize_search_index",
    "assign_person",
]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _migration_1(db: sqlite_utils.Database) -> None:
    """Bodies, meetings, recordings, persons, speakers, utterances, audit, jobs; FTS over utterances."""
    db["bodies"].create({"id": int, "name": str}, pk="id", not_null={"name"})
    db["bodies"].create_index(["name"], unique=True)
    db["meetings"].create(
        {
            "id": int,
            "body_id": int,
            "title": str,
            "date": str,
            "place": str,
            "language": str,
            "public": int,
            "status": str,  # draft -> approved -> published (or withdrawn)
            "duration": float,
            "transcription_model": str,
            "diarization_method": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("body_id", "bodies", "id")],
        not_null={"title", "status"},
        defaults={"public": 1, "status": "draft"},
    )
    db["recordings"].create(
        {"id": int, "meeting_id": int, "path": str, "sha256": str, "duration": float, "container": str},
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id")],
        not_null={"sha256"},
    )
    db["recordings"].create_index(["sha256"], unique=True)
    db["persons"].create(
        {"id": int, "name": str, "faction": str, "role": str, "oparl_id": str}, pk="id", not_null={"name"}
    )
    db["speakers"].create(
        {"id": int, "meeting_id": int, "label": str, "name": str, "person_id": int, "embedding": str},
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("person_id", "persons", "id")],
        not_null={"label"},
    )
    db["speakers"].create_index(["meeting_id", "label"], unique=True)
    db["utterances"].create(
        {
            "id": int,
            "meeting_id": int,
            "speaker_id": int,
            "position": int,
            "start": float,
            "end": float,
            "text": str,
            "words": str,  # JSON list of [text, start, end, probability]
            "agenda_item_id": int,
            "redacted": int,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("speaker_id", "speakers", "id")],
        defaults={"redacted": 0},
    )
    db["utterances"].create_index(["meeting_id", "start"])
    db["audit"].create(
        {
            "id": int,
            "at": str,
            "actor": str,
            "action": str,
            "table_name": str,
            "row_id": int,
            "before": str,
            "after": str,
        },
        pk="id",
    )
    db["jobs"].create(
        {
            "id": int,
            "meeting_id": int,
            "source": str,
            "stage": str,
            "progress": float,
            "status": str,
            "error": str,
            "updated_at": str,
        },
        pk="id",
    )
    # Trigram tokens find parts of German compounds ("gebühren" in "Müllgebühren");
    # the triggers keep the index in step with every insert, update and delete.
    db["utterances"].enable_fts(["text"], tokenize="trigram", create_triggers=True)


# SQLite's lower() folds only ASCII; this folds German umlauts and ß the way search queries are
# folded (search.fold), so "Strasse" finds "Straße" and "Muellgebuehren" finds "Müllgebühren".
FOLD_SQL = (
    "lower("
    + "".join("replace(" for _ in range(7))
    + "text"
    + "".join(
        f", '{a}', '{b}')"
        for a, b in [("Ä", "ae"), ("ä", "ae"), ("Ö", "oe"), ("ö", "oe"), ("Ü", "ue"), ("ü", "ue"), ("ß", "ss")]
    )
    + ")"
)


def _migration_2(db: sqlite_utils.Database) -> None:
    """Umlaut-folded full-text index; a vector per utterance for meaning search; faction lookups."""
    db["utterances"].disable_fts()
    db.execute(f"ALTER TABLE utterances ADD COLUMN search_text TEXT GENERATED ALWAYS AS ({FOLD_SQL}) VIRTUAL")
    db["utterances"].enable_fts(["search_text"], tokenize="trigram", create_triggers=True)
    db.execute(
        "CREATE TABLE utterance_vectors (utterance_id INTEGER PRIMARY KEY REFERENCES utterances(id) ON DELETE CASCADE,"
        " model TEXT NOT NULL, vector BLOB NOT NULL)"
    )
    # Any change to the vectors bumps a generation counter, so cached matrices know they are stale.
    db.execute("CREATE TABLE index_state (name TEXT PRIMARY KEY, generation INTEGER NOT NULL)")
    db.execute("INSERT INTO index_state VALUES ('vectors', 0)")
    for event in ("INSERT", "UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER utterance_vectors_{event.lower()} AFTER {event} ON utterance_vectors BEGIN "
            "UPDATE index_state SET generation = generation + 1 WHERE name = 'vectors'; END"
        )
    db["speakers"].create_index(["person_id"])
    db["meetings"].create_index(["date"])


def _migration_3(db: sqlite_utils.Database) -> None:
    """Agenda items, motions, votes and summaries; the agenda the clerk gave is kept with the meeting."""
    db.execute("ALTER TABLE meetings ADD COLUMN agenda TEXT")
    db["agenda_items"].create(
        {
            "id": int,
            "meeting_id": int,
            "position": int,
            "number": str,
            "title": str,
            "public": int,
            "oparl_id": str,
            "source": str,  # agenda (given by the clerk) or cue (found in the session only)
            "start": float,  # None: on the agenda but not dealt with
            "end": float,
            "cue_utterance_id": int,
            "cue_text": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id")],
        not_null={"meeting_id", "number", "title"},
        defaults={"public": 1},
    )
    db["agenda_items"].create_index(["meeting_id", "position"])
    db["motions"].create(
        {"id": int, "meeting_id": int, "agenda_item_id": int, "kind": str, "proposer": str, "utterance_id": int},
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("agenda_item_id", "agenda_items", "id")],
        not_null={"meeting_id", "kind"},
    )
    db["votes"].create(
        {
            "id": int,
            "meeting_id": int,
            "motion_id": int,
            "agenda_item_id": int,
            "result": str,
            "yes": int,
            "no": int,
            "abstain": int,
            "unanimous": int,
            "majority": str,
            "utterance_id": int,
            "start": float,
            "evidence": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("motion_id", "motions", "id")],
        not_null={"meeting_id", "result"},
    )
    db["votes"].create_index(["meeting_id"])
    db["summaries"].create(
        {
            "id": int,
            "meeting_id": int,
            "agenda_item_id": int,  # None: the whole session
            "kind": str,  # results | key_statements | plain
            "language": str,
            "text": str,
            "sources": str,  # JSON list of utterance ids
            "method": str,  # template | extractive | generator
            "model": str,
            "checks": str,  # JSON: readability, fact check, generator verdict
            "status": str,  # draft until a clerk approves
            "created_at": str,
            "approved_by": str,
            "approved_at": str,
        },
        pk="id",
        foreign_keys=[("meeting_id", "meetings", "id"), ("agenda_item_id", "agenda_items", "id")],
        not_null={"meeting_id", "kind", "language", "text", "status"},
        defaults={"status": "draft"},
    )
    db["summaries"].create_index(["meeting_id", "kind", "language"])


def _migration_4(db: sqlite_utils.Database) -> None:
    """Clerk accounts for the web workspace (scrypt password hashes)."""
    db["clerks"].create({"username": str, "password_hash": str, "created_at": str}, pk="username")


def _migration_5(db: sqlite_utils.Database) -> None:
    """Machine translations of utterances (Whisper's translate task)."""
    db.execute(
        "CREATE TABLE translations (utterance_id INTEGER NOT NULL REFERENCES utterances(id) ON DELETE CASCADE, "
        "language TEXT NOT NULL, text TEXT NOT NULL, model TEXT, PRIMARY KEY (utterance_id, language))"
    )


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
]


def migrate(db: sqlite_utils.Database) -> int:
    """Apply the migrations the database lacks; return its schema version."""
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if version > len(MIGRATIONS):
        raise DatabaseError(
            f"the database has schema version {version}, newer than this Protokoll "
            f"({len(MIGRATIONS)}): upgrade Protokoll"
        )
    for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
        with db.atomic():
            migration(db)
            db.execute(f"PRAGMA user_version = {number}")
    return len(MIGRATIONS)


def open_database(path: str | Path) -> sqlite_utils.Database:
    """Return the archive at path, created and migrated as needed."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite_utils.Database(path)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        migrate(db)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseError(f"cannot open database {path}: {error}") from error
    return db


def find_recording(db: sqlite_utils.Database, sha256: str) -> int | None:
    """Return the meeting id that already holds a recording with this sha256."""
    row = db.execute("SELECT meeting_id FROM recordings WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def _body_id(db: sqlite_utils.Database, name: str | None) -> int | None:
    if not name:
        return None
    row = db.execute("SELECT id FROM bodies WHERE name = ?", [name]).fetchone()
    return row[0] if row else db["bodies"].insert({"name": name}).last_pk


def save_meeting(
    db: sqlite_utils.Database,
    info: MeetingInfo,
    recording_path: Path | None,
    sha256: str | None,
    duration: float,
    container: str,
    transcript: Transcript,
    speakers: SpeakerTurns,
    utterances: list[Utterance],
    vectors: list[bytes] | None = None,
    vector_model: str = "",
    extra: Callable[[sqlite_utils.Database, int, dict[int, int]], None] | None = None,
) -> int:
    """Write a processed meeting in one transaction and return its id.

    `extra(db, meeting_id, utterance_ids_by_position)` runs inside the same transaction, for the
    later stages' rows.
    """
    with db.atomic():
        existing = find_recording(db, sha256) if sha256 else None
        if existing is not None:
            raise DuplicateRecordingError(
                f"{recording_path.name} was already ingested as meeting {existing} (same sha256)", existing
            )
        meeting_id = (
            db["meetings"]
            .insert(
                {
                    "body_id": _body_id(db, info.body),
                    "title": info.title,
                    "date": info.date,
                    "place": info.place,
                    "language": transcript.language,
                    "public": int(info.public),
                    "status": "draft",
                    "duration": round(duration, 3),
                    "transcription_model": transcript.model,
                    "diarization_method": speakers.method,
                    "created_at": _now(),
                }
            )
            .last_pk
        )
        if sha256:  # None for a transcript imported without its recording
            db["recordings"].insert(
                {
                    "meeting_id": meeting_id,
                    "path": str(recording_path.resolve()),
                    "sha256": sha256,
                    "duration": round(duration, 3),
                    "container": container,
                }
            )
        labels = list(dict.fromkeys(speakers.speakers + [u.speaker for u in utterances]))
        speaker_ids = {}
        for label in labels:
            embedding = speakers.embeddings.get(label)
            speaker_ids[label] = (
                db["speakers"]
                .insert(
                    {
                        "meeting_id": meeting_id,
                        "label": label,
                        "name": None,
                        "embedding": json.dumps(embedding) if embedding else None,
                    }
                )
                .last_pk
            )
        rows = [
            {
                "meeting_id": meeting_id,
                "speaker_id": speaker_ids[u.speaker],
                "position": position,
                "start": u.start,
                "end": u.end,
                "text": u.text,
                "words": json.dumps([[w.text, w.start, w.end, w.probability] for w in u.words], ensure_ascii=False),
                "redacted": 0,
            }
            for position, u in enumerate(utterances)
        ]
        db["utterances"].insert_all(rows, batch_size=500)
        ids = {
            position: row_id
            for row_id, position in db.execute(
                "SELECT id, position FROM utterances WHERE meeting_id = ?", [meeting_id]
            ).fetchall()
        }
        if vectors is not None:
            db["utterance_vectors"].insert_all(
                ({"utterance_id": ids[p], "model": vector_model, "vector": v} for p, v in enumerate(vectors)),
                batch_size=500,
            )
        if extra is not None:
            extra(db, meeting_id, ids)
        db["audit"].insert(
            {
                "at": _now(),
                "actor": "pipeline",
                "action": "ingest",
                "table_name": "meetings",
                "row_id": meeting_id,
                "before": None,
                "after": json.dumps({"title": info.title, "utterances": len(rows)}, ensure_ascii=False),
            }
        )
    return meeting_id


def meeting_ids(db: sqlite_utils.Database) -> list[int]:
    """Return all meeting ids, oldest first."""
    return [row[0] for row in db.execute("SELECT id FROM meetings ORDER BY id")]


def load_meeting(db: sqlite_utils.Database, meeting_id: int, include_redacted: bool = False) -> dict:
    """Return a meeting with its speakers and utterances as plain dicts (the export's JSON shape)."""
    rows = list(
        db.query(
            "SELECT m.*, b.name AS body FROM meetings m LEFT JOIN bodies b ON b.id = m.body_id WHERE m.id = ?",
            [meeting_id],
        )
    )
    if not rows:
        raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
    meeting = rows[0]
    meeting.pop("body_id", None)
    meeting["public"] = bool(meeting["public"])
    recording = next(
        iter(db.query("SELECT sha256, duration, container FROM recordings WHERE meeting_id = ?", [meeting_id])),
        None,
    )
    speakers = list(
        db.query(
            "SELECT s.id, s.label, s.name, s.person_id, p.faction, p.role FROM speakers s "
            "LEFT JOIN persons p ON p.id = s.person_id WHERE s.meeting_id = ? ORDER BY s.id",
            [meeting_id],
        )
    )
    names = {s["id"]: (s["name"] or s["label"]) for s in speakers}
    clause = "" if include_redacted else "AND redacted = 0"
    translated = {
        row[0]: row[1]
        for row in db.execute(
            "SELECT t.utterance_id, t.text FROM translations t JOIN utterances u ON u.id = t.utterance_id "
            "WHERE u.meeting_id = ? AND t.language = 'en'",
            [meeting_id],
        )
    }
    utterances = []
    for row in db.query(
        f"SELECT id, speaker_id, start, end, text, words, agenda_item_id FROM utterances "
        f"WHERE meeting_id = ? {clause} ORDER BY start, position",
        [meeting_id],
    ):
        utterances.append(
            {
                "id": row["id"],
                "speaker": names.get(row["speaker_id"], "?"),
                "speaker_id": row["speaker_id"],
                "start": row["start"],
                "end": row["end"],
                "text": row["text"],
                "words": [
                    {"text": t, "start": s, "end": e, "probability": p}
                    for t, s, e, p in json.loads(row["words"] or "[]")
                ],
                "agenda_item_id": row["agenda_item_id"],
                **({"text_en": translated[row["id"]]} if row["id"] in translated else {}),
            }
        )
    return {
        "meeting": meeting,
        "recording": recording,
        "speakers": speakers,
        "utterances": utterances,
        **_load_minutes(db, meeting_id),
    }


def _load_minutes(db: sqlite_utils.Database, meeting_id: int) -> dict:
    items = list(db.query("SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position", [meeting_id]))
    for item in items:
        item["public"] = bool(item["public"])
    votes = list(
        db.query(
            "SELECT v.*, m.kind AS motion, m.proposer FROM votes v LEFT JOIN motions m ON m.id = v.motion_id "
            "WHERE v.meeting_id = ? ORDER BY v.start",
            [meeting_id],
        )
    )
    for vote in votes:
        vote["unanimous"] = bool(vote["unanimous"])
    summaries = list(db.query("SELECT * FROM summaries WHERE meeting_id = ? ORDER BY id", [meeting_id]))
    for summary in summaries:
        summary["sources"] = json.loads(summary["sources"] or "[]")
        summary["checks"] = json.loads(summary["checks"] or "{}")
    return {
        "agenda_items": items,
        "motions": list(db.query("SELECT * FROM motions WHERE meeting_id = ? ORDER BY id", [meeting_id])),
        "votes": votes,
        "summaries": summaries,
    }


def save_minutes(db: sqlite_utils.Database, meeting_id: int, minutes, agenda_json: str | None, actor: str) -> None:
    """Replace a meeting's agenda items, motions, votes and summaries in one transaction.

    Utterances are linked to their item; every summary starts as a draft again, since the text it
    rests on may have changed.
    """
    with db.atomic():
        if db.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
            raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
        before = db.execute("SELECT count(*) FROM summaries WHERE meeting_id = ?", [meeting_id]).fetchone()[0]
        for table in ("summaries", "votes", "motions"):
            db.execute(f"DELETE FROM {table} WHERE meeting_id = ?", [meeting_id])
        db.execute("UPDATE utterances SET agenda_item_id = NULL WHERE meeting_id = ?", [meeting_id])
        db.execute("DELETE FROM agenda_items WHERE meeting_id = ?", [meeting_id])
        if agenda_json is not None:
            db.execute("UPDATE meetings SET agenda = ? WHERE id = ?", [agenda_json, meeting_id])
        item_ids = {}
        for position, item in enumerate(minutes.items):
            item_ids[item.number] = (
                db["agenda_items"]
                .insert(
                    {
                        "meeting_id": meeting_id,
                        "position": position,
                        "number": item.number,
                        "title": item.title,
                        "public": int(item.public),
                        "oparl_id": item.oparl_id,
                        "source": item.source,
                        "start": item.start,
                        "end": item.end,
                        "cue_utterance_id": item.cue_utterance_id,
                        "cue_text": item.cue_text,
                    }
                )
                .last_pk
            )
            if item.utterance_ids:
                db.conn.executemany(
                    "UPDATE utterances SET agenda_item_id = ? WHERE id = ?",
                    [(item_ids[item.number], utterance_id) for utterance_id in item.utterance_ids],
                )
        for vote in minutes.votes:
            item_id = item_ids.get(vote.item_number)
            motion_id = (
                db["motions"]
                .insert(
                    {
                        "meeting_id": meeting_id,
                        "agenda_item_id": item_id,
                        "kind": vote.motion,
                        "proposer": vote.proposer,
                        "utterance_id": vote.utterance_id,
                    }
                )
                .last_pk
            )
            db["votes"].insert(
                {
                    "meeting_id": meeting_id,
                    "motion_id": motion_id,
                    "agenda_item_id": item_id,
                    "result": vote.result,
                    "yes": vote.yes,
                    "no": vote.no,
                    "abstain": vote.abstain,
                    "unanimous": int(vote.unanimous),
                    "majority": vote.majority,
                    "utterance_id": vote.utterance_id,
                    "start": vote.start,
                    "evidence": vote.evidence,
                }
            )
        now = _now()
        db["summaries"].insert_all(
            {
                "meeting_id": meeting_id,
                "agenda_item_id": item_ids.get(summary.item_number) if summary.item_number else None,
                "kind": summary.kind,
                "language": summary.language,
                "text": summary.text,
                "sources": json.dumps(summary.sources),
                "method": summary.method,
                "model": summary.model,
                "checks": json.dumps(summary.checks, ensure_ascii=False),
                "status": "draft",
                "created_at": now,
            }
            for summary in minutes.summaries
        )
        _audit(
            db, actor, "summarize", "meetings", meeting_id, f"{before} summaries",
            f"{len(minutes.items)} items, {len(minutes.votes)} votes, {len(minutes.summaries)} summaries",
        )  # fmt: skip


def approve_summaries(db: sqlite_utils.Database, meeting_id: int, actor: str) -> int:
    """Mark a meeting's draft summaries approved by a clerk; return how many."""
    with db.atomic():
        if db.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
            raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
        count = db.execute(
            "UPDATE summaries SET status = 'approved', approved_by = ?, approved_at = ? "
            "WHERE meeting_id = ? AND status = 'draft'",
            [actor, _now(), meeting_id],
        ).rowcount
        _audit(db, actor, "approve_summaries", "meetings", meeting_id, "draft", f"{count} approved")
    return count


def rename_speaker(db: sqlite_utils.Database, meeting_id: int, label: str, name: str, actor: str) -> None:
    """Give a meeting's speaker label a display name, recorded in the audit table."""
    name = " ".join(name.split())
    if not name:
        raise DatabaseError("a speaker name cannot be empty")
    with db.atomic():
        row = db.execute(
            "SELECT id, name FROM speakers WHERE meeting_id = ? AND label = ?", [meeting_id, label]
        ).fetchone()
        if row is None:
            if db.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
                raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
            raise UnknownMeetingError(f"meeting {meeting_id} has no speaker {label!r}")
        speaker_id, before = row
        db["speakers"].update(speaker_id, {"name": name})
        _audit(db, actor, "rename_speaker", "speakers", speaker_id, before, name)


def assign_person(
    db: sqlite_utils.Database, meeting_id: int, label: str, name: str, faction: str | None, actor: str
) -> int:
    """Name a speaker label and link it to a person (found by name, or created); return the person's id.

    A faction given is stored with the person, which makes the faction filter of search find them.
    """
    name = " ".join(name.split())
    with db.atomic():
        rename_speaker(db, meeting_id, label, name, actor)
        row = db.execute("SELECT id, faction FROM persons WHERE name = ?", [name]).fetchone()
        if row is None:
            person_id = db["persons"].insert({"name": name, "faction": faction or None}).last_pk
        else:
            person_id = row[0]
            if faction and faction != row[1]:
                db["persons"].update(person_id, {"faction": faction})
                _audit(db, actor, "set_faction", "persons", person_id, row[1], faction)
        db.execute(
            "UPDATE speakers SET person_id = ? WHERE meeting_id = ? AND label = ?", [person_id, meeting_id, label]
        )
    return person_id


def _audit(db, actor: str, action: str, table: str, row_id: int, before, after) -> None:
    db["audit"].insert(
        {
            "at": _now(),
            "actor": actor,
            "action": action,
            "table_name": table,
            "row_id": row_id,
            "before": before,
            "after": after,
        }
    )


def correct_utterance(db: sqlite_utils.Database, utterance_id: int, text: str, actor: str, embedder) -> None:
    """Replace an utterance's text; its search entries (keyword and meaning) follow in the same transaction.

    Word timings stay those of the recognised words: they still say when the passage was spoken.
    """
    from .embeddings import to_blob

    text = " ".join(text.split())
    if not text:
        raise DatabaseError("the corrected text is empty")
    vector = to_blob(embedder.encode([text])[0])
    with db.atomic():
        row = db.execute("SELECT text FROM utterances WHERE id = ?", [utterance_id]).fetchone()
        if row is None:
            raise UnknownMeetingError(f"there is no utterance with id {utterance_id}")
        db["utterances"].update(utterance_id, {"text": text})
        db["utterance_vectors"].upsert(
            {"utterance_id": utterance_id, "model": embedder.name, "vector": vector}, pk="utterance_id"
        )
        _audit(db, actor, "correct_text", "utterances", utterance_id, row[0], text)


def reindex(db: sqlite_utils.Database, embedder, batch_size: int = 256, progress=None) -> int:
    """Rebuild the keyword index and every utterance vector in one transaction; return the count."""
    from .embeddings import to_blob

    total = db.execute("SELECT count(*) FROM utterances").fetchone()[0]
    done = 0
    with db.atomic():
        db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('rebuild')")
        db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('optimize')")
        db.execute("DELETE FROM utterance_vectors")
        cursor = db.conn.cursor().execute("SELECT id, text FROM utterances ORDER BY id")
        while rows := cursor.fetchmany(batch_size):
            vectors = embedder.encode([text or "" for _, text in rows])
            db.conn.executemany(
                "INSERT INTO utterance_vectors (utterance_id, model, vector) VALUES (?, ?, ?)",
                [(row_id, embedder.name, to_blob(v)) for (row_id, _), v in zip(rows, vectors, strict=True)],
            )
            done += len(rows)
            if progress:
                progress("reindex", done / max(total, 1))
        _audit(db, "system", "reindex", "utterances", None, None, str(done))
    return done


def list_meetings(db: sqlite_utils.Database, public_only: bool = True) -> list[dict]:
    """Meetings newest first; for the public only those published and public."""
    where = "WHERE m.public = 1 AND m.status = 'published'" if public_only else ""
    return list(
        db.query(
            "SELECT m.id, m.title, m.date, m.status, m.public, m.duration, b.name AS body FROM meetings m "
            f"LEFT JOIN bodies b ON b.id = m.body_id {where} ORDER BY m.date DESC, m.id DESC"
        )
    )


def public_meeting(db: sqlite_utils.Database, meeting_id: int) -> dict:
    """A meeting as the public may see it: only if published and public, without non-public parts.

    Agenda items marked non-public, and their utterances, votes and summaries, are left out; only
    approved summaries are shown.
    """
    row = db.execute("SELECT status, public FROM meetings WHERE id = ?", [meeting_id]).fetchone()
    if row is None or row[0] != "published" or not row[1]:
        raise UnknownMeetingError(f"there is no published meeting with id {meeting_id}")
    bundle = load_meeting(db, meeting_id)
    hidden = {i["id"] for i in bundle["agenda_items"] if not i["public"]}
    bundle["agenda_items"] = [i for i in bundle["agenda_items"] if i["id"] not in hidden]
    bundle["utterances"] = [u for u in bundle["utterances"] if u["agenda_item_id"] not in hidden]
    bundle["votes"] = [v for v in bundle["votes"] if v["agenda_item_id"] not in hidden]
    bundle["motions"] = [m for m in bundle["motions"] if m["agenda_item_id"] not in hidden]
    bundle["summaries"] = [
        s for s in bundle["summaries"] if s["status"] == "approved" and s["agenda_item_id"] not in hidden
    ]
    spoken = {u["speaker_id"] for u in bundle["utterances"]}
    bundle["speakers"] = [s for s in bundle["speakers"] if s["id"] in spoken]
    bundle.pop("recording", None)  # the file path and hash are the clerk's business
    return bundle


def set_publication(db: sqlite_utils.Database, meeting_id: int, publish: bool, actor: str) -> None:
    """Publish or withdraw a meeting. Publishing needs every summary approved by a clerk first."""
    with db.atomic():
        row = db.execute("SELECT status FROM meetings WHERE id = ?", [meeting_id]).fetchone()
        if row is None:
            raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
        if publish:
            drafts = db.execute(
                "SELECT count(*) FROM summaries WHERE meeting_id = ? AND status != 'approved'", [meeting_id]
            ).fetchone()[0]
            if drafts:
                raise DatabaseError(f"meeting {meeting_id} has {drafts} summaries not yet approved: approve them first")
        status = "published" if publish else "withdrawn"
        db.execute("UPDATE meetings SET status = ? WHERE id = ?", [status, meeting_id])
        _audit(db, actor, "publish" if publish else "withdraw", "meetings", meeting_id, row[0], status)


def mark_non_public(db: sqlite_utils.Database, meeting_id: int, start: float, end: float, actor: str) -> int:
    """Mark every utterance overlapping [start, end) seconds non-public; return how many.

    They leave every public view, search and export at once (those read `redacted`); the caller
    re-runs the summaries, which read only public utterances.
    """
    if not 0 <= start < end:
        raise DatabaseError(f"the range {start}-{end} s is not a time range")
    with db.atomic():
        if db.execute("SELECT 1 FROM meetings WHERE id = ?", [meeting_id]).fetchone() is None:
            raise UnknownMeetingError(f"there is no meeting with id {meeting_id}")
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM utterances WHERE meeting_id = ? AND start < ? AND end > ? AND redacted = 0",
                [meeting_id, end, start],
            )
        ]
        db.conn.executemany("UPDATE utterances SET redacted = 1 WHERE id = ?", [(i,) for i in ids])
        _audit(db, actor, "mark_non_public", "meetings", meeting_id, None,
               json.dumps({"start": start, "end": end, "utterances": ids}))  # fmt: skip
    return len(ids)


def merge_speakers(db: sqlite_utils.Database, meeting_id: int, label: str, into: str, actor: str) -> int:
    """Give all of one speaker label's utterances to another label of the same meeting; return how many."""
    with db.atomic():
        rows = {
            row[0]: row[1]
            for row in db.execute(
                "SELECT label, id FROM speakers WHERE meeting_id = ? AND label IN (?, ?)", [meeting_id, label, into]
            )  # fmt: skip
        }
        if label == into or label not in rows or into not in rows:
            raise UnknownMeetingError(f"meeting {meeting_id} has no two speakers {label!r} and {into!r} to merge")
        moved = db.execute(
            "UPDATE utterances SET speaker_id = ? WHERE speaker_id = ?", [rows[into], rows[label]]
        ).rowcount
        db.execute("DELETE FROM speakers WHERE id = ?", [rows[label]])
        _audit(db, actor, "merge_speakers", "speakers", rows[into], label, into)
    return moved


def save_translations(db: sqlite_utils.Database, meeting_id: int, language: str, texts: dict[int, str], model: str):
    """Replace a meeting's machine translations into `language` (utterance id -> text) in one transaction."""
    with db.atomic():
        db.execute(
            "DELETE FROM translations WHERE language = ? AND utterance_id IN "
            "(SELECT id FROM utterances WHERE meeting_id = ?)",
            [language, meeting_id],
        )
        db["translations"].insert_all(
            {"utterance_id": i, "language": language, "text": t, "model": model} for i, t in texts.items()
        )
        _audit(db, "pipeline", "translate", "meetings", meeting_id, None, f"{len(texts)} utterances to {language}")


def optimize_search_index(db: sqlite_utils.Database) -> None:
    """Merge the keyword index into one segment.

    Every ingest adds segments, and each query opens all of them; merged, a query at 1,000 hours
    takes half the time (about 3 s for that archive, so it is done after each ingest).
    """
    with db.atomic():
        db.execute("INSERT INTO utterances_fts (utterances_fts) VALUES ('optimize')")
