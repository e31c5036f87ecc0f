"""Publication rules in the data layer: approval before publishing, non-public parts stay out."""

from __future__ import annotations

import pytest

from protokoll import archive as store
from protokoll.archive.clerks import add_clerk, verify_clerk
from protokoll.archive.search import SearchFilters, search
from protokoll.errors import InputError, UnapprovedSummariesError, UnknownMeetingError, UnknownSpeakerError
from protokoll.evaluation import MINUTES_FIXTURES, load_minutes_fixture
from protokoll.services import Services


@pytest.fixture(scope="module")
def minutes_archive(tmp_path_factory, text_embedder):
    """This module's own archive of the minutes fixtures, since its tests publish, hide and rename."""
    services = Services.for_archive(tmp_path_factory.mktemp("publication") / "archive.db", embedder=text_embedder)
    ids = {}
    for path in MINUTES_FIXTURES:
        data, agenda = load_minutes_fixture(path)
        ids[path.stem] = services.import_transcript(data, agenda=agenda)
    return services.db(), ids


@pytest.fixture
def meeting(minutes_archive):
    db, ids = minutes_archive
    meeting_id = ids["bezirksvertretung"]
    yield db, meeting_id
    db.execute("UPDATE meetings SET status = 'draft' WHERE id = ?", [meeting_id])
    db.execute("UPDATE utterances SET redacted = 0 WHERE meeting_id = ?", [meeting_id])
    db.execute("UPDATE summaries SET status = 'draft' WHERE meeting_id = ?", [meeting_id])


def test_unpublished_meeting_is_not_public(meeting):
    db, meeting_id = meeting
    with pytest.raises(UnknownMeetingError):
        store.public_meeting(db, meeting_id)
    assert meeting_id not in [m["id"] for m in store.list_meetings(db, public_only=True)]


def test_publishing_needs_approved_summaries(meeting):
    db, meeting_id = meeting
    with pytest.raises(UnapprovedSummariesError, match="approve them first"):
        store.set_publication(db, meeting_id, True, "kaya")
    store.approve_summaries(db, meeting_id, "kaya")
    store.set_publication(db, meeting_id, True, "kaya")
    assert store.public_meeting(db, meeting_id).meeting.status == "published"
    store.set_publication(db, meeting_id, False, "kaya")
    with pytest.raises(UnknownMeetingError):
        store.public_meeting(db, meeting_id)


def test_non_public_range_leaves_public_views_and_search(meeting, text_embedder):
    db, meeting_id = meeting
    store.approve_summaries(db, meeting_id, "kaya")
    store.set_publication(db, meeting_id, True, "kaya")
    target = db.execute(
        "SELECT start, end FROM utterances WHERE meeting_id = ? AND text LIKE '%Unterschriften%'", [meeting_id]
    ).fetchone()
    assert store.mark_non_public(db, meeting_id, target[0], target[1], "kaya") == 1
    bundle = store.public_meeting(db, meeting_id)
    assert all("Unterschriften" not in u.text for u in bundle.utterances)
    assert search(db, "Unterschriften", SearchFilters(public_only=True), mode="keyword") == []
    assert search(db, "Unterschriften", SearchFilters(public_only=False), mode="keyword")
    actions = [r[0] for r in db.execute("SELECT action FROM audit WHERE row_id = ? ORDER BY id", [meeting_id])]
    assert actions[-1] == "mark_non_public"


def test_non_public_agenda_item_is_left_out(minutes_archive):
    db, ids = minutes_archive
    meeting_id = ids["oparl_verbandsversammlung"]
    store.approve_summaries(db, meeting_id, "kaya")
    store.set_publication(db, meeting_id, True, "kaya")
    try:
        bundle = store.public_meeting(db, meeting_id)
        assert [i.number for i in bundle.agenda_items] == ["4", "5"]
        assert all("nichtöffentlichen Teil" not in u.text for u in bundle.utterances)
        assert search(db, "nichtöffentlichen", SearchFilters(public_only=True), mode="keyword") == []
    finally:
        db.execute("UPDATE meetings SET status = 'draft' WHERE id = ?", [meeting_id])


def test_clerk_passwords_are_hashed_and_checked(minutes_archive):
    db, _ = minutes_archive
    add_clerk(db, "kaya", "ein langes Passwort")
    stored = db.execute("SELECT password_hash FROM clerks WHERE username = 'kaya'").fetchone()[0]
    assert stored.startswith("scrypt$") and "langes" not in stored
    assert verify_clerk(db, "kaya", "ein langes Passwort")
    assert not verify_clerk(db, "kaya", "ein falsches Passwort")
    assert not verify_clerk(db, "niemand", "ein langes Passwort")
    with pytest.raises(InputError):
        add_clerk(db, "kurz", "123")


def test_assigning_a_person_with_faction_feeds_the_faction_filter(minutes_archive):
    db, ids = minutes_archive
    meeting_id = ids["zahlwoerter"]
    label = db.execute(
        "SELECT s.label FROM utterances u JOIN speakers s ON s.id = u.speaker_id "
        "WHERE u.meeting_id = ? AND u.text LIKE '%WLAN kostet%'",
        [meeting_id],
    ).fetchone()[0]
    person = store.assign_person(db, meeting_id, label, "Jonas Weber", "Volt", "kaya")
    assert store.assign_person(db, meeting_id, label, "Jonas Weber", None, "kaya") == person
    hits = search(db, "WLAN", SearchFilters(public_only=False, faction="Volt"), mode="keyword")
    assert hits and all(h.speaker == "Jonas Weber" for h in hits)
    with pytest.raises(UnknownSpeakerError):
        store.assign_person(db, meeting_id, "NIEMAND", "X", None, "kaya")


def test_public_page_marks_the_utterance_a_deep_link_points_to(minutes_archive, tmp_path):
    from protokoll.interfaces.web.pages import meeting_html

    db, ids = minutes_archive
    meeting_id = ids["jugendhilfe"]
    store.approve_summaries(db, meeting_id, "kaya")
    store.set_publication(db, meeting_id, True, "kaya")
    try:
        utterance = db.execute(
            "SELECT id, start FROM utterances WHERE meeting_id = ? ORDER BY start LIMIT 1 OFFSET 4", [meeting_id]
        ).fetchone()
        page = meeting_html(db, meeting_id, float(int(utterance[1])), "de", None, tmp_path)
        assert page.count('class="utterance current"') == 1
        assert f'class="utterance current" id="u{utterance[0]}"' in page
        with pytest.raises(UnknownMeetingError):
            meeting_html(db, ids["haushalt"], None, "de", None, tmp_path)  # not published
    finally:
        db.execute("UPDATE meetings SET status = 'draft' WHERE id = ?", [meeting_id])
