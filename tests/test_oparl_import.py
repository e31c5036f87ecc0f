"""Importing from an OParl server, against a local server that replays recorded answers (see
tests/fixtures/oparl_replay/SOURCES.md): a 1.0 and a 1.1 system, paginated lists, a vendor that stamps
`modified` with the time of the request, a 404 for an empty date window; and an OParl meeting taken
for a recorded meeting (its agenda, participants and id)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from click.testing import CliRunner

from protokoll import archive
from protokoll.errors import InputError, OParlError, ValidationError
from protokoll.interfaces.cli import cli
from protokoll.services import Services

FIXTURES = Path(__file__).parent / "fixtures" / "oparl_replay"
PLACEHOLDER = "https://oparl.example.org"
FILTERS = ("created_since", "created_until", "modified_since", "modified_until")
BODY_PATH = "/body/0"


def _when(value: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _objects(value):
    """Every OParl object (a dict with id and type) in a JSON value, embedded ones too."""
    if isinstance(value, dict):
        if isinstance(value.get("id"), str) and isinstance(value.get("type"), str):
            yield value
        for inner in value.values():
            yield from _objects(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _objects(inner)


class ReplayServer:
    """Serves a folder of recorded OParl answers on 127.0.0.1, the placeholder host rewritten to its own
    address: each list page at its `links.self`, each object (embedded ones too) at its id. It applies the
    date filters to list pages (keeping them in the links, as the spec asks), and can play two vendor quirks:
    `stamp_now` (every `created`/`modified` is the time of the request) and `empty_window_404` (a filtered
    list left empty is a 404)."""

    def __init__(self, folder: Path, stamp_now: bool = False, empty_window_404: bool = False):
        self.stamp_now, self.empty_window_404 = stamp_now, empty_window_404
        self.requests: list[str] = []
        self.raw: dict[str, tuple[int, str, bytes]] = {}  # key -> (status, content type, body): broken answers
        server = self
        handler = type("Handler", (_Handler,), {"replay": server})
        self.http = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.base = f"http://127.0.0.1:{self.http.server_address[1]}"
        self.files = {p.name: json.loads(p.read_text(encoding="utf-8").replace(PLACEHOLDER, self.base))
                      for p in sorted(folder.glob("*.json"))}  # fmt: skip
        self.answers: dict[str, object] = {}
        for data in self.files.values():
            self.answers[self.key(data["links"]["self"] if "data" in data else data["id"])] = data
        for data in self.files.values():
            for item in _objects(data):
                self.answers.setdefault(self.key(item["id"]), item)
        self.thread = threading.Thread(target=self.http.serve_forever, daemon=True)
        self.thread.start()

    def key(self, url: str) -> str:
        parts = urlsplit(url)
        query = sorted((k, v) for k, v in parse_qsl(parts.query) if k not in FILTERS)
        return parts.path + ("?" + urlencode(query) if query else "")

    def url(self, path: str = "/") -> str:
        return self.base + path

    def change(self, oparl_id: str, **fields) -> None:
        """Change an object wherever the answers hold it (its list page, its container, its own address)."""
        for item in [i for data in self.answers.values() for i in _objects(data) if i["id"] == oparl_id]:
            item.update(fields)

    def close(self) -> None:
        self.http.shutdown()
        self.http.server_close()

    def respond(self, path: str) -> tuple[int, str, bytes]:
        self.requests.append(path)
        key = self.key(path)
        if key in self.raw:
            return self.raw[key]
        if key not in self.answers:
            return 404, "application/json", b'{"error": "not found"}'
        data = copy.deepcopy(self.answers[key])
        if self.stamp_now:
            stamp = dt.datetime.now(dt.UTC).isoformat()  # to the microsecond: each answer is stamped anew
            for item in _objects(data):
                item.update({k: stamp for k in ("created", "modified") if k in item})
        filters = {k: v for k, v in parse_qsl(urlsplit(path).query) if k in FILTERS}
        if filters and isinstance(data, dict) and "data" in data:
            for name, value in filters.items():
                field, since = name.split("_")
                data["data"] = [
                    i
                    for i in data["data"]
                    if i.get(field)
                    and (_when(i[field]) >= _when(value) if since == "since" else _when(i[field]) <= _when(value))
                ]
            data["links"] = {k: f"{v}{'&' if '?' in v else '?'}{urlencode(filters)}" for k, v in data["links"].items()}
            if not data["data"] and self.empty_window_404:
                return 404, "text/html", b"<html><body>Keine Daten</body></html>"
        return 200, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8")


class _Handler(BaseHTTPRequestHandler):
    replay: ReplayServer

    def do_GET(self):  # noqa: N802 (http.server's name)
        status, content_type, body = self.replay.respond(self.path)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def replay():
    servers = []

    def start(version: str, **quirks) -> ReplayServer:
        servers.append(ReplayServer(FIXTURES / f"oparl-{version}", **quirks))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


@pytest.fixture
def services(tmp_path):
    return Services.for_archive(tmp_path / "archive.db")


def _listed(server: ReplayServer, kind: str) -> set[str]:
    """The ids of the objects of a type in the server's list pages, counted from the fixture files alone."""
    return {item["id"] for data in server.files.values() if "data" in data for item in _objects(data["data"])
            if item["type"].rstrip("/").endswith("/" + kind)}  # fmt: skip


def _ids(db, sql: str) -> set[str]:
    return {row[0] for row in db.execute(sql)}


def _dump(db) -> dict[str, list]:
    tables = ("bodies", "persons", "organizations", "memberships", "meetings", "oparl_objects", "oparl_bodies", "audit")
    return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall() for t in tables}


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_an_import_holds_the_meetings_agenda_items_and_persons_the_answers_hold(replay, services, version):
    server = replay(version)
    report = services.import_oparl(server.url("/"))
    db = services.db()
    meetings, items, persons = _listed(server, "Meeting"), _listed(server, "AgendaItem"), _listed(server, "Person")
    assert (len(meetings), len(items), len(persons)) == (2, 5, 3)  # the fixtures as SOURCES.md describes them
    assert _ids(db, "SELECT oparl_id FROM oparl_meetings") == meetings
    assert _ids(db, "SELECT oparl_id FROM oparl_agenda_items") == items
    assert _ids(db, "SELECT oparl_id FROM persons WHERE oparl_id IS NOT NULL") == persons
    counts = report.counts
    assert (counts["Meeting"].new, counts["AgendaItem"].new, counts["Person"].new) == (2, 5, 3)
    # Both pages of the paginated lists were read (1.0: persons; 1.1: persons and meetings).
    assert any("page=2" in path for path in server.requests)
    # The catalogue's meetings are not recordings: no meeting in the archive's list, reader or workspace.
    assert db.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0
    assert archive.list_meetings(db, public_only=False) == []
    # The body, linked to its OParl id, and its members with their factions (1.1: Dr. Lichert's membership is
    # only in the body's membership list, not embedded in his person).
    assert report.bodies == ["Stadt Köln, kreisfreie Stadt"]
    body_id = archive.body_id(db, "Stadt Köln, kreisfreie Stadt")
    assert db.execute("SELECT oparl_id FROM bodies WHERE id = ?", [body_id]).fetchone()[0] == server.url(BODY_PATH)
    factions = {m.name: m.faction for m in archive.members_of(db, body_id, "2014-08-01")}
    assert factions == {"Prof. Dr. Max Mustermann": "SPD", "Anna Becker": "SPD", "Dr. Jens Lichert": "GRÜNE"}
    # Agenda items keep their meeting; the catalogue's views read them in columns.
    rows = db.execute("SELECT number, name, public FROM oparl_agenda_items WHERE meeting = ? ORDER BY oparl_id",
                      [server.url("/meeting/282")]).fetchall()  # fmt: skip
    assert rows[2] == ("3", "Grundstücksangelegenheiten", 0) and len(rows) == 4
    # Contact details of persons are not kept.
    assert "max@mustermann.de" not in json.dumps(_dump(db), default=str)


def test_reimport_asks_for_changes_only_and_duplicates_nothing(replay, services):
    server = replay("1.1")
    services.import_oparl(server.url("/"))
    before = _dump(services.db())
    server.requests.clear()
    report = services.import_oparl(server.url("/"))
    assert all("modified_since=" in p for p in server.requests if "/body/0/" in p)
    assert report.changed == 0 and report.since["Stadt Köln, kreisfreie Stadt"]
    after = _dump(services.db())
    for table in ("bodies", "persons", "organizations", "memberships", "meetings"):
        assert after[table] == before[table], table
    assert len(after["oparl_objects"]) == len(before["oparl_objects"])
    # --full reads everything again: all of it unchanged, nothing new.
    full = services.import_oparl(server.url("/"), full=True)
    assert full.changed == 0 and full.counts["Meeting"].unchanged == 2 and full.counts["AgendaItem"].unchanged == 5
    assert _dump(services.db())["persons"] == before["persons"]


def test_objects_a_vendor_restamps_with_now_are_not_counted_as_changed(replay, services):
    server = replay("1.1", stamp_now=True)
    services.import_oparl(server.url("/"))
    db = services.db()
    db.execute("UPDATE persons SET modified_at = '2000-01-01T00:00:00+00:00'")  # to see whether they are written
    db.conn.commit()
    audits = db.execute("SELECT count(*) FROM audit").fetchone()[0]
    report = services.import_oparl(server.url("/"))
    # The server answered everything again (all of it "modified" just now) ...
    assert report.counts["Meeting"].read == 2 and report.counts["Person"].read == 3
    # ... and none of it counts as changed, nor is the members list written again.
    assert report.changed == 0
    assert {row[0] for row in db.execute("SELECT modified_at FROM persons")} == {"2000-01-01T00:00:00+00:00"}
    assert db.execute("SELECT count(*) FROM audit").fetchone()[0] == audits + 1  # the import's own entry only


def test_a_real_change_is_counted_and_stored(replay, services):
    server = replay("1.1")
    services.import_oparl(server.url("/"))
    now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    deleted = server.url("/agendaitem/3283")
    items = [i for i in server.answers[server.key(server.url("/meeting/282"))]["agendaItem"] if i["id"] != deleted]
    server.change(server.url("/meeting/282"), name="5. Sitzung des Finanzausschusses (verlegt)", modified=now,
                  agendaItem=items)  # fmt: skip
    server.change(server.url("/person/30"), name="Anna Becker-Yilmaz", familyName="Becker-Yilmaz", modified=now)
    listed = server.answers[server.key(server.url("/body/0/agendaItems/"))]["data"]
    listed[:] = [i for i in listed if i["id"] != deleted] + [
        {"id": deleted, "type": "https://schema.oparl.org/1.1/AgendaItem", "deleted": True, "modified": now}
    ]
    report = services.import_oparl(server.url("/"))
    counts = report.counts
    assert (counts["Meeting"].updated, counts["Person"].updated, counts["AgendaItem"].deleted) == (1, 1, 1)
    assert (counts["Meeting"].new, counts["Person"].new, counts["Organization"].updated) == (0, 0, 0)
    db = services.db()
    assert (
        db.execute("SELECT name FROM oparl_meetings WHERE oparl_id = ?", [server.url("/meeting/282")]).fetchone()[0]
        == "5. Sitzung des Finanzausschusses (verlegt)"
    )
    assert deleted not in _ids(db, "SELECT oparl_id FROM oparl_agenda_items")
    body_id = archive.body_id(db, "Stadt Köln, kreisfreie Stadt")
    factions = {m.name: m.faction for m in archive.members_of(db, body_id, "2014-08-01")}
    assert factions["Anna Becker-Yilmaz"] == "SPD" and len(factions) == 3  # renamed, still in her faction


def test_a_404_for_an_empty_date_window_is_an_empty_list(replay, services):
    server = replay("1.1", empty_window_404=True)
    services.import_oparl(server.url("/"))
    before = _dump(services.db())
    report = services.import_oparl(server.url("/"))
    assert report.changed == 0
    assert any("404" in w and "modified_since" in w for w in report.warnings)
    after = _dump(services.db())
    assert {t: v for t, v in after.items() if t not in ("oparl_objects", "oparl_bodies", "audit")} == {
        t: v for t, v in before.items() if t not in ("oparl_objects", "oparl_bodies", "audit")
    }


def test_a_failing_server_leaves_the_archive_as_it_was(replay, services):
    server = replay("1.1")
    services.import_oparl(server.url("/"))
    before = _dump(services.db())
    server.change(server.url("/meeting/281"), name="geändert")
    server.raw[server.key(server.url("/body/0/persons/?page=2"))] = (500, "text/plain", b"Internal Server Error")
    with pytest.raises(OParlError, match="HTTP 500"):
        services.import_oparl(server.url("/"), full=True)
    # A list that is missing without a date filter is an error too, not an empty list.
    del server.raw[server.key(server.url("/body/0/persons/?page=2"))]
    del server.answers[server.key(server.url("/body/0/meetings/"))]
    with pytest.raises(OParlError, match="meetings/ answered HTTP 404"):
        services.import_oparl(server.url("/"), full=True)
    assert _dump(services.db()) == before


def test_a_failure_while_storing_leaves_the_archive_as_it_was(replay, services):
    server = replay("1.0")
    db = services.db()
    # The disk fills up as the members lists are written, after the catalogue was.
    db.execute("CREATE TRIGGER full_disk BEFORE INSERT ON memberships BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    before = _dump(db)
    with pytest.raises(sqlite3.DatabaseError, match="disk full"):
        services.import_oparl(server.url("/"))
    assert _dump(db) == before and before["oparl_objects"] == [] and before["bodies"] == []
    db.execute("DROP TRIGGER full_disk")
    assert services.import_oparl(server.url("/")).counts["Meeting"].new == 2


def test_unreachable_servers_and_answers_that_are_not_oparl_are_clear_errors(replay, services, tmp_path):
    server = replay("1.0")
    closed = ReplayServer(FIXTURES / "oparl-1.0")
    closed.close()
    with pytest.raises(OParlError, match="cannot reach the OParl server"):
        services.import_oparl(closed.url("/"))
    server.raw["/"] = (200, "text/html", b"<!doctype html><title>Ratsinformationssystem</title>")
    with pytest.raises(OParlError, match=r"did not answer JSON \(text/html\)"):
        services.import_oparl(server.url("/"))
    with pytest.raises(OParlError, match="is an OParl Person, not System or Body"):
        services.import_oparl(server.url("/person/29"))
    with pytest.raises(ValidationError, match="not an http"):
        services.import_oparl("ftp://oparl.example.org/")
    result = CliRunner().invoke(cli, ["oparl-import", closed.url("/"), "--db", str(tmp_path / "cli.db")])
    assert result.exit_code == 1 and result.output.startswith("Error: cannot reach the OParl server")
    assert services.db().execute("SELECT count(*) FROM oparl_objects").fetchone()[0] == 0


def test_a_body_is_chosen_by_name_and_imported_under_the_name_given(replay, services):
    server = replay("1.0")
    bodies = server.answers["/bodies"]["data"]
    bodies.append({**bodies[0], "id": server.url("/body/1"), "name": "Stadt Bonn", "shortName": "Bonn",
                   "organization": server.url("/nowhere"), "person": server.url("/nowhere"),
                   "meeting": server.url("/nowhere")})  # fmt: skip
    with pytest.raises(InputError, match="has 2 bodies and none is named 'Rat'.*Stadt Bonn"):
        services.import_oparl(server.url("/"), body="Rat")
    report = services.import_oparl(server.url("/"), body="köln")
    assert report.bodies == ["köln"] and "/nowhere" not in server.requests
    # A body (given by its URL) of one system imported under the archive's name for it.
    report = services.import_oparl(server.url(BODY_PATH), body="Rat der Stadt Köln")
    assert report.bodies == ["Rat der Stadt Köln"]
    db = services.db()
    assert archive.body_name_by_oparl_id(db, server.url(BODY_PATH)) == "Rat der Stadt Köln"
    # The catalogue is one, whatever the body is called; the members lists go to the body named now.
    assert report.changed == 0 and db.execute("SELECT count(*) FROM oparl_meetings").fetchone()[0] == 2
    assert len(archive.members_of(db, archive.body_id(db, "Rat der Stadt Köln"))) == 3


def test_the_command_line_imports_and_reports(replay, tmp_path):
    server = replay("1.0")
    database = str(tmp_path / "cli.db")
    first = CliRunner().invoke(cli, ["oparl-import", server.url("/"), "--db", database, "--clerk", "kaya"])
    assert first.exit_code == 0, first.output
    assert "Stadt Köln, kreisfreie Stadt: read in full" in first.output
    assert "meetings: 2 new, 0 changed, 0 unchanged, 0 deleted" in first.output
    assert "agenda items: 5 new" in first.output and "persons: 3 new" in first.output
    again = CliRunner().invoke(cli, ["oparl-import", server.url("/"), "--db", database])
    assert again.exit_code == 0 and "changes since" in again.output and "meetings: 0 new, 0 changed" in again.output
    actors = {row[0] for row in Services.for_archive(database).db().execute("SELECT actor FROM audit")}
    assert "kaya" in actors


def test_an_oparl_meeting_gives_an_ingest_its_facts_agenda_and_participants(replay, services):
    server = replay("1.0")
    services.import_oparl(server.url("/"), body="Rat der Stadt Köln")
    server.requests.clear()
    meeting = services.oparl_meeting(server.url("/meeting/282"))
    assert (meeting.oparl_id, meeting.title, meeting.date, meeting.start) == (
        server.url("/meeting/282"),
        "5. Sitzung des Finanzausschusses",
        "2013-02-01",
        "2013-02-01T17:00:00+01:00",
    )
    location = server.answers["/location/223"]  # 1.0: the meeting names its location by URL
    assert meeting.place == location["description"]
    assert (meeting.body, meeting.body_oparl_id) == ("Rat der Stadt Köln", server.url(BODY_PATH))
    assert [(e.number, e.title, e.public) for e in meeting.agenda] == [
        ("1", "Eröffnung und Feststellung der Beschlussfähigkeit", True),
        ("2", "Haushaltssatzung 2014", True),
        ("3", "Grundstücksangelegenheiten", False),
        ("1 (2)", "Vertragsangelegenheiten", False),
    ]
    assert [e.oparl_id for e in meeting.agenda] == [server.url(f"/agendaitem/{n}") for n in (3280, 3281, 3282, 3283)]
    assert [p.name for p in meeting.participants] == [
        "Prof. Dr. Max Mustermann",
        "Anna Becker",
        "Dr. Jens Lichert",
        "Petra Hoffmann",
    ]
    # Persons the archive knows are not asked for again; the one it does not know is.
    assert "/person/99" in server.requests and "/person/29" not in server.requests
    with pytest.raises(OParlError, match="is an OParl Person, not Meeting"):
        services.oparl_meeting(server.url("/person/29"))


def test_a_transcript_imported_for_an_oparl_meeting_is_linked_to_it(replay, tmp_path, text_embedder):
    """The CLI's import-transcript --oparl-meeting (the same use case as ingest --oparl-meeting, without models)."""
    server = replay("1.1")
    database = tmp_path / "archive.db"
    services = Services.for_archive(database, embedder=text_embedder)
    services.import_oparl(server.url("/"))
    transcript = tmp_path / "sitzung.json"
    transcript.write_text(json.dumps({"title": "Finanzausschuss", "utterances": [
        {"speaker": "VORSITZ", "text": "Ich eröffne die Sitzung. Wir kommen zu Tagesordnungspunkt 2, "
                                       "Haushaltssatzung 2014. Frau Hoffmann hat das Wort."},
        {"speaker": "GAST", "text": "Vielen Dank. Die Verwaltung legt den Entwurf der Haushaltssatzung vor, das "
                                    "Defizit sinkt um zwei Millionen Euro."},
        {"speaker": "VORSITZ", "text": "Vielen Dank. Gibt es Wortmeldungen? Das ist nicht der Fall."},
    ]}, ensure_ascii=False), encoding="utf-8")  # fmt: skip
    result = CliRunner().invoke(cli, ["import-transcript", str(transcript), "--db", str(database),
                                      "--oparl-meeting", server.url("/meeting/282")])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "expected participants: Prof. Dr. Max Mustermann, Anna Becker, Dr. Jens Lichert, Petra Hoffmann" in (
        result.output
    )
    meeting_id = int(result.stdout.strip().splitlines()[-1])
    db = services.db()
    row = db.execute("SELECT m.oparl_id, m.starts_at, m.date, b.name, m.title FROM meetings m JOIN bodies b "
                     "ON b.id = m.body_id WHERE m.id = ?", [meeting_id]).fetchone()  # fmt: skip
    assert row == (server.url("/meeting/282"), "2013-02-01T17:00:00+01:00", "2013-02-01",
                   "Stadt Köln, kreisfreie Stadt", "Finanzausschuss")  # fmt: skip
    stored = archive.load_meeting(db, meeting_id)
    assert [i.oparl_id for i in stored.agenda_items if i.source == "agenda"] == [
        server.url(f"/agendaitem/{n}") for n in (3280, 3281, 3282, 3283)
    ]
    assert next(i for i in stored.agenda_items if i.number == "2").start is not None  # the chair's cue found it
    assert [p["name"] for p in archive.meeting_participants(db, meeting_id)] == [
        "Anna Becker",
        "Dr. Jens Lichert",
        "Petra Hoffmann",
        "Prof. Dr. Max Mustermann",
    ]
    # The catalogue's meeting knows its recording now.
    assert db.execute("SELECT meeting_id FROM oparl_meetings WHERE oparl_id = ?",
                      [server.url("/meeting/282")]).fetchone()[0] == meeting_id  # fmt: skip
    # Petra Hoffmann is no member of the body, but an expected participant: the chair's words name her.
    found = {(g.label, g.name) for g in archive.suggestions(db, meeting_id, open_only=True)}
    assert ("GAST", "Petra Hoffmann") in found


def test_ingest_takes_the_oparl_meeting_before_any_model_loads(tmp_path):
    sample = Path(__file__).resolve().parent.parent / "samples" / "sample_session.flac"
    closed = ReplayServer(FIXTURES / "oparl-1.0")
    closed.close()
    result = CliRunner().invoke(cli, ["ingest", str(sample), "--db", str(tmp_path / "a.db"),
                                      "--oparl-meeting", closed.url("/meeting/282")])  # fmt: skip
    assert result.exit_code == 1 and result.output.startswith("Error: cannot reach the OParl server")
