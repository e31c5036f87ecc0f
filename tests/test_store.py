"""The archive: migrations, one transaction per meeting, duplicates, compound-word search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from protokoll import archive as store
from protokoll.archive.schema import MIGRATIONS
from protokoll.domain import MeetingInfo, SpeakerTurns, Transcript, Turn, Utterance, Word
from protokoll.errors import DatabaseError, DuplicateRecordingError, UnknownMeetingError, UnknownSpeakerError


def _meeting(text="Die Müllgebühren steigen um drei Prozent."):
    words = [Word(t, i * 0.5, i * 0.5 + 0.4, 0.9) for i, t in enumerate(text.split())]
    utterance = Utterance("SPEAKER_00", words[0].start, words[-1].end, text, words)
    transcript = Transcript(words, "de", 0.99, 10.0, model="test")
    speakers = SpeakerTurns([Turn(0.0, 5.0, "SPEAKER_00")], {"SPEAKER_00": [0.1] * 192}, method="test")
    return transcript, speakers, [utterance]


def _save(db, sha="a" * 64, text="Die Müllgebühren steigen um drei Prozent."):
    transcript, speakers, utterances = _meeting(text)
    info = MeetingInfo(title="Rat", date="2026-11-12", body="Rat der Stadt Essen")
    return store.save_meeting(db, info, Path("x.flac"), sha, 10.0, "flac", transcript, speakers, utterances)


def test_fresh_database_is_migrated(tmp_path):
    db = store.open_database(tmp_path / "a.db")
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert {"meetings", "recordings", "speakers", "utterances", "audit", "jobs", "utterances_fts"} <= set(
        db.table_names()
    )
    db.close()
    # Opening again applies nothing twice.
    again = store.open_database(tmp_path / "a.db")
    assert again.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    with pytest.raises(DatabaseError, match="newer than this Protokoll"):
        store.open_database(path)


def test_unwritable_location_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot open database"):
        store.open_database(blocker / "sub" / "a.db")


def test_meeting_round_trip(tmp_path):
    db = store.open_database(tmp_path / "a.db")
    meeting_id = _save(db)
    bundle = store.load_meeting(db, meeting_id)
    assert bundle.meeting.title == "Rat" and bundle.meeting.body == "Rat der Stadt Essen"
    assert bundle.meeting.status == "draft"
    assert bundle.utterances[0].text == "Die Müllgebühren steigen um drei Prozent."
    assert bundle.utterances[0].words[1] == Word("Müllgebühren", 0.5, 0.9, 0.9)
    assert bundle.speakers[0].label == "SPEAKER_00"
    assert db.execute("SELECT embedding IS NOT NULL FROM speakers").fetchone()[0] == 1


def test_failure_inside_the_transaction_leaves_nothing(tmp_path):
    db = store.open_database(tmp_path / "a.db")
    first = _save(db)

    # The ingest service stores the meeting and its minutes in one transaction; a later step fails.
    with pytest.raises(RuntimeError), db.atomic():
        _save(db, sha="b" * 64)
        raise RuntimeError("disk full")
    assert store.meeting_ids(db) == [first]
    assert db.execute("SELECT count(*) FROM utterances").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM utterances_fts").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM recordings").fetchone()[0] == 1


def test_same_recording_twice_is_refused(tmp_path):
    db = store.open_database(tmp_path / "a.db")
    first = _save(db)
    with pytest.raises(DuplicateRecordingError, match=f"meeting {first}") as raised:
        _save(db)
    assert raised.value.meeting_id == first
    assert store.meeting_ids(db) == [first]


def test_unknown_meeting(tmp_path):
    db = store.open_database(tmp_path / "a.db")
    with pytest.raises(UnknownMeetingError, match="no meeting with id 42"):
        store.load_meeting(db, 42)


def test_rename_speaker_is_audited(tmp_path):
    db = store.open_database(tmp_path / "a.db")
    meeting_id = _save(db)
    store.rename_speaker(db, meeting_id, "SPEAKER_00", "Petra Hoffmann", actor="clerk")
    assert store.load_meeting(db, meeting_id).utterances[0].speaker == "Petra Hoffmann"
    audit = db.execute("SELECT actor, before, after FROM audit WHERE action = 'rename_speaker'").fetchone()
    assert audit == ("clerk", None, "Petra Hoffmann")
    with pytest.raises(UnknownSpeakerError, match="no speaker"):
        store.rename_speaker(db, meeting_id, "SPEAKER_09", "X", actor="clerk")
