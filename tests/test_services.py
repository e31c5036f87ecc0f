"""The use cases: the same rules and follow-ups from the CLI as from the web; bad input refused before models load."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from protokoll import archive
from protokoll.archive.search import SearchFilters, search
from protokoll.domain import MeetingInfo
from protokoll.errors import (
    NotAudioError,
    UnapprovedSummariesError,
    UnknownMeetingError,
    UnknownSpeakerError,
    UnknownUtteranceError,
    ValidationError,
)
from protokoll.evaluation import MINUTES_FIXTURES, load_minutes_fixture
from protokoll.interfaces.cli import cli
from protokoll.publication.public_files import public_folder
from protokoll.services import Services

FIXTURE = next(p for p in MINUTES_FIXTURES if p.stem == "bezirksvertretung")


@pytest.fixture
def imported(tmp_path, text_embedder):
    """A fresh archive holding one written council session: (services, db path, meeting id)."""
    db_path = tmp_path / "archive.db"
    services = Services.for_archive(db_path, embedder=text_embedder)
    data, agenda = load_minutes_fixture(FIXTURE)
    return services, db_path, services.import_transcript(data, agenda=agenda)


def cli_run(db_path, *args):
    """Run a command on the archive at db_path, with the data folder (public files) beside it."""
    env = {"PROTOKOLL_DATA_DIR": str(db_path.parent)}
    return CliRunner().invoke(cli, [*(str(a) for a in args), "--db", str(db_path)], env=env)


def _actions(db, meeting_id) -> list[str]:
    return [r[0] for r in db.execute("SELECT action FROM audit WHERE row_id = ? ORDER BY id", [meeting_id])]


def test_cli_publish_follows_the_approval_rule_and_writes_public_files(imported):
    services, db_path, meeting_id = imported
    refused = cli_run(db_path, "publish", meeting_id, "--clerk", "kaya")
    assert refused.exit_code == 1 and "not yet approved" in refused.output
    assert cli_run(db_path, "approve", meeting_id, "--clerk", "kaya").exit_code == 0
    published = cli_run(db_path, "publish", meeting_id, "--clerk", "kaya")
    assert published.exit_code == 0, published.output
    folder = public_folder(services.settings.data_dir, meeting_id)
    assert {p.name for p in folder.iterdir()} >= {"protokoll.pdf", "protokoll.json", "protokoll.md", "protokoll.vtt"}
    assert archive.public_meeting(services.db(), meeting_id).meeting.status == "published"
    assert cli_run(db_path, "withdraw", meeting_id, "--clerk", "kaya").exit_code == 0
    assert not folder.exists()
    with pytest.raises(UnknownMeetingError):
        archive.public_meeting(services.db(), meeting_id)
    assert _actions(services.db(), meeting_id)[-3:] == ["approve_summaries", "publish", "withdraw"]


def test_cli_correction_reruns_the_summaries_and_refreshes_the_public_files(imported):
    services, db_path, meeting_id = imported
    services.approve(meeting_id, "kaya")
    services.publish(meeting_id, "kaya")
    db = services.db()
    utterance_id = db.execute(
        "SELECT id FROM utterances WHERE meeting_id = ? ORDER BY start LIMIT 1 OFFSET 2", [meeting_id]
    ).fetchone()[0]
    result = cli_run(db_path, "correct", utterance_id, "Der Spielplatz am Kanal wird erneuert.", "--clerk", "kaya")
    assert result.exit_code == 0, result.output
    statuses = {r[0] for r in db.execute("SELECT status FROM summaries WHERE meeting_id = ?", [meeting_id])}
    assert statuses == {"draft"}  # the text they rest on changed: a clerk checks them again
    exported = json.loads((public_folder(services.settings.data_dir, meeting_id) / "protokoll.json").read_text())
    assert "Der Spielplatz am Kanal wird erneuert." in [u["text"] for u in exported["utterances"]]
    assert exported["summaries"] == []  # drafts are not public
    assert _actions(db, meeting_id)[-1] == "summarize"


def test_cli_hide_merge_and_named_speakers_with_faction(imported):
    services, db_path, meeting_id = imported
    db = services.db()
    labels = [r[0] for r in db.execute("SELECT label FROM speakers WHERE meeting_id = ? ORDER BY id", [meeting_id])]
    named = cli_run(
        db_path, "speakers", meeting_id, "--rename", labels[1], "Jonas Weber", "--faction", labels[1], "Volt"
    )
    assert named.exit_code == 0, named.output
    assert "Jonas Weber\tVolt" in named.output
    hits = search(db, "Aufpflasterungen", SearchFilters(public_only=False, faction="Volt"), mode="keyword")
    assert hits and {h.speaker for h in hits} == {"Jonas Weber"}
    assert search(db, "Aufpflasterungen", SearchFilters(public_only=False, faction="SPD"), mode="keyword") == []

    before = db.execute("SELECT count(*) FROM utterances WHERE meeting_id = ?", [meeting_id]).fetchone()[0]
    merged = cli_run(db_path, "merge", meeting_id, labels[2], labels[1], "--clerk", "kaya")
    assert merged.exit_code == 0, merged.output
    assert (
        db.execute("SELECT count(*) FROM speakers WHERE meeting_id = ?", [meeting_id]).fetchone()[0] == len(labels) - 1
    )
    assert db.execute("SELECT count(*) FROM utterances WHERE meeting_id = ?", [meeting_id]).fetchone()[0] == before

    first = db.execute("SELECT start, end FROM utterances WHERE meeting_id = ? ORDER BY start", [meeting_id]).fetchone()
    hidden = cli_run(db_path, "hide", meeting_id, first[0], first[1], "--clerk", "kaya")
    assert hidden.exit_code == 0 and "1 utterances marked non-public" in hidden.output
    every_action = [r[0] for r in db.execute("SELECT action FROM audit ORDER BY id")]
    assert every_action[-6:] == [
        "rename_speaker", "summarize", "merge_speakers", "summarize", "mark_non_public", "summarize"
    ]  # fmt: skip


def test_cli_unhide_lists_the_ranges_and_makes_one_public_again(imported):
    services, db_path, meeting_id = imported
    db = services.db()
    rows = db.execute("SELECT id, start, end FROM utterances WHERE meeting_id = ? ORDER BY start", [meeting_id])
    (first, a, b), (second, _, c) = rows.fetchall()[:2]
    assert cli_run(db_path, "hide", meeting_id, a, c, "--clerk", "kaya").exit_code == 0  # both utterances
    assert cli_run(db_path, "hide", meeting_id, a, b, "--clerk", "kaya").exit_code == 0  # the first again
    listed = cli_run(db_path, "unhide", meeting_id)
    assert listed.exit_code == 0 and len(listed.output.splitlines()) == 2
    wide = int(listed.output.splitlines()[0].split("\t")[0])  # the earlier and wider range is listed first
    shown = cli_run(db_path, "unhide", meeting_id, wide, "--clerk", "kaya")
    assert shown.exit_code == 0 and "1 utterances public again" in shown.output, shown.output
    redacted = dict(db.execute("SELECT id, redacted FROM utterances WHERE id IN (?, ?)", [first, second]).fetchall())
    assert redacted == {first: 1, second: 0}  # the other range still covers the first
    assert _actions(db, meeting_id)[-2:] == ["mark_public", "summarize"]
    again = cli_run(db_path, "unhide", meeting_id, wide, "--clerk", "kaya")
    assert again.exit_code == 2 and f"no non-public range {wide}" in again.output
    assert cli_run(db_path, "unhide", 999).exit_code == 2


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["publish", "999"], 2, "no meeting with id 999"),
        (["correct", "999999", "Text"], 2, "no utterance with id 999999"),
        (["merge", "{m}", "BV", "NIEMAND"], 2, "no speaker 'NIEMAND'"),
        (["merge", "{m}", "BV", "BV"], 2, "into itself"),
        (["hide", "{m}", "30", "10"], 2, "not a time range"),
        (["speakers", "{m}", "--rename", "BV", "   "], 2, "cannot be empty"),
        (["speakers", "{m}", "--faction", "BV", "SPD"], 2, "needs a --rename"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_changes_nothing(imported, args, code, message):
    services, db_path, meeting_id = imported
    audit_before = services.db().execute("SELECT count(*) FROM audit").fetchone()[0]
    result = cli_run(db_path, *(a.format(m=meeting_id) for a in args))
    assert result.exit_code == code, result.output
    assert message in result.output and result.output.count("\n") == 1
    assert services.db().execute("SELECT count(*) FROM audit").fetchone()[0] == audit_before


def test_services_raise_one_error_class_per_kind(imported):
    services, _, meeting_id = imported
    with pytest.raises(UnknownUtteranceError):
        services.correct(10**6, "x", "kaya")
    with pytest.raises(UnknownSpeakerError):
        services.name_speaker(meeting_id, "NIEMAND", "X", None, "kaya")
    with pytest.raises(UnknownMeetingError):
        services.approve(10**6, "kaya")
    with pytest.raises(UnapprovedSummariesError):
        services.publish(meeting_id, "kaya")
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        services.import_transcript(
            {"title": "x", "date": "12.11.2026", "utterances": [{"speaker": "A", "text": "Hallo"}]}
        )


def test_import_with_publish_goes_through_approval_audit_and_public_files(tmp_path, text_embedder):
    services = Services.for_archive(tmp_path / "archive.db", embedder=text_embedder)
    data, agenda = load_minutes_fixture(FIXTURE)
    meeting_id = services.import_transcript(data, agenda=agenda, publish=True, actor="import-kaya")
    db = services.db()
    assert _actions(db, meeting_id)[-2:] == ["approve_summaries", "publish"]
    assert {r[0] for r in db.execute("SELECT approved_by FROM summaries WHERE meeting_id = ?", [meeting_id])} == {
        "import-kaya"
    }
    assert (public_folder(services.settings.data_dir, meeting_id) / "protokoll.pdf").is_file()


def test_bad_recording_is_refused_before_any_model_loads(tmp_path):
    def no_models(_settings):
        raise AssertionError("a model was loaded for input that cannot be used")

    services = Services.for_archive(tmp_path / "archive.db")
    services = Services(services.settings, pipeline_factory=no_models)
    notes = tmp_path / "agenda.mp3"
    notes.write_text("TOP 1 Haushalt\n" * 50)
    with pytest.raises(NotAudioError):
        services.ingest(notes, MeetingInfo(title="x"))
    with pytest.raises(ValidationError, match="YYYY-MM-DD"):
        services.ingest(notes, MeetingInfo(title="x", date="morgen"))
    jobs = archive.recent_jobs(services.db())
    assert [j["status"] for j in jobs] == ["failed"] and "not an audio or video file" in jobs[0]["error"]
    assert archive.meeting_ids(services.db()) == []
