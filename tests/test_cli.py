"""The command line: its contract, exit codes and one-line errors, with the database left as it was."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from protokoll.archive import meeting_ids, open_database
from protokoll.interfaces.cli import cli


@pytest.fixture
def archive(sample_ingest, tmp_path):
    """A copy of the processed sample archive, so tests may change it."""
    db_path, result = sample_ingest
    copy = tmp_path / "archive.db"
    source = open_database(db_path)
    source.execute("PRAGMA wal_checkpoint(FULL)")
    shutil.copy(db_path, copy)
    return copy, result.meeting_id


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _command_paths(group=cli, path=()):
    """The group itself and every command below it, nested groups included: (), ("ingest",), …"""
    yield path
    for name, command in sorted(getattr(group, "commands", {}).items()):
        yield from _command_paths(command, (*path, name))


@pytest.mark.parametrize("command", list(_command_paths()), ids=lambda path: " ".join(path) or "protokoll")
def test_every_command_has_help(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output, result.output


def test_export_formats(archive, tmp_path):
    db, meeting = archive
    for fmt in ["json", "vtt", "srt", "md", "docx", "pdf"]:
        out = tmp_path / f"m.{fmt}"
        result = run("export", meeting, "--db", db, "--format", fmt, "--out", out)
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 100
    data = json.loads(run("export", meeting, "--db", db).output)
    assert data["meeting"]["id"] == meeting
    assert data["agenda_items"] and data["votes"] and data["summaries"]
    refused = run("export", meeting, "--db", db, "--format", "pdf")
    assert refused.exit_code == 2 and "--out" in refused.output


def test_summarize_follows_a_clerks_correction_and_approval_is_audited(archive):
    db_path, meeting = archive
    db = open_database(db_path)
    # The chair's vote on the adjournment (162.8 s in the reference), as a clerk corrects it after listening.
    utterance = db.execute(
        "SELECT id FROM utterances WHERE meeting_id = ? ORDER BY abs(start - 162.8) LIMIT 1", [meeting]
    ).fetchone()[0]
    corrected = (
        "Ich lasse über den Antrag auf Vertagung abstimmen. "
        "Der Antrag auf Vertagung ist mit elf Ja-Stimmen bei dreißig Gegenstimmen abgelehnt."
    )
    assert run("correct", utterance, corrected, "--db", db_path).exit_code == 0
    result = run("summarize", meeting, "--db", db_path)
    assert result.exit_code == 0, result.output
    assert "Antrag auf Vertagung: abgelehnt (11 Ja-Stimmen, 30 Gegenstimmen)" in result.output
    assert run("approve", meeting, "--db", db_path, "--clerk", "Frau Kaya").exit_code == 0
    statuses = {row[0] for row in db.execute("SELECT status FROM summaries WHERE meeting_id = ?", [meeting])}
    assert statuses == {"approved"}
    actions = [row[0] for row in db.execute("SELECT action FROM audit WHERE row_id = ? ORDER BY id", [meeting])]
    assert actions[-2:] == ["summarize", "approve_summaries"]
    unknown = run("summarize", 999, "--db", db_path)
    assert unknown.exit_code == 2 and "no meeting with id 999" in unknown.output


def test_search_json_has_deep_links(archive):
    db, meeting = archive
    result = run("search", "Belastung", "--db", db, "--json")
    assert result.exit_code == 0
    hits = json.loads(result.output)
    assert hits and hits[0]["meeting_id"] == meeting
    assert hits[0]["link"] == f"?meeting={meeting}&t={int(hits[0]['start'])}"
    # Drafts are not public.
    assert json.loads(run("search", "Belastung", "--db", db, "--json", "--public").output) == []


def test_rename_speaker_shows_in_export(archive):
    db, meeting = archive
    result = run("speakers", meeting, "--db", db, "--rename", "SPEAKER_00", "Klaus Becker")
    assert result.exit_code == 0 and "Klaus Becker" in result.output
    assert "<v Klaus Becker>" in run("export", meeting, "--db", db, "--format", "vtt").output


@pytest.mark.parametrize(
    "args, message",
    [
        (["export", "999", "--format", "json"], "no meeting with id 999"),
        (["speakers", "999"], "no meeting with id 999"),
        (["search", "   "], "empty"),
    ],
)
def test_bad_ids_and_queries(archive, args, message):
    db, _ = archive
    result = CliRunner().invoke(cli, [*args, "--db", str(db)])
    assert result.exit_code != 0
    assert message in result.output
    assert result.output.count("\n") == 1  # one line, no traceback


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.wav", b"", "empty"),
        ("notes.mp3", b"TOP 1 Haushalt\n" * 100, "not an audio or video file"),
        ("absent.wav", None, "no such file"),
    ],
)
def test_bad_recordings_leave_the_archive_as_it_was(archive, tmp_path, name, content, message):
    db, meeting = archive
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = CliRunner().invoke(cli, ["ingest", str(path), "--db", str(db), "--quiet"])
    assert result.exit_code == 2
    assert message in result.output and result.output.startswith("Error: ")
    assert meeting_ids(open_database(db)) == [meeting]


def test_bad_date_is_refused(archive, corpus):
    db, meeting = archive
    result = CliRunner().invoke(
        cli, ["ingest", str(corpus / "voxforge-de" / "de11-034.wav"), "--db", str(db), "--date", "12.11.2026"]
    )
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    assert meeting_ids(open_database(db)) == [meeting]


def test_ingest_prints_the_new_meeting_id(archive, corpus):
    db, meeting = archive
    clip = corpus / "voxforge-de" / "de11-035.wav"
    result = CliRunner().invoke(
        cli,
        [
            "ingest",
            str(clip),
            "--db",
            str(db),
            "--title",
            "Kurz",
            "--date",
            "2026-11-26",
            "--body",
            "Ausschuss",
            "--quiet",
        ],
    )
    assert result.exit_code == 0, result.output
    new_id = int(result.stdout.strip().splitlines()[-1])
    assert new_id != meeting and meeting_ids(open_database(db)) == [meeting, new_id]
    again = CliRunner().invoke(cli, ["ingest", str(clip), "--db", str(db), "--quiet"])
    assert again.exit_code == 2 and f"already ingested as meeting {new_id}" in again.output


def test_search_modes_similar_correct_and_reindex(tmp_path):
    from protokoll.config import PROJECT_ROOT

    db = tmp_path / "archive.db"
    folder = PROJECT_ROOT / "tests" / "fixtures" / "sessions"
    for session in (folder / "schulen.json", folder / "radverkehr.json", folder / "haushalt.json"):
        result = run("import-transcript", session, "--db", db, "--publish")
        assert result.exit_code == 0, result.output
    hits = json.loads(run("search", "Schulen renovieren", "--db", db, "--json", "--public").output)
    assert hits and "sanier" in hits[0]["text"].lower()
    assert json.loads(run("search", "Schulen renovieren", "--db", db, "--json", "--mode", "keyword").output) == []
    grouped = json.loads(run("search", "Radweg", "--db", db, "--json", "--group").output)
    assert grouped and {"meeting_id", "hits"} <= set(grouped[0])
    source = hits[0]["utterance_id"]
    similar = json.loads(run("similar", source, "--db", db, "--json").output)
    assert all(h["meeting_id"] != hits[0]["meeting_id"] for h in similar)
    assert run("correct", source, "Die Turnhallen werden neu gestrichen.", "--db", db).exit_code == 0
    assert (
        json.loads(run("search", "gestrichen", "--db", db, "--json", "--mode", "keyword").output)[0]["utterance_id"]
        == source
    )
    assert "reindexed" in run("reindex", "--db", db).output


def test_malformed_transcript_is_refused(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"title": "x", "utterances": [{"speaker": "A"}]}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["import-transcript", str(bad), "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 2 and "needs 'speaker' and 'text'" in result.output


def test_commands_are_quiet_and_bad_input_fails_before_models_load(tmp_path):
    """No third-party warnings from the model stack; a missing file is one line, before any model library loads."""
    import subprocess
    import sys

    def protokoll(*args, preload=""):
        code = (
            f"import sys, warnings\nwarnings.simplefilter('always')\n{preload}\n"
            "from protokoll.interfaces.cli import cli\ntry:\n    cli.main(sys.argv[1:])\nfinally:\n"
            "    print('loaded:', [m for m in ('torch', 'pyannote.audio') if m in sys.modules], file=sys.stderr)"
        )
        return subprocess.run([sys.executable, "-c", code, *map(str, args)], capture_output=True, text=True)

    absent = tmp_path / "absent.wav"
    lean = protokoll("ingest", absent, "--db", tmp_path / "a.db")
    assert lean.returncode == 2
    assert lean.stderr.strip().splitlines() == [f"Error: {absent}: no such file", "loaded: []"]
    loaded = protokoll("reindex", "--db", tmp_path / "a.db",
                       preload="import protokoll.speech.diarize, protokoll.speech.transcribe")  # fmt: skip
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stderr.strip().splitlines() == ["reindexed 0 utterances", "loaded: ['torch', 'pyannote.audio']"]


@pytest.mark.slow
def test_demo_processes_the_sample_and_writes_its_exports(tmp_path):
    """The README's first command: the sample session into a fresh archive, with every export."""
    result = CliRunner().invoke(cli, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    written = {p.name for p in tmp_path.iterdir()}
    assert {f"sample_session.{fmt}" for fmt in ("json", "vtt", "srt", "md", "docx", "pdf")} <= written
    exported = json.loads((tmp_path / "sample_session.json").read_text(encoding="utf-8"))
    assert len({u["speaker"] for u in exported["utterances"]}) >= 4 and exported["agenda_items"]
    assert "In einfacher Sprache (Entwurf" in result.output and "real-time factor" in result.output
    assert meeting_ids(open_database(tmp_path / "demo.db")) == [1]
