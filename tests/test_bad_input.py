"""Bad input, from an attacker's review (issue 14): every case gives one clear line and leaves the archive as it was.

One small archive is built once (an imported transcript, no speech models). Each case runs a command
or calls the Python API with something wrong, and checks the error's class or exit code, its one-line
message, and that a dump of the database and the list of files in the data folder are unchanged.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import av
import numpy as np
import pytest
from click.testing import CliRunner

from protokoll import archive
from protokoll.archive.search import SearchFilters, more_like_this, search
from protokoll.checks import check_date
from protokoll.domain import MeetingInfo
from protokoll.errors import (
    AgendaError,
    InputError,
    NotFoundError,
    ProtokollError,
    UnknownMeetingError,
    UnknownUtteranceError,
    UnknownVoteError,
    ValidationError,
)
from protokoll.interfaces.cli import cli
from protokoll.interfaces.web.pages import search_html
from protokoll.minutes.agenda import MAX_AGENDA_ITEMS, AgendaEntry, parse_agenda
from protokoll.services import Services
from protokoll.speakers.directory import parse_csv, parse_oparl
from protokoll.speech.audio import SAMPLE_RATE, load_recording
from protokoll.speech.transcript_import import MAX_TRANSCRIPT_CHARS, MAX_UTTERANCES, parse_transcript

CORPUS_WAV = Path(__file__).parent / "data" / "corpus" / "voxforge-de" / "de11-034.wav"
HUGE = 10**30  # past SQLite's 2^63 - 1: sqlite3 used to answer with an OverflowError
NOT_UTF8 = os.fsdecode(b"sitzung-\xff.wav")  # how Python hands over a Linux file name that is not UTF-8

TRANSCRIPT = {
    "title": "Sitzung des Rates",
    "date": "2026-03-05",
    "body": "Rat der Stadt Testhausen",
    "speakers": {
        "BM": {"name": "Anna Berg", "role": "Bürgermeisterin"},
        "S": {"name": "Karl Ost", "faction": "SPD"},
    },
    "agenda": [{"number": 1, "title": "Radweg an der Hauptstraße"}],
    "utterances": [
        {"speaker": "BM", "text": "Ich rufe Tagesordnungspunkt 1 auf, den Radweg an der Hauptstraße."},
        {"speaker": "S", "text": "Die SPD unterstützt den Radweg, er macht den Schulweg sicherer."},
        {"speaker": "BM", "text": "Ich lasse abstimmen. Der Antrag ist einstimmig angenommen."},
    ],
}


@dataclass
class Archive:
    """The module's archive and what the cases refer to."""

    db_path: Path
    folder: Path  # the data folder (public files), and where the cases write their bad files
    services: Services
    meeting: int
    utterance: int
    vote: int

    def env(self) -> dict[str, str]:
        return {"PROTOKOLL_DATA_DIR": str(self.folder), "PROTOKOLL_CONFIG": ""}

    def file(self, name: str, content: str | bytes) -> str:
        path = self.folder / "inputs" / name
        path.parent.mkdir(exist_ok=True)
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return str(path)

    def transcript(self, name: str, **changes) -> str:
        """A transcript file: the module's transcript with some keys changed (None removes one)."""
        data = {k: v for k, v in {**TRANSCRIPT, **changes}.items() if v is not None}
        return self.file(name, json.dumps(data, ensure_ascii=False))

    def utterances(self, name: str, *utterances: dict) -> str:
        return self.transcript(name, utterances=list(utterances))

    def recording(self, name: str = "sitzung.wav") -> str:
        path = self.folder / "inputs" / name
        path.parent.mkdir(exist_ok=True)
        shutil.copyfile(CORPUS_WAV, path)
        return str(path)

    def snapshot(self) -> tuple[str, list[tuple[str, int]]]:
        """The database as SQL and the data folder's files (without the cases' inputs)."""
        with sqlite3.connect(self.db_path) as connection:
            dump = "\n".join(connection.iterdump())
        files = sorted(
            (str(p.relative_to(self.folder)), p.stat().st_size)
            for p in self.folder.rglob("*")
            if p.is_file() and "inputs" not in p.parts and not p.name.startswith("archive.db")
        )
        return dump, files


@pytest.fixture(scope="module")
def built(tmp_path_factory, text_embedder) -> Archive:
    folder = tmp_path_factory.mktemp("bad-input")
    db_path = folder / "archive.db"
    source = folder / "transcript.json"
    source.write_text(json.dumps(TRANSCRIPT, ensure_ascii=False), encoding="utf-8")
    env = {"PROTOKOLL_DATA_DIR": str(folder), "PROTOKOLL_CONFIG": ""}
    result = CliRunner().invoke(cli, ["import-transcript", str(source), "--db", str(db_path)], env=env)
    assert result.exit_code == 0, result.output
    meeting = int(result.output.strip().splitlines()[-1])
    source.unlink()
    stored = archive.load_meeting(archive.open_database(db_path), meeting)
    assert stored.votes, "the transcript's vote was not found: the decide cases need one"
    services = Services.for_archive(db_path, embedder=text_embedder)
    return Archive(db_path, folder, services, meeting, stored.utterances[0].id, stored.votes[0].id)


# --- the command line ------------------------------------------------------------------------------


def _agenda_text(items: int) -> str:
    return "\n".join(f"TOP {number} Punkt {number}" for number in range(1, items + 1))


# (id, arguments as a function of the archive, exit code, what the error line says)
CLI_CASES = [
    # Recordings.
    ("ingest-name-not-utf8", lambda a: ["ingest", a.recording(NOT_UTF8)], 2, "is not valid UTF-8"),
    ("ingest-unknown-language", lambda a: ["ingest", a.recording(), "--language", "xx"], 2,
     "--language 'xx' is not a language code; use 'auto' or one of: af, am"),
    ("ingest-language-empty", lambda a: ["ingest", a.recording(), "--language", ""], 2, "is not a language code"),
    ("ingest-directory", lambda a: ["ingest", a.folder], 2, "not a file"),
    ("ingest-empty-file", lambda a: ["ingest", a.file("leer.wav", b"")], 2, "the file is empty"),
    # Fixed noise: some random bytes happen to probe as a subtitle stream ("no audio track"), a different message.
    ("ingest-binary-garbage", lambda a: ["ingest", a.file("rauschen.wav", random.Random(1).randbytes(4000))], 2,
     "not an audio or video file"),
    ("ingest-missing-file", lambda a: ["ingest", a.folder / "fehlt.wav"], 2, "no such file"),
    ("ingest-date-impossible", lambda a: ["ingest", a.recording(), "--date", "2026-13-45"], 2, "YYYY-MM-DD"),
    ("ingest-date-compact-iso", lambda a: ["ingest", a.recording(), "--date", "20261231"], 2,
     "--date '20261231' is not a date of the form YYYY-MM-DD"),
    ("ingest-min-speakers-zero", lambda a: ["ingest", a.recording(), "--min-speakers", "0"], 2,
     "Invalid value for '--min-speakers'"),
    ("ingest-min-over-max", lambda a: ["ingest", a.recording(), "--min-speakers", "3", "--max-speakers", "2"], 2,
     "--min-speakers is larger than --max-speakers"),
    ("ingest-agenda-binary", lambda a: ["ingest", a.recording(), "--agenda", a.file("to.txt", b"\xff\xfe\x00" * 50)],
     2, "cannot read agenda"),
    ("ingest-agenda-10000-items", lambda a: ["ingest", a.recording(), "--agenda",
     a.file("to.txt", _agenda_text(10_000))], 2, f"has 10,000 items; at most {MAX_AGENDA_ITEMS} are allowed"),
    # Transcripts.
    ("transcript-start-text", lambda a: ["import-transcript", a.utterances("t.json", {"speaker": "BM", "text": "Hallo",
     "start": "abc"})], 2, "utterance 0: 'start' must be a number of seconds, not 'abc'"),
    ("transcript-speakers-not-object", lambda a: ["import-transcript", a.transcript("t.json", speakers="notadict")], 2,
     "'speakers' must be an object"),
    ("transcript-speaker-entry-not-object", lambda a: ["import-transcript", a.transcript("t.json", speakers={"BM": 5})],
     2, "speakers['BM'] must be an object"),
    ("transcript-no-utterances", lambda a: ["import-transcript", a.transcript("t.json", utterances=[])], 2,
     "'utterances' is empty"),
    ("transcript-title-list", lambda a: ["import-transcript", a.transcript("t.json", title=["Rat"])], 2,
     "'title' must be text, not list"),
    ("transcript-title-missing", lambda a: ["import-transcript", a.transcript("t.json", title="")], 2,
     "expected an object with 'title'"),
    ("transcript-date-number", lambda a: ["import-transcript", a.transcript("t.json", date=20260305)], 2,
     "'date' 20260305 is not a date"),
    ("transcript-date-impossible", lambda a: ["import-transcript", a.transcript("t.json", date="2026-02-30")], 2,
     "'date' '2026-02-30' is not a date"),
    ("transcript-language-unknown", lambda a: ["import-transcript", a.transcript("t.json", language="xx")], 2,
     "'language' 'xx' is not a language code"),
    ("transcript-public-text", lambda a: ["import-transcript", a.transcript("t.json", public="nein")], 2,
     "'public' must be true or false"),
    ("transcript-agenda-number", lambda a: ["import-transcript", a.transcript("t.json", agenda=5)], 2,
     "'agenda' must be text, a list of items or an OParl Meeting"),
    ("transcript-agenda-10000-items", lambda a: ["import-transcript", a.transcript("t.json", agenda=[
     f"Punkt {n}" for n in range(10_000)])], 2, f"at most {MAX_AGENDA_ITEMS} are allowed"),
    ("transcript-agenda-number-object", lambda a: ["import-transcript", a.transcript("t.json", agenda=[
     {"number": {"a": 1}, "title": "Radweg"}])], 2, "is neither text nor a number"),
    ("transcript-negative-start", lambda a: ["import-transcript", a.utterances("t.json", {"speaker": "BM",
     "text": "Hallo", "start": -5})], 2, "'start' -5 s is outside 0 to 24 hours"),
    ("transcript-huge-start", lambda a: ["import-transcript", a.utterances("t.json", {"speaker": "BM",
     "text": "Hallo", "start": 1e30})], 2, "'start' 1e+30 s is outside"),
    ("transcript-end-before-start", lambda a: ["import-transcript", a.utterances("t.json", {"speaker": "BM",
     "text": "Hallo", "start": 5, "end": 1})], 2, "'end' 1 s is before 'start' 5 s"),
    ("transcript-text-list", lambda a: ["import-transcript", a.utterances("t.json", {"speaker": "BM",
     "text": ["Hallo"]})], 2, "'text' must be text, not list"),
    ("transcript-speaker-missing", lambda a: ["import-transcript", a.utterances("t.json", {"text": "Hallo"})], 2,
     "utterance 0 needs 'speaker' and 'text'"),
    ("transcript-text-nul", lambda a: ["import-transcript", a.utterances("t.json", {"speaker": "BM",
     "text": "Hal\x00lo"})], 2, "contains a control character (U+0000)"),
    ("transcript-too-many-utterances", lambda a: ["import-transcript", a.utterances("t.json", *[{"speaker": "BM",
     "text": "Ja."}] * (MAX_UTTERANCES + 1))], 2, f"at most {MAX_UTTERANCES:,} are allowed"),
    ("transcript-too-much-text", lambda a: ["import-transcript", a.utterances("t.json", {"speaker": "BM",
     "text": "Wort " * (MAX_TRANSCRIPT_CHARS // 5 + 1)})], 2, f"longer than {MAX_TRANSCRIPT_CHARS:,} characters"),
    ("transcript-binary-garbage", lambda a: ["import-transcript", a.file("t.json", b"\x89PNG\r\n\x1a\n" + bytes(200))],
     2, "cannot read transcript"),
    ("transcript-nested-too-deep", lambda a: ["import-transcript", a.file("t.json", "[" * 100_000)], 2,
     "cannot read transcript"),
    ("transcript-top-level-list", lambda a: ["import-transcript", a.file("t.json", "[1, 2]")], 2,
     "expected an object with 'title' and a list of 'utterances'"),
    ("transcript-empty-file", lambda a: ["import-transcript", a.file("t.json", "")], 2, "cannot read transcript"),
    ("transcript-directory", lambda a: ["import-transcript", a.folder], 2, "is a directory"),
    # Search and statistics.
    ("search-nul", lambda a: ["search", "Rad\x00weg", "--mode", "keyword"], 2,
     "the search query contains a control character (U+0000)"),
    ("search-bell", lambda a: ["search", "Radweg\x07", "--mode", "keyword"], 2, "control character (U+0007)"),
    ("search-not-utf8", lambda a: ["search", os.fsdecode(b"Rad\xffweg"), "--mode", "keyword"], 2,
     "the search query contains bytes that are not UTF-8"),
    ("search-speaker-nul", lambda a: ["search", "Radweg", "--mode", "keyword", "--speaker", "Berg\x00"], 2,
     "the speaker filter contains a control character"),
    ("search-from-impossible", lambda a: ["search", "Radweg", "--mode", "keyword", "--from", "2026-13-45"], 2,
     "--from '2026-13-45' is not a date"),
    ("search-to-before-from", lambda a: ["search", "Radweg", "--mode", "keyword", "--from", "2026-05-01", "--to",
     "2026-01-01"], 2, "--to 2026-01-01 is before --from 2026-05-01"),
    ("search-limit-zero", lambda a: ["search", "Radweg", "--mode", "keyword", "--limit", "0"], 2,
     "Invalid value for '--limit'"),
    ("search-item-huge", lambda a: ["search", "Radweg", "--mode", "keyword", "--item", HUGE], 2,
     "Invalid value for '--item'"),
    ("search-too-long", lambda a: ["search", "Rad " * 200, "--mode", "keyword"], 2, "longer than 500 characters"),
    ("stats-from-impossible", lambda a: ["stats", "--body", "Rat", "--from", "2026-00-10"], 2,
     "--from '2026-00-10' is not a date"),
    ("stats-to-before-from", lambda a: ["stats", "--body", "Rat", "--from", "2026-05-01", "--to", "2025-05-01"], 2,
     "is before --from"),
    # Ids.
    ("export-huge-id", lambda a: ["export", HUGE], 2, f"there is no meeting with id {HUGE}"),
    ("correct-huge-id", lambda a: ["correct", HUGE, "Text"], 2, f"there is no utterance with id {HUGE}"),
    ("similar-huge-id", lambda a: ["similar", HUGE], 2, f"there is no utterance with id {HUGE}"),
    ("votes-zero-id", lambda a: ["votes", "0"], 2, "there is no meeting with id 0"),
    ("correct-unknown-id", lambda a: ["correct", 999_999, "Text"], 2, "there is no utterance with id 999999"),
    ("speakers-unknown-id", lambda a: ["speakers", 999_999], 2, "there is no meeting with id 999999"),
    ("similar-unknown-id", lambda a: ["similar", 999_999], 2, "there is no utterance with id 999999"),
    ("suggestions-unknown-id", lambda a: ["suggestions", 999_999], 2, "there is no meeting with id 999999"),
    ("confirm-unknown-id", lambda a: ["confirm", 999_999], 2, "there is no name suggestion with id 999999"),
    ("reject-unknown-id", lambda a: ["reject", 999_999], 2, "there is no name suggestion with id 999999"),
    ("voices-delete-unknown-id", lambda a: ["voices", "delete", 999_999], 2, "there is no person with id 999999"),
    ("merge-unknown-id", lambda a: ["merge", 999_999, "BM", "S"], 2, "there is no meeting with id 999999"),
    ("hide-unknown-id", lambda a: ["hide", 999_999, "0", "1"], 2, "there is no meeting with id 999999"),
    ("votes-unknown-id", lambda a: ["votes", 999_999], 2, "there is no meeting with id 999999"),
    ("decide-unknown-id", lambda a: ["decide", 999_999, "angenommen"], 2, "there is no vote with id 999999"),
    ("translate-unknown-id", lambda a: ["translate", 999_999], 2, "there is no meeting with id 999999"),
    ("summarize-unknown-id", lambda a: ["summarize", 999_999], 2, "there is no meeting with id 999999"),
    ("approve-unknown-id", lambda a: ["approve", 999_999, "--clerk", "kaya"], 2, "there is no meeting with id 999999"),
    ("publish-unknown-id", lambda a: ["publish", 999_999], 2, "there is no meeting with id 999999"),
    ("withdraw-unknown-id", lambda a: ["withdraw", 999_999], 2, "there is no meeting with id 999999"),
    ("stats-unknown-id", lambda a: ["stats", 999_999], 2, "there is no meeting with id 999999"),
    # A clerk's changes.
    ("correct-nul", lambda a: ["correct", a.utterance, "Rad\x00weg"], 2, "the corrected text contains a control"),
    ("correct-too-long", lambda a: ["correct", a.utterance, "x" * 50_001], 2, "longer than 50,000 characters"),
    ("hide-nan", lambda a: ["hide", a.meeting, "nan", "5"], 2, "is not a time range"),
    ("hide-infinite-end", lambda a: ["hide", a.meeting, "0", "inf"], 2, "the range 0.0-inf s is not a time range"),
    ("hide-reversed", lambda a: ["hide", a.meeting, "30", "10"], 2, "the range 30.0-10.0 s is not a time range"),
    ("rename-name-nul", lambda a: ["speakers", a.meeting, "--rename", "BM", "Anna\x00Berg"], 2,
     "the speaker's name contains a control character"),
    ("rename-name-too-long", lambda a: ["speakers", a.meeting, "--rename", "BM", "A" * 201], 2,
     "longer than 200 characters"),
    ("merge-unknown-label", lambda a: ["merge", a.meeting, "BM", "NIEMAND"], 2, "has no speaker 'NIEMAND'"),
    ("decide-unknown-result", lambda a: ["decide", a.vote, "vielleicht"], 2, "Invalid value for 'RESULT'"),
    ("summarize-agenda-10000-items", lambda a: ["summarize", a.meeting, "--agenda", a.file("to.txt",
     _agenda_text(10_000))], 2, "at most 300 are allowed"),
    ("summarize-agenda-nul", lambda a: ["summarize", a.meeting, "--agenda", a.file("to.txt", "1 Radweg\x00\n")], 2,
     "contains control characters: it is not a text file"),
    ("summarize-agenda-json-list-number", lambda a: ["summarize", a.meeting, "--agenda", a.file("to.json",
     '{"agendaItem": [{"number": [1], "name": "Radweg"}]}')], 2, "item number [1] is neither text nor a number"),
    ("summarize-agenda-title-object", lambda a: ["summarize", a.meeting, "--agenda", a.file("to.json",
     '[{"number": 1, "title": {"de": "Radweg"}}]')], 2, "the title must be text, not dict"),
    ("export-pdf-without-out", lambda a: ["export", a.meeting, "--format", "pdf"], 2, "give --out FILE"),
    # Members.
    ("members-csv-binary", lambda a: ["members", "import", a.file("m.csv", b"\xff\xd8\xff" + os.urandom(100)),
     "--body", "Rat"], 2, "cannot read members file"),
    ("members-csv-bad-date", lambda a: ["members", "import", a.file("m.csv", "name,start_date\nA B,2026-13-01\n"),
     "--body", "Rat"], 2, "line 2: start_date '2026-13-01' is not a date"),
    ("members-csv-nul", lambda a: ["members", "import", a.file("m.csv", "name\nA\x00B\n"), "--body", "Rat"], 2,
     "contains a control character (U+0000): it is not a members file"),
    ("members-csv-huge-field", lambda a: ["members", "import", a.file("m.csv", 'name\n"' + "A" * 200_000 + '"\n'),
     "--body", "Rat"], 2, "not a readable CSV"),
    ("members-oparl-binary", lambda a: ["members", "import", a.file("m.json", b"\x00\x01" * 100), "--body", "Rat"],
     2, "is not valid JSON"),
    ("members-oparl-list-of-numbers", lambda a: ["members", "import", a.file("m.json", "[1, 2]"), "--body", "Rat"],
     2, "every entry must be a JSON object"),
    ("members-oparl-id-list", lambda a: ["members", "import", a.file("m.json",
     '{"type": "Person", "id": ["x"], "name": "A B"}'), "--body", "Rat"], 2, "expected text, not a JSON list"),
    ("members-oparl-date-number", lambda a: ["members", "import", a.file("m.json",
     '{"type": "Membership", "id": "m", "person": "p", "startDate": 5}'), "--body", "Rat"], 2,
     "startDate 5 is not a date"),
    ("members-oparl-names-list", lambda a: ["members", "import", a.file("m.json",
     '{"type": "Person", "id": "p", "givenName": ["A"], "familyName": "B"}'), "--body", "Rat"], 2,
     "expected text, not a JSON list"),
    ("members-wrong-suffix", lambda a: ["members", "import", a.file("m.txt", "name\nA B\n"), "--body", "Rat"], 2,
     "members come as .csv or OParl .json"),
    ("members-missing-file", lambda a: ["members", "import", a.folder / "fehlt.csv", "--body", "Rat"], 2,
     "does not exist"),
    ("members-list-unknown-body", lambda a: ["members", "list", "Niemandsrat"], 2, "there is no body named"),
    ("members-list-bad-date", lambda a: ["members", "list", "Rat der Stadt Testhausen", "--date", "05.03.2026"], 2,
     "'05.03.2026' is not a date"),
    ("voices-enable-unknown-body", lambda a: ["voices", "enable", "Niemandsrat"], 2, "there is no body named"),
    ("config-binary", lambda a: ["--config", a.file("c.toml", b"\xff\xfe" + os.urandom(50)), "jobs"], 2,
     "is not UTF-8 text"),
    ("jobs-limit-huge", lambda a: ["jobs", "--limit", HUGE], 2, "Invalid value for '--limit'"),
]  # fmt: skip


def _invoke(built: Archive, args: list) -> object:
    args = [str(a) for a in args]
    # Options of the group (--config) come before the command; --db belongs to the command.
    args = [*args, "--db", str(built.db_path)]
    return CliRunner().invoke(cli, args, env=built.env())


@pytest.mark.parametrize("name, arguments, code, message", CLI_CASES, ids=[c[0] for c in CLI_CASES])
def test_cli_refuses_bad_input_in_one_line_and_changes_nothing(built, name, arguments, code, message):
    args = arguments(built)
    before = built.snapshot()
    result = _invoke(built, args)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert result.exit_code == code, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and message in errors[0], result.output
    if "Usage:" not in result.output:  # click's own usage errors come with the usage line; ours stand alone
        assert result.output.strip() == errors[0], result.output
    assert built.snapshot() == before


# --- the Python API --------------------------------------------------------------------------------


def _no_models(_settings):
    raise AssertionError("a model was loaded for input that cannot be used")


def _ingest(built: Archive, path: str, **info):
    services = Services(built.services.settings, pipeline_factory=_no_models)
    return services.ingest(path, MeetingInfo(title="Sitzung", **info))


def _transcript(**changes) -> dict:
    return {k: v for k, v in {**TRANSCRIPT, **changes}.items() if v is not None}


def _db(built: Archive):
    return built.services.db()


# (id, call as a function of the archive, error class, what the message says)
API_CASES = [
    ("ingest-name-not-utf8", lambda a: _ingest(a, a.recording(NOT_UTF8)), InputError, "is not valid UTF-8"),
    ("ingest-unknown-language", lambda a: _ingest(a, a.recording(), language="xx"), ValidationError,
     "the language 'xx' is not a language code"),
    ("ingest-language-number", lambda a: _ingest(a, a.recording(), language=7), ValidationError,
     "the language int 7 is not a language code"),
    ("ingest-date-compact-iso", lambda a: _ingest(a, a.recording(), date="20260305"), ValidationError,
     "not a date of the form YYYY-MM-DD"),
    ("ingest-agenda-301-items", lambda a: built_agenda_ingest(a), AgendaError, "has 301 items; at most 300"),
    ("import-start-text", lambda a: a.services.import_transcript(_transcript(utterances=[
     {"speaker": "BM", "text": "Hallo", "start": "abc"}])), ValidationError, "'start' must be a number of seconds"),
    ("import-speakers-not-object", lambda a: a.services.import_transcript(_transcript(speakers="notadict")),
     ValidationError, "'speakers' must be an object"),
    ("import-no-utterances", lambda a: a.services.import_transcript(_transcript(utterances=[])), ValidationError,
     "'utterances' is empty"),
    ("import-not-a-dict", lambda a: a.services.import_transcript(["Hallo"]), InputError,
     "expected an object with 'title'"),
    ("import-given-agenda-301-items", lambda a: a.services.import_transcript(_transcript(), agenda=[
     AgendaEntry(str(n), f"Punkt {n}") for n in range(1, 302)]), AgendaError, "has 301 items"),
    ("correct-huge-id", lambda a: a.services.correct(HUGE, "Text", "kaya"), UnknownUtteranceError,
     f"there is no utterance with id {HUGE}"),
    ("correct-id-text", lambda a: a.services.correct("1; DROP TABLE utterances", "Text", "kaya"),
     UnknownUtteranceError, "there is no utterance with id '1; DROP TABLE utterances'"),
    ("correct-nul", lambda a: a.services.correct(a.utterance, "Rad\x00weg", "kaya"), ValidationError,
     "control character (U+0000)"),
    ("correct-not-text", lambda a: a.services.correct(a.utterance, 42, "kaya"), ValidationError,
     "the corrected text must be text, not int"),
    ("hide-nan", lambda a: a.services.hide_range(a.meeting, float("nan"), 5.0, "kaya"), ValidationError,
     "is not a time range"),
    ("hide-text-times", lambda a: a.services.hide_range(a.meeting, "0", "5", "kaya"), ValidationError,
     "is not a time range"),
    ("name-speaker-nul", lambda a: a.services.name_speaker(a.meeting, "BM", "Anna\x00", None, "kaya"),
     ValidationError, "the speaker's name contains a control character"),
    ("name-speaker-huge-meeting", lambda a: a.services.name_speaker(HUGE, "BM", "Anna", None, "kaya"),
     UnknownMeetingError, f"there is no meeting with id {HUGE}"),
    ("decide-huge-vote", lambda a: a.services.decide_vote(HUGE, "angenommen", "kaya"), UnknownVoteError,
     f"there is no vote with id {HUGE}"),
    ("approve-huge-meeting", lambda a: a.services.approve(HUGE, "kaya"), UnknownMeetingError,
     f"there is no meeting with id {HUGE}"),
    ("publish-bool-id", lambda a: a.services.publish(True, "kaya"), UnknownMeetingError,
     "there is no meeting with id True"),
    ("voice-prints-huge-person", lambda a: a.services.delete_voice_prints(HUGE, "kaya"), NotFoundError,
     f"there is no person with id {HUGE}"),
    ("summarize-agenda-301-items", lambda a: a.services.summarize(a.meeting, agenda=[
     AgendaEntry(str(n), f"Punkt {n}") for n in range(1, 302)]), AgendaError, "at most 300 are allowed"),
    ("search-nul", lambda a: search(_db(a), "Rad\x00weg", mode="keyword"), ValidationError,
     "control character (U+0000)"),
    ("search-from-impossible", lambda a: search(_db(a), "Radweg", SearchFilters(date_from="2026-13-45"),
     mode="keyword"), ValidationError, "from date '2026-13-45' is not a date"),
    ("search-to-before-from", lambda a: search(_db(a), "Radweg", SearchFilters(date_from="2026-05-01",
     date_to="2026-01-01"), mode="keyword"), ValidationError, "to date 2026-01-01 is before from date 2026-05-01"),
    ("search-item-huge", lambda a: search(_db(a), "Radweg", SearchFilters(agenda_item_id=HUGE), mode="keyword"),
     ValidationError, "the agenda item id filter"),
    ("search-limit-huge", lambda a: search(_db(a), "Radweg", mode="keyword", limit=HUGE), ValidationError,
     "the number of results must be from 1 to 1000"),
    ("search-body-not-utf8", lambda a: search(_db(a), "Radweg", SearchFilters(body=os.fsdecode(b"Rat\xff")),
     mode="keyword"), ValidationError, "the body filter contains bytes that are not UTF-8"),
    ("similar-huge-id", lambda a: more_like_this(_db(a), HUGE), UnknownUtteranceError,
     f"there is no utterance with id {HUGE}"),
    ("parse-agenda-nul", lambda a: parse_agenda("TOP 1 Rad\x00weg"), AgendaError, "contains control characters"),
    ("parse-agenda-bytes", lambda a: parse_agenda(b"TOP 1 Radweg"), AgendaError, "must be text, not bytes"),
    ("parse-agenda-301-json-items", lambda a: parse_agenda(json.dumps([f"Punkt {n}" for n in range(301)])),
     AgendaError, "has 301 items"),
    ("parse-agenda-public-text", lambda a: parse_agenda('[{"number": 1, "title": "Radweg", "public": "nein"}]'),
     AgendaError, "'public' must be true or false"),
    ("parse-csv-nul", lambda a: parse_csv("name\nA\x00B\n"), InputError, "control character (U+0000)"),
    ("parse-oparl-date-number", lambda a: parse_oparl({"type": "Membership", "id": "m", "person": "p",
     "startDate": 20260101}), InputError, "startDate 20260101 is not a date"),
    ("parse-oparl-title-objects", lambda a: parse_oparl({"type": "Person", "id": "p", "name": {"de": "A"}}),
     InputError, "expected text, not a JSON object"),
    ("parse-transcript-end-text", lambda a: parse_transcript(_transcript(utterances=[
     {"speaker": "BM", "text": "Hallo", "end": "später"}])), ValidationError, "'end' must be a number of seconds"),
    ("check-date-number", lambda a: check_date(20260305), ValidationError, "20260305 is not a date"),
    ("check-date-week-form", lambda a: check_date("2026-W10-4"), ValidationError, "'2026-W10-4' is not a date"),
]  # fmt: skip


def built_agenda_ingest(built: Archive):
    agenda = [AgendaEntry(str(n), f"Punkt {n}") for n in range(1, MAX_AGENDA_ITEMS + 2)]
    services = Services(built.services.settings, pipeline_factory=_no_models)
    return services.ingest(built.recording(), MeetingInfo(title="Sitzung"), agenda=agenda)


@pytest.mark.parametrize("name, call, error, message", API_CASES, ids=[c[0] for c in API_CASES])
def test_python_api_raises_one_error_class_and_changes_nothing(built, name, call, error, message):
    before = built.snapshot()
    with pytest.raises(ProtokollError) as raised:
        call(built)
    assert isinstance(raised.value, error), repr(raised.value)
    text = str(raised.value)
    assert message in text and "\n" not in text, text
    assert built.snapshot() == before


def test_the_web_search_shows_a_nul_byte_as_a_message(built):
    """search_html is what the web's search box calls: the error comes back as the page's one message."""
    before = built.snapshot()
    page = search_html(_db(built), None, "Rad\x00weg", "", "2026-01-01", "", "", "")
    assert 'role="alert"' in page and "control character (U+0000)" in page
    page = search_html(_db(built), None, "Radweg", "", "2026-13-45", "", "", "")
    assert (
        'role="alert"' in page
        and "Datum ab: &#x27;2026-13-45&#x27; ist kein Datum (TT.MM.JJJJ oder JJJJ-MM-TT)" in page
    )
    page = search_html(_db(built), None, "Radweg", "", "31.02.2026", "", "", "")
    assert 'role="alert"' in page and "&#x27;31.02.2026&#x27; ist kein Datum" in page
    page = search_html(_db(built), None, "Radweg", "", "2.3.2026", "1.3.2026", "", "")
    assert 'role="alert"' in page and "Datum bis (2026-03-01) liegt vor Datum ab (2026-03-02)" in page
    assert built.snapshot() == before


def test_the_table_has_at_least_60_cases():
    assert len(CLI_CASES) + len(API_CASES) >= 60


# --- a recording that was cut off --------------------------------------------------------------------


def _mp3(path: Path, audio: np.ndarray) -> None:
    """Encode 16 kHz mono float audio as MP3 (LAME writes the Xing header that declares the length)."""
    pcm = (np.clip(audio, -1, 1) * 32767).astype(np.int16)[None]
    frame = av.AudioFrame.from_ndarray(pcm, format="s16", layout="mono")
    frame.sample_rate = SAMPLE_RATE
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libmp3lame", rate=SAMPLE_RATE, layout="mono")
        for packet in [*stream.encode(frame), *stream.encode(None)]:
            container.mux(packet)


@pytest.fixture
def truncated_mp3(tmp_path) -> tuple[Path, Path]:
    """The same speech as a whole MP3 and as its first third (the copy broke off)."""
    whole = tmp_path / "sitzung.mp3"
    _mp3(whole, load_recording(CORPUS_WAV).audio)
    cut = tmp_path / "sitzung-abgebrochen.mp3"
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) // 3])
    return whole, cut


def test_a_truncated_mp3_is_decoded_with_a_warning_that_names_the_decoded_duration(truncated_mp3):
    whole, cut = truncated_mp3
    assert load_recording(whole).warnings == []
    recording = load_recording(cut)
    assert recording.declared_duration > 6.0 and recording.duration < 3.0
    assert recording.warnings == [
        f"sitzung-abgebrochen.mp3: only {recording.duration:.1f} s of the {recording.declared_duration:.1f} s the "
        "file declares could be decoded (the file is truncated or damaged); the rest is missing from the transcript"
    ]


@pytest.mark.slow
def test_ingest_keeps_a_truncated_mp3_and_says_so(truncated_mp3, pipeline, tmp_path):
    _, cut = truncated_mp3
    services = Services.for_archive(tmp_path / "archive.db", pipeline=pipeline)
    result = services.ingest(cut, MeetingInfo(title="Abgebrochen"))
    assert len(result.warnings) == 1 and f"only {result.duration:.1f} s of the" in result.warnings[0]
    stored = archive.load_meeting(services.db(), result.meeting_id)
    assert stored.meeting.duration == pytest.approx(result.duration, abs=1e-3)  # the decoded length, not the declared
    [job] = archive.recent_jobs(services.db())  # the clerk's job list says it too
    assert job["status"] == "done" and job["warning"] == result.warnings[0]
