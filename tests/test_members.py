"""A body's members: CSV and OParl import, dated factions, and the `members` commands."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from protokoll.archive import body_id, import_directory, members_of, open_database
from protokoll.errors import InputError
from protokoll.interfaces.cli import cli
from protokoll.speakers.directory import parse_csv, parse_oparl, read_directory, split_name

DATA = Path(__file__).parent / "data" / "members"
BODY = "Rat der Stadt Emscherhausen"


@pytest.fixture
def db(tmp_path):
    return open_database(tmp_path / "archive.db")


def test_split_name_keeps_titles_apart():
    assert split_name("Prof. Dr. Max Mustermann") == ("Prof. Dr.", "Max", "Mustermann")
    assert split_name("Aylin Yilmaz") == (None, "Aylin", "Yilmaz")
    assert split_name("Schulz") == (None, None, "Schulz")


def test_csv_gives_one_person_per_name_and_a_membership_per_row():
    directory = read_directory(DATA / "emscherhausen.csv")
    assert [p.name for p in directory.persons].count("Thomas Schulz") == 1
    assert len(directory.memberships) == 8
    becker = next(p for p in directory.persons if p.name == "Dr. Maria Becker")
    assert (becker.title, becker.given_name, becker.family_name, becker.form_of_address) == (
        "Dr.", "Maria", "Becker", "Frau",
    )  # fmt: skip
    assert {o.name for o in directory.organizations} == {"SPD", "Bündnis 90/Die Grünen", "CDU", "FDP", "Die Linke"}


def test_oparl_list_page_with_embedded_and_untyped_memberships():
    directory = read_directory(DATA / "oparl-persons.json")
    mustermann = next(p for p in directory.persons if p.family_name == "Mustermann")
    # gender decides the form of address; "Ratsfrau" is an office in the specification's example
    assert mustermann.form_of_address == "Herr"
    assert mustermann.title == "Prof. Dr."
    kinds = {o.name: o.kind for o in directory.organizations}
    assert kinds == {"SPD-Fraktion im Rat": "faction", "Ausschuss für Haushalt und Finanzen": "committee"}
    by_person = {m.person_key: m for m in directory.memberships}
    assert by_person["https://oparl.example.org/person/29"].role == "Vorsitzender"
    assert by_person["https://oparl.example.org/person/284"].end_date.startswith("2014-07-28")


def test_a_single_oparl_person_object_is_read():
    directory = parse_oparl(
        {"id": "p1", "type": "https://schema.oparl.org/1.0/Person", "givenName": "Anna", "familyName": "Kaya"}
    )
    assert [p.name for p in directory.persons] == ["Anna Kaya"]


@pytest.mark.parametrize(
    "text, message",
    [
        ("vorname;nachname\nAnna;Kaya\n", "'name' column"),
        ("name;faction\n;SPD\n", "line 2: the name is empty"),
        ("name;start_date\nAnna Kaya;1.5.2020\n", "not a date"),
    ],
)
def test_malformed_csv_is_refused_with_the_line(text, message):
    with pytest.raises(InputError, match=message):
        parse_csv(text)


def test_malformed_oparl_is_refused(tmp_path):
    broken = tmp_path / "persons.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError, match="not valid JSON"):
        read_directory(broken)
    with pytest.raises(InputError, match="no OParl Person"):
        parse_oparl({"data": [{"id": "x", "type": "https://schema.oparl.org/1.1/Meeting"}]})
    with pytest.raises(InputError, match="names no person"):
        parse_oparl([{"id": "m1", "type": "https://schema.oparl.org/1.1/Membership", "organization": "o"}])
    with pytest.raises(InputError, match=r"\.csv or OParl \.json"):
        read_directory(DATA / "SOURCES.md")


def test_members_on_a_date_come_first_with_the_faction_held_then(db):
    import_directory(db, BODY, read_directory(DATA / "emscherhausen.csv"), "test")
    body = body_id(db, BODY)
    in_2022 = {m.name: m for m in members_of(db, body, "2022-03-01")}
    assert in_2022["Thomas Schulz"].faction == "CDU" and in_2022["Thomas Schulz"].current
    assert not in_2022["Dr. Maria Becker"].current and in_2022["Dr. Maria Becker"].faction == "CDU"
    assert [m.current for m in members_of(db, body, "2022-03-01")][-2:] == [False, False]
    in_2024 = {m.name: m for m in members_of(db, body, "2024-03-01")}
    assert in_2024["Thomas Schulz"].faction == "FDP"
    # search filters on the person's latest faction
    assert db.execute("SELECT faction FROM persons WHERE name = 'Thomas Schulz'").fetchone()[0] == "FDP"


def test_importing_again_updates_and_does_not_duplicate(db):
    for _ in range(2):
        counts = import_directory(db, BODY, read_directory(DATA / "emscherhausen.csv"), "test")
    assert counts == {"persons": 7, "organizations": 5, "memberships": 8}
    assert db.execute("SELECT count(*) FROM persons").fetchone()[0] == 7
    assert db.execute("SELECT count(*) FROM memberships").fetchone()[0] == 8
    audit = db.execute("SELECT count(*) FROM audit WHERE action = 'import_members'").fetchone()[0]
    assert audit == 2


def test_oparl_persons_are_found_again_by_their_id(db):
    import_directory(db, BODY, read_directory(DATA / "oparl-persons.json"), "test")
    renamed = json.loads((DATA / "oparl-persons.json").read_text(encoding="utf-8"))
    renamed["data"][3]["name"] = "Erika Muster-Frau"
    import_directory(db, BODY, parse_oparl(renamed), "test")
    names = [row[0] for row in db.execute("SELECT name FROM persons ORDER BY id")]
    assert names == ["Prof. Dr. Max Mustermann", "Erika Muster-Frau"]


def test_cli_imports_and_lists_members(tmp_path):
    runner = CliRunner()
    archive = str(tmp_path / "cli.db")
    result = runner.invoke(
        cli, ["members", "import", str(DATA / "emscherhausen.csv"), "--body", BODY, "--db", archive, "--clerk", "t"]
    )
    assert result.exit_code == 0, result.output
    assert "7 persons" in result.output
    listed = runner.invoke(cli, ["members", "list", BODY, "--date", "2024-01-01", "--db", archive])
    assert listed.exit_code == 0, listed.output
    lines = listed.output.splitlines()
    assert any("Thomas Schulz\tFDP" in line for line in lines)
    assert lines[-1].endswith("(nicht Mitglied an diesem Tag)")
    unknown = runner.invoke(cli, ["members", "list", "Rat der Stadt Nirgendwo", "--db", archive])
    assert unknown.exit_code != 0 and "no body named" in unknown.output
    missing = runner.invoke(cli, ["members", "import", str(tmp_path / "none.csv"), "--body", BODY, "--db", archive])
    assert missing.exit_code != 0 and "does not exist" in missing.output


def test_a_speaker_shows_the_faction_held_on_the_meeting_date(tmp_path, text_embedder, sample_reference):
    from protokoll.archive import load_meeting
    from protokoll.services import Services

    services = Services.for_archive(tmp_path / "factions.db", embedder=text_embedder)
    services.import_members(DATA / "emscherhausen.csv", BODY, "clerk")
    factions = {}
    for date in ("2022-03-01", "2024-03-01"):
        meeting_id = services.import_transcript({**sample_reference, "date": date})
        speakers = {s.name: s.faction for s in load_meeting(services.db(), meeting_id).speakers}
        factions[date] = speakers["Thomas Schulz"]
    assert factions == {"2022-03-01": "CDU", "2024-03-01": "FDP"}


def test_the_clerks_member_table_adds_removes_and_corrects_members(tmp_path, text_embedder, sample_reference):
    from protokoll.archive import body_memberships, load_meeting
    from protokoll.services import Services

    services = Services.for_archive(tmp_path / "table.db", embedder=text_embedder)
    services.import_members(DATA / "emscherhausen.csv", BODY, "clerk")
    meeting_id = services.import_transcript({**sample_reference, "date": "2024-03-01"})
    table = body_memberships(services.db(), BODY)
    assert len(table) == 8 and {"person_id", "name", "faction", "role", "start_date", "end_date"} <= set(table[0])
    yilmaz = next(row for row in table if row["name"] == "Aylin Yilmaz")

    edited = [row for row in table if row["name"] != "Heinz Wolf"]  # an emptied row: he leaves the body
    edited = [{**row, "name": "Aylin Yılmaz"} if row is yilmaz else row for row in edited]
    edited.append({"person_id": "", "name": "Sandra Kühn", "faction": "SPD", "role": "", "start_date": "2024-01-01"})
    bad = [*edited, {"name": "Ole Brandt", "faction": "FDP", "start_date": "2024-13-01"}]
    before = body_memberships(services.db(), BODY)
    with pytest.raises(InputError, match="start_date"):
        services.save_members(BODY, bad, "kaya")
    assert body_memberships(services.db(), BODY) == before  # nothing of a refused table is stored

    counts = services.save_members(BODY, edited, "kaya")
    assert counts["memberships"] == 8
    db = services.db()
    members = {m.name: m for m in members_of(db, body_id(db, BODY), "2024-03-01")}
    assert "Heinz Wolf" not in members and members["Sandra Kühn"].faction == "SPD"
    assert members["Aylin Yılmaz"].person_id == yilmaz["person_id"]  # the same person, name corrected
    assert members["Thomas Schulz"].faction == "FDP"  # untouched rows keep their dated factions
    names = {s.name for s in load_meeting(db, meeting_id).speakers}
    assert "Aylin Yılmaz" in names and "Aylin Yilmaz" not in names  # speakers named after her follow


def test_an_empty_member_table_is_refused(tmp_path):
    from protokoll.services import Services

    services = Services.for_archive(tmp_path / "empty.db")
    with pytest.raises(InputError, match="empty"):
        services.save_members(BODY, [{"name": " ", "faction": ""}], "kaya")
