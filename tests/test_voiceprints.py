"""Voice prints per label and the separation of voices that clustering merged, on real voices.

The turns come from the reference of a voice test session (tests/data/voice_sessions, its SOURCES.md),
relabelled to stand for what clustering gets wrong; the prints are the real CAM++ model's.
"""

import json

import pytest

from protokoll.domain import Turn
from protokoll.evaluation import VOICE_SESSIONS
from protokoll.speakers.voices import MIN_CONSISTENCY
from protokoll.speech.audio import load_recording
from protokoll.speech.voiceprints import label_prints, separate_voices

SESSION = VOICE_SESSIONS[1]  # session 2: thirteen voices, real and synthetic


@pytest.fixture(scope="module")
def session():
    data = json.loads(SESSION.read_text(encoding="utf-8"))
    turns = [Turn(t["start"], t["end"], t["speaker"]) for t in data["turns"]]
    return load_recording(SESSION.with_suffix(".flac")).audio, turns


@pytest.fixture(scope="module")
def model(pipeline):
    return pipeline.voice_model


def relabel(turns, mapping):
    return [Turn(t.start, t.end, mapping.get(t.speaker, t.speaker)) for t in turns]


def speakers_of(turns, start, end):
    return {t.speaker for t in turns if t.start < end and t.end > start}


def test_one_voice_per_label_is_left_as_it_is(session, model):
    audio, turns = session
    separated = separate_voices(audio, turns, model)
    assert separated.turns == turns
    assert separated.moved_seconds == 0.0
    assert all(p.consistency >= MIN_CONSISTENCY for p in separated.prints.values())
    assert separated.prints == label_prints(audio, turns, model)


def test_a_voice_merged_into_another_label_gets_a_label_of_its_own(session, model):
    audio, turns = session
    # two men recorded in different rooms, as clustering merged them in session 1
    merged = relabel(turns, {"ami-MEE009": "thorsten"})
    assert label_prints(audio, merged, model)["thorsten"].consistency < MIN_CONSISTENCY
    separated = separate_voices(audio, merged, model)

    def labels_of(voice):
        return {
            label
            for t in turns
            if t.speaker == voice
            for label in speakers_of(separated.turns, t.start + 0.2, t.end - 0.2)
        }

    frank, thorsten = labels_of("ami-MEE009"), labels_of("thorsten")
    assert thorsten == {"thorsten"}  # the dominant voice keeps the label
    assert len(frank) == 1 and frank.isdisjoint({t.speaker for t in merged})
    assert separated.prints["thorsten"].consistency == separated.prints[frank.pop()].consistency == 1.0
    moved = sum(t.end - t.start for t in turns if t.speaker == "ami-MEE009")
    assert separated.moved_seconds == pytest.approx(moved, abs=0.5)


def test_a_stray_turn_goes_back_to_the_label_of_its_voice(session, model):
    audio, turns = session
    stray = next(t for t in turns if t.speaker == "espeak-announcer")
    misplaced = [Turn(t.start, t.end, "thorsten") if t == stray else t for t in turns]
    separated = separate_voices(audio, misplaced, model)
    assert speakers_of(separated.turns, stray.start + 0.2, stray.end - 0.2) == {"espeak-announcer"}
    assert {t.speaker for t in separated.turns} == {t.speaker for t in turns}


def test_no_new_label_beyond_the_most_speakers_allowed(session, model):
    audio, turns = session
    merged = relabel(turns, {"ami-MEE009": "thorsten"})
    labels = {t.speaker for t in merged}
    separated = separate_voices(audio, merged, model, max_speakers=len(labels))
    assert {t.speaker for t in separated.turns} == labels
    assert separated.turns == merged


def test_turns_of_a_separated_label_still_cover_the_same_time(session, model):
    audio, turns = session
    merged = relabel(turns, {"ami-MEE009": "thorsten", "leopard-test-de": "espeak-marco"})
    separated = separate_voices(audio, merged, model)
    assert sum(t.end - t.start for t in separated.turns) == pytest.approx(sum(t.end - t.start for t in merged))
    assert len({t.speaker for t in separated.turns}) == len({t.speaker for t in merged}) + 2
