"""The bulk open-data download: exactly what the public may see, in the SQLite file, the JSON Lines file and
the zip alike, with the operator's licence; served with ETag, Last-Modified, conditional GET, and rebuilt
only when the public data changed.

The archive holds a published meeting with a non-public agenda item, a range a clerk marked non-public
and voice prints; a draft meeting with unapproved summaries; a withdrawn meeting. Each hidden part
carries a word found nowhere else, and the whole of every file is searched for those words, for the
voice prints' bytes and numbers, and for the clerk's name.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.testclient import TestClient

from protokoll import archive
from protokoll.interfaces.cli import cli
from protokoll.interfaces.web.opendata import bulk_routes
from protokoll.interfaces.web.security import SecurityHeaders
from protokoll.opendata.bulk import DOWNLOADS, TABLES, bulk_folder, refresh_bulk_download
from protokoll.services import Services

BODY = "Rat der Stadt Emscherhausen"
MEMBERS = Path(__file__).parent / "data" / "members" / "emscherhausen.csv"
CLERK = "Sachbearbeiterin-Okonkwo"
LICENCE = "DL-DE-BY-2.0"  # set by its id; stated as its URL
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
PUBLIC_URL = "https://rat.example.de/protokoll/"
# Words that stand only in a hidden part: none may appear in any file of the download.
NON_PUBLIC_ITEM = "Quittenwegtausch"
NON_PUBLIC_SPEAKER = "Dr. Verena Verschwiegen"
REDACTED = "Kellerschluesselcode"
DRAFT = "Lindenalleeentwurf"
WITHDRAWN = "Birkenhofrueckzug"
VOICE_SCORE, VOICE_CONSISTENCY = 0.8765432, 0.9345678
PRINT = [round(0.0123457 + i * 0.000101, 7) for i in range(192)]

SPEAKERS = {
    "VORSITZ": {"name": "Petra Hoffmann", "role": "Oberbürgermeisterin"},
    "BECKER": {"name": "Klaus Becker", "faction": "SPD"},
    "YILMAZ": {"name": "Aylin Yilmaz", "faction": "Bündnis 90/Die Grünen"},
    "NOTARIN": {"name": NON_PUBLIC_SPEAKER},
}
# (speaker, text); item 3 is non-public, the utterance with REDACTED is marked non-public by range.
PUBLISHED = [
    ("VORSITZ", "Ich eröffne die Sitzung und rufe Tagesordnungspunkt 1 auf: Radweg an der Emscher."),
    ("BECKER", "Die SPD unterstützt den Ausbau des Radwegs an der Emscher ausdrücklich."),
    ("YILMAZ", "Auch wir stimmen dem Radweg zu, er verbindet zwei Stadtteile."),
    ("VORSITZ", "Der Radweg ist mit 30 Stimmen dafür, 4 dagegen und 2 Enthaltungen angenommen."),
    ("VORSITZ", "Ich rufe Tagesordnungspunkt 2 auf: Sanierung der Stadtbücherei."),
    ("BECKER", f"Der {REDACTED} für das Magazin liegt beim Hausmeister, bitte nicht weitergeben."),
    ("YILMAZ", "Die Stadtbücherei braucht ein neues Dach, die Kosten liegen bei 800.000 Euro."),
    ("VORSITZ", "Die Sanierung ist einstimmig beschlossen."),
    ("VORSITZ", "Ich rufe Tagesordnungspunkt 3 auf, im nichtöffentlichen Teil."),
    ("NOTARIN", f"Der {NON_PUBLIC_ITEM} mit der Erbengemeinschaft ist notariell vorbereitet."),
    ("VORSITZ", "Damit schließe ich die Sitzung."),
]
HIDDEN_TEXTS = {PUBLISHED[i][1] for i in (5, 8, 9, 10)}  # the redacted utterance and item 3 (to the end)
AGENDA = [
    {"number": "1", "title": "Radweg an der Emscher"},
    {"number": "2", "title": "Sanierung der Stadtbücherei"},
    {"number": "3", "title": f"Grundstücksangelegenheit {NON_PUBLIC_ITEM}", "public": False},
]


def _transcript(title: str, date: str, lines: list[tuple[str, str]], agenda=None) -> dict:
    utterances, clock = [], 0.0
    for speaker, text in lines:
        utterances.append({"speaker": speaker, "start": clock, "end": clock + 6.0, "text": text})
        clock += 7.0
    data = {"title": title, "date": date, "body": BODY, "speakers": SPEAKERS, "utterances": utterances}
    return {**data, "agenda": agenda} if agenda else data


def _publish(services: Services, meeting_id: int) -> None:
    for vote in archive.load_meeting(services.db(), meeting_id).votes:
        if vote.result == "unklar":
            services.decide_vote(vote.id, "angenommen", CLERK)
    services.approve(meeting_id, CLERK)
    services.publish(meeting_id, CLERK)


@pytest.fixture(scope="module")
def council(tmp_path_factory, text_embedder):
    """The archive with every kind of hidden part: (services, {name: meeting id}, the print's bytes)."""
    folder = tmp_path_factory.mktemp("bulk")
    services = Services.for_archive(folder / "archive.db", embedder=text_embedder)
    services.settings = services.settings.replace(open_data_license=LICENCE, public_url=PUBLIC_URL)
    services.import_members(MEMBERS, BODY, CLERK)
    published = services.import_transcript(_transcript("12. Sitzung", "2026-05-04", PUBLISHED, AGENDA))
    draft = services.import_transcript(_transcript(
        "13. Sitzung", "2026-06-01", [("VORSITZ", f"Ich rufe Tagesordnungspunkt 1 auf: {DRAFT}."),
                                      ("BECKER", f"Zum {DRAFT} haben wir noch Fragen.")]))  # fmt: skip
    withdrawn = services.import_transcript(_transcript(
        "11. Sitzung", "2026-04-02", [("VORSITZ", f"Ich rufe Tagesordnungspunkt 1 auf: {WITHDRAWN}."),
                                      ("YILMAZ", f"Der {WITHDRAWN} ist beschlossene Sache.")]))  # fmt: skip
    _publish(services, withdrawn)
    services.withdraw(withdrawn, CLERK)

    # Voice prints, as diarization leaves them with a meeting's speakers (an import has none).
    db = services.db()
    db.execute("UPDATE speakers SET embedding = ?, voice_consistency = ? WHERE meeting_id = ?",
               [json.dumps(PRINT), VOICE_CONSISTENCY, published])  # fmt: skip
    services.set_voice_register(BODY, True, CLERK)
    services.name_speaker(published, "BECKER", "Klaus Becker", None, CLERK)  # registers his print
    db.execute("UPDATE speakers SET name_source = 'voice', voice_score = ? WHERE meeting_id = ? AND label = 'YILMAZ'",
               [VOICE_SCORE, published])  # fmt: skip
    print_bytes = db.execute("SELECT vector FROM voice_prints").fetchone()[0]
    assert print_bytes == np.asarray(PRINT, dtype=np.float32).tobytes()

    start = 5 * 7.0  # the utterance with REDACTED
    assert services.hide_range(published, start, start + 6.0, CLERK) == 1
    _publish(services, published)
    return services, {"published": published, "draft": draft, "withdrawn": withdrawn}, print_bytes


@pytest.fixture(scope="module")
def built(council):
    services, ids, _ = council
    download = refresh_bulk_download(services.db(), services.settings)
    assert download.rebuilt
    return download


def _sqlite_rows(path: Path) -> dict[str, list[dict]]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    names = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = {name: [dict(r) for r in connection.execute(f"SELECT * FROM [{name}]")] for name in names}
    connection.close()
    return rows


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_only_the_public_parts_are_in_every_file(council, built):
    services, ids, print_bytes = council
    files = {suffix: built.path(suffix).read_bytes() for suffix in DOWNLOADS}
    with zipfile.ZipFile(built.path("zip")) as bundle:
        assert sorted(bundle.namelist()) == sorted(["README.txt", DOWNLOADS["sqlite"], DOWNLOADS["jsonl"]])
        files |= {f"zip/{name}": bundle.read(name) for name in bundle.namelist()}
        assert bundle.read(DOWNLOADS["sqlite"]) == files["sqlite"]
        assert bundle.read(DOWNLOADS["jsonl"]) == files["jsonl"]
    forbidden = [NON_PUBLIC_ITEM, NON_PUBLIC_SPEAKER, REDACTED, DRAFT, WITHDRAWN, CLERK, str(VOICE_SCORE),
                 str(VOICE_CONSISTENCY), str(PRINT[7]), str(PRINT[150]), "embedding", "voice_score",
                 "voice_consistency", "name_source", "sha256", "password", "approved_by", "decided_by"]  # fmt: skip
    for name, content in files.items():
        assert print_bytes not in content and print_bytes[:64] not in content, name
        for word in forbidden:
            for encoded in {word.encode(), json.dumps(word, ensure_ascii=True)[1:-1].encode()}:
                assert encoded not in content, (name, word)

    rows = _sqlite_rows(built.path("sqlite"))
    assert set(rows) == {t.name for t in TABLES} | {"metadata"}
    assert {m["id"] for m in rows["meetings"]} == {ids["published"]}
    expected = {text for _, text in PUBLISHED} - HIDDEN_TEXTS
    assert {u["text"] for u in rows["utterances"]} == expected
    assert {(i["number"], i["title"]) for i in rows["agenda_items"]} == {
        ("1", "Radweg an der Emscher"),
        ("2", "Sanierung der Stadtbücherei"),
    }
    counted = next(v for v in rows["votes"] if v["yes"] is not None)
    assert (counted["yes"], counted["no"], counted["abstain"], counted["result"]) == (30, 4, 2, "angenommen")
    assert all(v["agenda_item_id"] in {i["id"] for i in rows["agenda_items"]} for v in rows["votes"])
    # every summary is an approved one of the published meeting, as the reader shows them
    public = archive.public_meeting(services.db(), ids["published"])
    assert rows["summaries"] and {s["text"] for s in rows["summaries"]} == {s.text for s in public.summaries}
    assert all(s.status == "approved" for s in public.summaries)
    assert len(rows["summary_sentences"]) == sum(len(s.sentences) for s in public.summaries) > 0
    speakers = {s["label"]: s for s in rows["speakers"]}
    assert set(speakers) == {"VORSITZ", "BECKER", "YILMAZ"}
    assert speakers["BECKER"]["name"] == "Klaus Becker" and speakers["BECKER"]["faction"] == "SPD"
    assert set(speakers["BECKER"]) == {"id", "meeting_id", "label", "name", "person_id", "faction", "role"}
    # the members list is public council data; a person heard only in the non-public item is not
    assert {"Petra Hoffmann", "Klaus Becker", "Aylin Yilmaz", "Thomas Schulz"} <= {p["name"] for p in rows["persons"]}
    assert {o["short_name"] or o["name"] for o in rows["organizations"]} >= {"SPD", "CDU"}
    assert len(rows["memberships"]) >= 4 and [b["name"] for b in rows["bodies"]] == [BODY]
    assert rows["meetings"][0]["web_url"] == f"https://rat.example.de/protokoll/?meeting={ids['published']}"


def test_licence_and_metadata_come_first_and_both_files_agree(built):
    lines = _jsonl(built.path("jsonl"))
    metadata = lines[0]
    assert metadata["type"] == "metadata" and metadata["license"] == LICENCE_URL
    assert metadata["source"] == "https://rat.example.de/protokoll"
    assert metadata["download_url"] == "https://rat.example.de/protokoll/opendata/protokoll-opendata.zip"
    assert metadata["schema_version"] == 1 and metadata["generated_at"] == built.generated_at
    rows = _sqlite_rows(built.path("sqlite"))
    stored = {r["key"]: r["value"] for r in rows.pop("metadata")}
    assert stored["license"] == LICENCE_URL and stored["generated_at"] == built.generated_at
    with zipfile.ZipFile(built.path("zip")) as bundle:
        assert f"Licence: {LICENCE_URL}" in bundle.read("README.txt").decode()
    kinds = {t.kind: t.name for t in TABLES}
    by_type: dict[str, list[dict]] = {name: [] for name in rows}
    for line in lines[1:]:
        by_type[kinds[line.pop("type")]].append(line)
    assert {name: len(r) for name, r in by_type.items()} == {name: len(r) for name, r in rows.items()}
    assert built.counts == {name: len(r) for name, r in rows.items()}
    # the same rows: lists are JSON arrays in the lines and JSON text in SQLite
    for table in TABLES:
        lists = [c for c, kind in table.columns.items() if kind is list]
        decoded = [{k: json.loads(v) if k in lists and v is not None else v for k, v in row.items()}
                   for row in rows[table.name]]  # fmt: skip
        normal = [{k: int(v) if isinstance(v, bool) else v for k, v in row.items()} for row in by_type[table.name]]
        assert decoded == normal, table.name
    assert any(v["no_groups"] or v["yes_groups"] or v["unanimous"] for v in by_type["votes"])


def test_the_route_serves_the_download_with_caching_headers(council, built):
    services, ids, _ = council
    app = Starlette(routes=bulk_routes(services.settings), middleware=[Middleware(SecurityHeaders)])
    client = TestClient(app)
    url = f"/opendata/{DOWNLOADS['zip']}"
    first = client.get(url)
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/zip"
    assert first.headers["content-disposition"] == 'attachment; filename="protokoll-opendata.zip"'
    assert first.headers["x-content-type-options"] == "nosniff"  # the server's headers stay
    assert first.content == built.path("zip").read_bytes()
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    for conditional in ({"if-none-match": etag}, {"if-none-match": f'W/{etag}, "other"'},
                        {"if-modified-since": modified}):  # fmt: skip
        again = client.get(url, headers=conditional)
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag, conditional
    assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200
    sqlite_file = client.get(f"/opendata/{DOWNLOADS['sqlite']}")
    assert sqlite_file.status_code == 200 and sqlite_file.content == built.path("sqlite").read_bytes()
    jsonl = client.get(f"/opendata/{DOWNLOADS['jsonl']}")
    assert jsonl.headers["content-type"].startswith("application/jsonl")
    assert jsonl.text.startswith('{"type": "metadata"')
    for unknown in ("archive.db", "..%2Farchive.db", ".state.json", "protokoll-opendata.tar"):
        assert client.get(f"/opendata/{unknown}").status_code == 404, unknown

    # A change the download does not show (a draft's text): rebuilt, found equal, the same file and ETag.
    draft_utterance = archive.load_meeting(services.db(), ids["draft"]).utterances[0]
    services.correct(draft_utterance.id, f"{DRAFT}: korrigiert.", CLERK)
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304
    # A public change: a new version, without the withdrawn meeting's words.
    services.withdraw(ids["published"], CLERK)
    changed = client.get(url, headers={"if-none-match": etag})
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    with zipfile.ZipFile(bulk_folder(services.settings) / DOWNLOADS["zip"]) as bundle:
        lines = bundle.read(DOWNLOADS["jsonl"]).decode().splitlines()
    assert not any('"type": "meeting"' in line for line in lines) and "Radweg" not in "".join(lines)
    _publish(services, ids["published"])  # as it was, for the tests after this one
    assert client.get(url).headers["etag"] not in (etag, changed.headers["etag"])


def test_the_command_writes_the_download_and_rebuilds_only_after_a_change(council, tmp_path):
    services, ids, _ = council
    env = {"PROTOKOLL_DATA_DIR": str(services.settings.data_dir), "PROTOKOLL_OPEN_DATA_LICENSE": LICENCE}
    run = ["opendata", "--db", str(services.settings.database), "--out", str(tmp_path / "dump")]
    first = CliRunner().invoke(cli, run, env=env)
    assert first.exit_code == 0, first.output
    assert "written" in first.output and f"licence {LICENCE_URL}" in first.output
    paths = [Path(line) for line in first.stdout.splitlines()]
    assert [p.name for p in paths] == [DOWNLOADS[s] for s in ("zip", "sqlite", "jsonl")]
    assert all(p.is_file() for p in paths)
    assert _jsonl(paths[2])[0]["license"] == LICENCE_URL
    stamp = paths[0].stat().st_mtime_ns
    again = CliRunner().invoke(cli, run, env=env)
    assert again.exit_code == 0 and "up to date" in again.output and paths[0].stat().st_mtime_ns == stamp
    # another licence is another download
    relicensed = CliRunner().invoke(cli, run, env={**env, "PROTOKOLL_OPEN_DATA_LICENSE": "CC0-1.0"})
    assert relicensed.exit_code == 0 and "written" in relicensed.output
    assert _jsonl(paths[2])[0]["license"] == "https://creativecommons.org/publicdomain/zero/1.0/"
    assert not list((tmp_path / "dump").glob(".new-*"))  # no half-written file is left behind
