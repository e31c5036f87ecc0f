"""English transcript through Whisper's translate task, stored beside the German text."""

from __future__ import annotations

import warnings

import pytest

from protokoll.archive import load_meeting
from protokoll.domain import MeetingInfo, Word
from protokoll.errors import InputError
from protokoll.records import UtteranceRecord
from protokoll.services import Services
from protokoll.speech.translation import words_to_utterances

ENGLISH = {"the", "is", "and", "of", "to", "a", "i", "we", "it", "this", "in", "that", "you", "for"}


def test_words_go_to_the_utterance_they_were_spoken_in():
    utterances = [UtteranceRecord(1, "A", 0.0, 4.0, ""), UtteranceRecord(2, "B", 5.0, 9.0, "")]
    words = [Word("Good", 0.5, 0.9), Word("evening.", 1.0, 1.4), Word("Thank", 4.4, 4.6), Word("you.", 5.2, 5.5)]
    assert words_to_utterances(words, utterances) == {1: "Good evening. Thank", 2: "you."}


@pytest.mark.slow
def test_german_speech_gets_an_english_transcript(pipeline, corpus, tmp_path):
    services = Services.for_archive(tmp_path / "archive.db", pipeline=pipeline)
    db = services.db()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = services.ingest(corpus / "picovoice-leopard" / "test_de.wav", MeetingInfo(title="clip"))
        assert services.translate(result.meeting_id) >= 1
    utterances = load_meeting(db, result.meeting_id).utterances
    english = " ".join(u.text_en or "" for u in utterances).lower()
    german = " ".join(u.text for u in utterances).lower()
    words = {w.strip(".,!?") for w in english.split()}
    assert len(words & ENGLISH) >= 2, english
    assert english != german


def test_imported_transcript_has_no_recording_to_translate(minutes_archive, minutes_services):
    db, ids = minutes_archive
    with pytest.raises(InputError, match="no recording"):
        minutes_services.translate(ids["haushalt"])
