"""Unclear results: stored with their evidence, never published as fact, decided by a clerk, kept over re-runs."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from protokoll import archive
from protokoll.errors import UnclearVotesError, UnknownVoteError, ValidationError
from protokoll.evaluation import PROTOCOL_FIXTURES
from protokoll.interfaces.cli import cli
from protokoll.minutes.votes import UNCLEAR
from protokoll.services import Services

# A real Landtag passage: a constitutional amendment's counts are announced; whether they reach the two thirds it
# needs is said in words the rules do not read ("die erforderliche Zweidrittelmehrheit … erreicht").
PASSAGE = next(p for p in PROTOCOL_FIXTURES if p.stem == "landtag-sh-2014-10-08-verfassung-zweidrittel")


@pytest.fixture
def unclear(tmp_path, text_embedder):
    """(services, db path, meeting id, the unclear vote)."""
    db_path = tmp_path / "archive.db"
    services = Services.for_archive(db_path, embedder=text_embedder)
    meeting_id = services.import_transcript(json.loads(PASSAGE.read_text(encoding="utf-8")))
    [vote] = [v for v in archive.load_meeting(services.db(), meeting_id).votes if v.result == UNCLEAR]
    return services, db_path, meeting_id, vote


def cli_run(db_path, *args):
    env = {"PROTOKOLL_DATA_DIR": str(db_path.parent)}
    return CliRunner().invoke(cli, [*(str(a) for a in args), "--db", str(db_path)], env=env)


def test_an_unclear_result_keeps_its_counts_and_evidence_and_blocks_publication(unclear):
    services, db_path, meeting_id, vote = unclear
    assert (vote.yes, vote.no) == (61, 3) and "haben 61 Abgeordnete gestimmt" in vote.evidence
    plain = [s.text for s in archive.load_meeting(services.db(), meeting_id).summaries if s.kind == "plain"]
    assert any("wird noch geprüft" in text for text in plain)
    assert not any("hat den Antrag angenommen" in text for text in plain)
    services.approve(meeting_id, "kaya")
    with pytest.raises(UnclearVotesError, match=f"vote {vote.id}"):
        services.publish(meeting_id, "kaya")
    assert archive.load_meeting(services.db(), meeting_id).meeting.status != "published"


def test_the_clerk_decides_in_the_cli_and_the_decision_outlives_a_rerun(unclear):
    services, db_path, meeting_id, vote = unclear
    listed = cli_run(db_path, "votes", meeting_id, "--unclear")
    assert listed.exit_code == 0 and f"{vote.id}\t" in listed.output and "haben 61 Abgeordnete" in listed.output
    decided = cli_run(db_path, "decide", vote.id, "angenommen", "--clerk", "kaya")
    assert decided.exit_code == 0, decided.output
    # a correction elsewhere re-runs the minutes; the clerk's result stays
    other = next(u for u in archive.load_meeting(services.db(), meeting_id).utterances if u.id != vote.utterance_id)
    services.correct(other.id, other.text + " (berichtigt)", "kaya")
    stored = archive.load_meeting(services.db(), meeting_id)
    [kept] = [v for v in stored.votes if v.utterance_id == vote.utterance_id]
    assert (kept.result, kept.decided_by, kept.yes) == ("angenommen", "kaya", 61)
    assert "decide_vote" in [r[0] for r in services.db().execute("SELECT action FROM audit")]
    services.approve(meeting_id, "kaya")
    services.publish(meeting_id, "kaya")
    assert archive.public_meeting(services.db(), meeting_id).meeting.status == "published"


def test_unknown_votes_and_results_that_are_not_results_are_refused(unclear):
    services, db_path, meeting_id, vote = unclear
    with pytest.raises(UnknownVoteError):
        services.decide_vote(999_999, "angenommen", "kaya")
    with pytest.raises(ValidationError, match="not a result"):
        services.decide_vote(vote.id, "vielleicht", "kaya")
    refused = cli_run(db_path, "decide", vote.id, "vielleicht", "--clerk", "kaya")
    assert refused.exit_code == 2 and "vielleicht" in refused.output
    assert {v.id: v.result for v in archive.load_meeting(services.db(), meeting_id).votes}[vote.id] == UNCLEAR


def test_the_workspace_shows_unclear_results_and_decides_them(unclear):
    from protokoll.interfaces.web.workspace import Workspace, review_html

    services, db_path, meeting_id, vote = unclear
    page = review_html(services.db(), meeting_id)
    assert f"Abstimmung {vote.id} " in page and "bitte prüfen und Ergebnis festlegen" in page
    workspace = Workspace(services.settings, services)
    with pytest.raises(ValidationError, match="Ergebnis"):
        workspace.submit("vote", "kaya", vote.id, {"result": ""})
    assert workspace.submit("vote", "kaya", vote.id, {"result": "angenommen"}) == ("decided", meeting_id)
    assert "bitte prüfen" not in review_html(services.db(), meeting_id)
