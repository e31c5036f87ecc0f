"""The review's forms (web workspace): names of all speakers in one form, a row corrected or rows hidden in the
transcript, merge, approve, publish and withdraw; what the forms send is read from the review's own HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from protokoll import archive
from protokoll.errors import ValidationError
from protokoll.interfaces.web.workspace import Workspace, form_message, review_html

MEMBERS = Path(__file__).parent / "data" / "members" / "emscherhausen.csv"


@pytest.fixture
def review(unnamed_sample):
    """(workspace, meeting id): the sample with its speakers unnamed and the chair's name suggestions."""
    services, meeting_id = unnamed_sample
    return Workspace(services.settings, services), meeting_id


def _filled_fields(html: str, form: str) -> dict[str, str]:
    """The text fields of one of the review's forms as the browser sends them unchanged."""
    body = re.search(rf'action="clerk/meetings/\d+/{form}">(.*?)</form>', html, re.S).group(1)
    return dict(re.findall(r'<input id="[^"]*" name="([^"]+)" value="([^"]*)"', body))


def _meeting(workspace, meeting_id):
    return archive.load_meeting(workspace.db(), meeting_id)


def test_one_click_saves_every_suggested_name_and_confirms_the_suggestions(review, sample_reference):
    workspace, meeting_id = review
    fields = _filled_fields(review_html(workspace.db(), meeting_id), "names")
    suggested = {g.label: g.name for g in archive.suggestions(workspace.db(), meeting_id, open_only=True)}
    assert suggested and all(fields[f"name:{label}"] == name for label, name in suggested.items())
    unnamed = [s.label for s in _meeting(workspace, meeting_id).speakers if s.label not in suggested]
    truth = {label: person["name"] for label, person in sample_reference["speakers"].items()}
    for label in unnamed:  # what the chair's words do not name, the clerk types
        fields[f"name:{label}"] = truth[label]

    assert workspace.submit("names", "amt", meeting_id, fields) == ("named", meeting_id)
    assert {s.label: s.name for s in _meeting(workspace, meeting_id).speakers} == truth
    assert archive.suggestions(workspace.db(), meeting_id, open_only=True) == []
    # Sent again unchanged, nothing is stored twice.
    again = _filled_fields(review_html(workspace.db(), meeting_id), "names")
    assert workspace.submit("names", "amt", meeting_id, again) == ("unchanged", meeting_id)


def test_a_row_is_corrected_in_place_and_rows_are_hidden_from_here_to_there(review):
    workspace, meeting_id = review
    rows = _meeting(workspace, meeting_id).utterances
    first, last = rows[3], rows[5]
    assert workspace.submit("transcript", "amt", meeting_id, {"save": str(first.id), f"text:{first.id}": "Neu."}) == (
        "corrected",
        meeting_id,
    )
    assert next(u.text for u in _meeting(workspace, meeting_id).utterances if u.id == first.id) == "Neu."
    # "bis hier" may be marked above "ab hier": the rows between them are hidden either way.
    hide = {"hide": "1", "from": str(last.id), "to": str(first.id)}
    assert workspace.submit("transcript", "amt", meeting_id, hide) == ("hidden", meeting_id)
    public = {u.id for u in _meeting(workspace, meeting_id).utterances}
    assert public == {u.id for u in rows} - {rows[3].id, rows[4].id, rows[5].id}


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"hide": "1", "from": "1"}, "bis hier"),
        ({"hide": "1", "from": "abc", "to": "1"}, "keine Zeile"),
        ({"hide": "1", "from": "99999", "to": "1"}, "gehört nicht zu dieser Sitzung"),
        ({"save": "99999", "text:99999": "x"}, "gehört nicht zu dieser Sitzung"),
    ],
)
def test_a_transcript_form_with_rows_that_are_not_this_meetings_is_refused_and_changes_nothing(review, fields, message):
    workspace, meeting_id = review
    before = _meeting(workspace, meeting_id).utterances
    with pytest.raises(ValidationError, match=message):
        workspace.submit("transcript", "amt", meeting_id, fields)
    assert _meeting(workspace, meeting_id).utterances == before


def test_merge_publish_and_withdraw_are_done_only_with_the_tick(review):
    workspace, meeting_id = review
    labels = [s.label for s in _meeting(workspace, meeting_id).speakers]
    merge = {"label": labels[1], "into": labels[0]}
    assert workspace.submit("merge", "amt", meeting_id, merge) == ("unconfirmed", meeting_id)
    assert len(_meeting(workspace, meeting_id).speakers) == len(labels)
    with pytest.raises(ValidationError, match="zwei verschiedene"):
        workspace.submit("merge", "amt", meeting_id, {"label": labels[0], "into": labels[0], "confirm": "1"})
    assert workspace.submit("merge", "amt", meeting_id, {**merge, "confirm": "1"}) == ("merged", meeting_id)
    assert labels[1] not in {s.label for s in _meeting(workspace, meeting_id).speakers}

    assert workspace.submit("approve", "amt", meeting_id, {}) == ("approved", meeting_id)
    assert workspace.submit("publish", "amt", meeting_id, {}) == ("unconfirmed", meeting_id)
    assert _meeting(workspace, meeting_id).meeting.status != "published"
    assert workspace.submit("publish", "amt", meeting_id, {"confirm": "1"}) == ("published", meeting_id)
    assert _meeting(workspace, meeting_id).meeting.status == "published"
    assert f'action="clerk/meetings/{meeting_id}/withdraw"' in review_html(workspace.db(), meeting_id)
    assert workspace.submit("withdraw", "amt", meeting_id, {}) == ("unconfirmed", meeting_id)
    assert workspace.submit("withdraw", "amt", meeting_id, {"confirm": "1"}) == ("withdrawn", meeting_id)
    assert _meeting(workspace, meeting_id).meeting.status != "published"


def test_an_edit_to_a_published_meeting_says_that_its_summaries_need_approval_again(review):
    workspace, meeting_id = review
    workspace.submit("approve", "amt", meeting_id, {})
    workspace.submit("publish", "amt", meeting_id, {"confirm": "1"})
    row = _meeting(workspace, meeting_id).utterances[2]
    done, _ = workspace.submit("transcript", "amt", meeting_id, {"save": str(row.id), f"text:{row.id}": "Anders."})
    assert form_message(done).startswith("Text gespeichert.") and "erneut freigeben" in form_message(done)
    assert any(s.status == "draft" for s in _meeting(workspace, meeting_id).summaries)
    assert form_message("corrected") == "Text gespeichert."


def test_an_unknown_form_is_refused(review):
    workspace, meeting_id = review
    with pytest.raises(ValidationError, match="unbekanntes Formular"):
        workspace.submit("delete", "amt", meeting_id, {})


def test_a_row_is_given_to_another_speaker_from_its_own_choice(review):
    workspace, meeting_id = review
    meeting = _meeting(workspace, meeting_id)
    labels = {s.id: s.label for s in meeting.speakers}
    row = meeting.utterances[4]
    other = next(label for speaker_id, label in labels.items() if speaker_id != row.speaker_id)
    html = review_html(workspace.db(), meeting_id)
    assert f'<select name="speaker:{row.id}"' in html
    unchanged = {"save": str(row.id), f"text:{row.id}": row.text, f"speaker:{row.id}": labels[row.speaker_id]}
    assert workspace.submit("transcript", "amt", meeting_id, unchanged) == ("unchanged", meeting_id)
    moved = {**unchanged, f"speaker:{row.id}": other}
    assert workspace.submit("transcript", "amt", meeting_id, moved) == ("reassigned", meeting_id)
    after = next(u for u in _meeting(workspace, meeting_id).utterances if u.id == row.id)
    assert labels[after.speaker_id] == other and after.text == row.text
    audit = archive.audit_entries(workspace.db(), meeting_id, 10)
    assert any(e["action"] == "reassign_utterance" and e["after"] == other for e in audit)
    with pytest.raises(ValidationError, match="keinen Sprecher"):
        workspace.submit("transcript", "amt", meeting_id, {**unchanged, f"speaker:{row.id}": "NIEMAND"})
    assert labels[next(u for u in _meeting(workspace, meeting_id).utterances if u.id == row.id).speaker_id] == other


def test_an_upload_takes_a_german_date_and_refuses_anything_else_before_queueing(review, tmp_path):
    workspace, _ = review
    sample = Path(__file__).parent.parent / "samples" / "sample_session.flac"
    with pytest.raises(ValidationError, match="Datum: '12.13.2026' ist kein Datum"):
        workspace.start_ingest(str(sample), "Sitzung", "12.13.2026", "Rat", None, "amt")
    assert archive.recent_jobs(workspace.db()) == []
    workspace.start_ingest(str(sample), "Sitzung", "12.11.2026", "Rat", None, "amt")
    [job] = archive.recent_jobs(workspace.db())
    assert '"date": "2026-11-12"' in job["request"]
