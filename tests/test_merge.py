"""Speakers corrected in the review: merging two labels and undoing it, one utterance given to another speaker."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from protokoll import archive
from protokoll.errors import UnknownMergeError, ValidationError
from protokoll.interfaces.cli import cli
from protokoll.interfaces.web.workspace import review_html

MEMBERS = Path(__file__).parent / "data" / "members" / "emscherhausen.csv"


@pytest.fixture
def sample(unnamed_sample):
    """(services, db path, meeting id): the sample with unnamed speakers and the chair's name suggestions."""
    services, meeting_id = unnamed_sample
    return services, services.settings.database, meeting_id


def _state(db, meeting_id):
    """Everything a merge touches: the speakers' rows, who said each utterance, the suggestions."""
    speakers = [dict(row) for row in db.query("SELECT * FROM speakers WHERE meeting_id = ? ORDER BY id", [meeting_id])]
    said = db.execute("SELECT id, speaker_id FROM utterances WHERE meeting_id = ? ORDER BY id", [meeting_id]).fetchall()
    suggested = [dict(r) for r in db.query("SELECT * FROM speaker_suggestions WHERE meeting_id = ? ORDER BY id",
                                           [meeting_id])]  # fmt: skip
    return speakers, said, suggested


def test_undoing_a_merge_brings_back_the_speaker_its_utterances_and_suggestions(sample):
    services, _, meeting_id = sample
    db = services.db()
    before = _state(db, meeting_id)
    suggested = {g.label for g in archive.suggestions(db, meeting_id, open_only=True)}
    label = next(s["label"] for s in before[0] if s["label"] in suggested)
    into = next(s["label"] for s in before[0] if s["label"] != label)
    moved = services.merge_speakers(meeting_id, label, into, "kaya")
    assert moved > 0 and label not in {s.label for s in archive.load_meeting(db, meeting_id).speakers}
    assert label not in {g.label for g in archive.suggestions(db, meeting_id)}

    [merge] = archive.speaker_merges(db, meeting_id)
    assert (merge["label"], merge["into_label"], merge["merged_by"]) == (label, into, "kaya")
    assert services.unmerge_speakers(meeting_id, merge["id"], "amt") == moved
    assert _state(db, meeting_id) == before
    assert archive.speaker_merges(db, meeting_id) == []
    assert [r["action"] for r in archive.audit_entries(db, meeting_id, 10)][:2] == ["summarize", "unmerge_speakers"]
    with pytest.raises(UnknownMergeError, match="no merge"):
        services.unmerge_speakers(meeting_id, merge["id"], "amt")


def test_merges_in_a_row_are_undone_newest_first(sample):
    services, _, meeting_id = sample
    db = services.db()
    before = _state(db, meeting_id)
    a, b, c = (s["label"] for s in before[0][:3])
    services.merge_speakers(meeting_id, a, b, "kaya")
    services.merge_speakers(meeting_id, b, c, "kaya")  # b, holding a's utterances now, goes into c
    newest, first = archive.speaker_merges(db, meeting_id)
    assert (newest["undoable"], first["into_label"], first["undoable"]) == (1, b, 0)
    assert "erst die spätere Zusammenführung" in review_html(db, meeting_id)
    with pytest.raises(ValidationError, match="later merge"):
        services.unmerge_speakers(meeting_id, first["id"], "kaya")
    services.unmerge_speakers(meeting_id, newest["id"], "kaya")
    services.unmerge_speakers(meeting_id, first["id"], "kaya")
    assert _state(db, meeting_id) == before


def test_a_corrected_utterance_goes_back_with_its_speaker(sample):
    services, _, meeting_id = sample
    db = services.db()
    speakers = archive.load_meeting(db, meeting_id).speakers
    label, into = speakers[0].label, speakers[1].label
    own = next(u for u in archive.load_meeting(db, meeting_id).utterances if u.speaker == label)
    services.merge_speakers(meeting_id, label, into, "kaya")
    services.correct(own.id, "Berichtigt.", "kaya")
    [merge] = archive.speaker_merges(db, meeting_id)
    services.unmerge_speakers(meeting_id, merge["id"], "kaya")
    back = next(u for u in archive.load_meeting(db, meeting_id).utterances if u.id == own.id)
    assert (back.speaker, back.text) == (label, "Berichtigt.")


def test_the_review_offers_the_undo_and_the_cli_lists_and_undoes(sample):
    services, db_path, meeting_id = sample
    db = services.db()
    labels = [s.label for s in archive.load_meeting(db, meeting_id).speakers]
    services.merge_speakers(meeting_id, labels[0], labels[1], "kaya")
    [merge] = archive.speaker_merges(db, meeting_id)
    assert f'action="clerk/meetings/{meeting_id}/merges/{merge["id"]}/undo"' in review_html(db, meeting_id)

    run = CliRunner().invoke(cli, ["unmerge", str(meeting_id), "--db", str(db_path)])
    assert run.exit_code == 0 and run.output.startswith(f"{merge['id']}\t{labels[0]} -> {labels[1]}\tkaya")
    unknown = CliRunner().invoke(cli, ["unmerge", str(meeting_id), "999", "--db", str(db_path)])
    assert unknown.exit_code != 0 and "no merge 999" in unknown.output
    undone = CliRunner().invoke(cli, ["unmerge", str(meeting_id), str(merge["id"]), "--db", str(db_path)])
    assert undone.exit_code == 0, undone.output
    assert labels[0] in {s.label for s in archive.load_meeting(db, meeting_id).speakers}
    assert "/undo" not in review_html(db, meeting_id)


def test_the_cli_gives_one_utterance_to_another_speaker(sample):
    services, db_path, meeting_id = sample
    db = services.db()
    meeting = archive.load_meeting(db, meeting_id)
    row, other = meeting.utterances[0], meeting.speakers[-1]
    run = CliRunner().invoke(cli, ["reassign", str(row.id), other.label, "--db", str(db_path), "--clerk", "kaya"])
    assert run.exit_code == 0, run.output
    assert next(u for u in archive.load_meeting(db, meeting_id).utterances if u.id == row.id).speaker_id == other.id
    unknown = CliRunner().invoke(cli, ["reassign", str(row.id), "NIEMAND", "--db", str(db_path)])
    assert unknown.exit_code != 0 and "has no speaker 'NIEMAND'" in unknown.output
