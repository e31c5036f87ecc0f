"""Name suggestions in the archive: made at import, confirmed or rejected by a clerk, through services and CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from protokoll import archive
from protokoll.errors import NotFoundError, ValidationError
from protokoll.interfaces.cli import cli

MEMBERS = Path(__file__).parent / "data" / "members" / "emscherhausen.csv"


def test_the_chair_names_each_speaker_once_and_rightly(unnamed_sample, sample_reference):
    services, meeting_id = unnamed_sample
    found = archive.suggestions(services.db(), meeting_id, open_only=True)
    truth = {label: person["name"] for label, person in sample_reference["speakers"].items()}
    assert {(g.label, g.name) for g in found} == {(label, truth[label]) for label in ("BECKER", "YILMAZ", "SCHULZ",
                                                                                      "WOLFF")}  # fmt: skip
    assert all(g.source == "floor" and g.status == "open" and g.evidence and g.start is not None for g in found)
    # no one is named before a clerk says so
    assert all(s.name is None for s in archive.load_meeting(services.db(), meeting_id).speakers)


def test_confirming_names_the_speaker_and_rejecting_leaves_it_unnamed(unnamed_sample):
    services, meeting_id = unnamed_sample
    found = {g.label: g for g in archive.suggestions(services.db(), meeting_id)}
    services.decide_suggestion(found["BECKER"].id, True, "clerk")
    services.decide_suggestion(found["SCHULZ"].id, False, "clerk")
    stored = archive.load_meeting(services.db(), meeting_id)
    speakers = {s.label: s for s in stored.speakers}
    assert (speakers["BECKER"].name, speakers["BECKER"].faction, speakers["BECKER"].name_source) == (
        "Klaus Becker", "SPD", "clerk",
    )  # fmt: skip
    assert speakers["SCHULZ"].name is None
    assert any(u.speaker == "Klaus Becker" for u in stored.utterances)
    statuses = {g.label: g.status for g in archive.suggestions(services.db(), meeting_id)}
    assert statuses["BECKER"] == "confirmed" and statuses["SCHULZ"] == "rejected"
    with pytest.raises(ValidationError, match="already confirmed"):
        services.decide_suggestion(found["BECKER"].id, False, "clerk")
    with pytest.raises(NotFoundError):
        services.decide_suggestion(99999, True, "clerk")
    actions = [row[0] for row in services.db().execute("SELECT action FROM audit ORDER BY id")]
    assert "confirmed_suggestion" in actions and "rejected_suggestion" in actions


def test_a_clerk_naming_a_speaker_settles_its_suggestions(unnamed_sample):
    services, meeting_id = unnamed_sample
    services.name_speaker(meeting_id, "YILMAZ", "Aylin Yilmaz", None, "clerk")
    services.name_speaker(meeting_id, "WOLFF", "Jürgen Wolf", None, "clerk")  # the clerk disagrees
    statuses = {g.label: g.status for g in archive.suggestions(services.db(), meeting_id)}
    assert statuses["YILMAZ"] == "confirmed" and statuses["WOLFF"] == "replaced"
    # refreshing leaves named speakers alone and suggests for the others again
    open_now = services.recognise_speakers(meeting_id, "clerk")
    assert {g.label for g in open_now} == {"BECKER", "SCHULZ"}


def test_suggestions_from_the_command_line(unnamed_sample):
    services, meeting_id = unnamed_sample
    db = str(services.settings.database)
    runner = CliRunner()
    listed = runner.invoke(cli, ["suggestions", str(meeting_id), "--db", db])
    assert listed.exit_code == 0, listed.output
    rows = [line.split("\t") for line in listed.output.splitlines()]
    becker = next(row for row in rows if row[1] == "BECKER")
    assert becker[2] == "Klaus Becker" and "Herr Becker, bitte." in becker[5]
    confirmed = runner.invoke(cli, ["confirm", becker[0], "--db", db, "--clerk", "amt"])
    assert confirmed.exit_code == 0 and "BECKER of meeting" in confirmed.output
    assert "BECKER" not in runner.invoke(cli, ["suggestions", str(meeting_id), "--db", db]).output
    assert "confirmed" in runner.invoke(cli, ["suggestions", str(meeting_id), "--all", "--db", db]).output
    unknown = runner.invoke(cli, ["reject", "4711", "--db", db])
    assert unknown.exit_code != 0 and "no name suggestion with id 4711" in unknown.output
    speakers = runner.invoke(cli, ["speakers", str(meeting_id), "--db", db])
    assert "BECKER\tKlaus Becker\tSPD" in speakers.output and "\tclerk" in speakers.output


def test_the_workspace_lists_suggestions_and_decides_them(unnamed_sample):
    from protokoll.interfaces.web.workspace import Workspace, review_html

    services, meeting_id = unnamed_sample
    workspace = Workspace(services.settings, services)
    shown = review_html(services.db(), meeting_id)
    yilmaz = next(g for g in archive.suggestions(services.db(), meeting_id) if g.label == "YILMAZ")
    assert f"Vorschlag {yilmaz.id}: YILMAZ = <strong>Aylin Yilmaz</strong>" in shown
    assert "<q>Frau Yilmaz hat das Wort.</q>" in shown
    assert workspace.submit("confirm", "amt", yilmaz.id, {}) == ("confirmed", meeting_id)
    shown = review_html(services.db(), meeting_id)
    assert 'name="name:YILMAZ" value="Aylin Yilmaz"' in shown
    assert 'name="faction:YILMAZ" value="Bündnis 90/Die Grünen"' in shown
    with pytest.raises(NotFoundError, match="suggestion"):
        workspace.submit("reject", "amt", 10_000, {})
