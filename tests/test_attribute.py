"""Words to speakers to utterances: unit cases, and real speech against a speaker-named transcript."""

from __future__ import annotations

import pytest

from protokoll.domain import Turn, Word
from protokoll.evaluation import speaker_accuracy
from protokoll.speech.attribute import (
    UNKNOWN_SPEAKER,
    assign_speakers,
    attribute,
    build_utterances,
    realign_to_sentences,
    smooth_islands,
)
from protokoll.speech.audio import load_recording


def w(text, start, end):
    return Word(text, start, end)


def test_word_goes_to_the_turn_it_overlaps_most():
    turns = [Turn(0.0, 2.0, "A"), Turn(1.8, 4.0, "B")]
    words = [w("eins", 0.1, 0.5), w("zwei", 1.7, 2.3), w("drei", 3.0, 3.5)]
    assert assign_speakers(words, turns) == ["A", "B", "B"]


def test_word_outside_turns_goes_to_the_nearest_one():
    turns = [Turn(0.0, 1.0, "A"), Turn(5.0, 6.0, "B")]
    words = [w("a", 1.3, 1.5), w("b", 4.5, 4.8), w("c", 20.0, 20.5)]
    assert assign_speakers(words, turns) == ["A", "B", "B"]


def test_no_turns_means_unknown_speaker():
    assert assign_speakers([w("a", 0, 1)], []) == [UNKNOWN_SPEAKER]


def test_sentence_end_that_spilled_to_the_next_speaker_is_given_back():
    words = [
        w("Der", 0, 0.2),
        w("Antrag", 0.3, 0.6),
        w("ist", 0.7, 0.8),
        w("angenommen.", 0.9, 1.4),
        w("Danke.", 2.0, 2.3),
    ]
    labels = ["A", "A", "A", "B", "B"]
    assert realign_to_sentences(words, labels) == ["A", "A", "A", "A", "B"]


def test_sentence_start_taken_by_the_previous_speaker_is_moved():
    words = [
        w("Danke.", 0, 0.3),
        w("Ich", 1.0, 1.1),
        w("beantrage", 1.2, 1.6),
        w("Vertagung", 1.7, 2.2),
        w("heute.", 2.3, 2.6),
    ]
    labels = ["A", "A", "B", "B", "B"]
    assert realign_to_sentences(words, labels) == ["A", "B", "B", "B", "B"]


def test_stray_word_inside_one_speech_is_smoothed():
    words = [w(t, i, i + 0.3) for i, t in enumerate("wir bauen den Radweg jetzt".split())]
    assert smooth_islands(words, ["A", "A", "B", "A", "A"]) == ["A"] * 5
    # A longer interjection is kept.
    words = [w(t, i * 0.3, i * 0.3 + 0.25) for i, t in enumerate("wir bauen das ist falsch den Radweg".split())]
    labels = ["A", "A", "B", "B", "B", "A", "A"]
    assert smooth_islands(words, labels) == labels


def test_utterances_cut_at_speaker_change_and_long_pause():
    words = [w("eins", 0, 0.5), w("zwei", 0.6, 1.0), w("drei", 4.0, 4.5), w("vier", 4.6, 5.0)]
    utterances = build_utterances(words, ["A", "A", "A", "B"], max_pause=1.5)
    assert [(u.speaker, u.text) for u in utterances] == [("A", "eins zwei"), ("A", "drei"), ("B", "vier")]
    assert utterances[0].start == 0 and utterances[0].end == 1.0


@pytest.fixture(scope="module")
def call_words_and_turns(pipeline, corpus):
    audio = load_recording(corpus / "pyannote-audio" / "sample.wav").audio
    transcript = pipeline.transcriber(audio, language="en")
    return transcript.words, pipeline.diarizer(audio).turns


def _stm_turns(path):
    turns = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(maxsplit=5)
        turns.append(Turn(float(parts[3]), float(parts[4]), parts[2]))
    return turns


def test_real_call_words_go_to_the_right_speaker(call_words_and_turns, corpus):
    words, turns = call_words_and_turns
    utterances = attribute(words, turns)
    attributed = [word for u in utterances for word in u.words]
    labels = [u.speaker for u in utterances for _ in u.words]
    assert attributed == words  # no word lost or duplicated
    accuracy, mapping = speaker_accuracy(attributed, labels, _stm_turns(corpus / "pyannote-audio" / "sample.stm"))
    assert sorted(mapping.values()) == ["Diane", "Sheila"]
    assert accuracy >= 0.9, accuracy
