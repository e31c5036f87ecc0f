"""The voice register's decision: which registered person, if any, each new speaker is.

Each speaker of a new meeting has one CAM++ voice print (its diarization centroid); each
registered person has several (one per meeting a clerk confirmed). A speaker's score for a person
is the cosine similarity to the closest of that person's prints, since a voice heard through a
different microphone resembles its own recording in that room more than an average. Speakers and
persons are paired so that the total score is highest and no person goes to two speakers; a pair at
or above `recognise_at` is named automatically, one at or above `suggest_at` is offered to the clerk.
A speaker with too little speech to have a reliable print, or whose speech is not consistently one
voice (diarization may have merged two), is only ever a suggestion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment

__all__ = ["VoiceMatch", "voice_scores", "match_voices", "MIN_SECONDS", "MIN_CONSISTENCY", "MIN_HEARD_SHARE"]

MIN_SECONDS = 4.0
# A label whose speech is less consistently one voice may hold two people (speech.voiceprints).
MIN_CONSISTENCY = 0.8
# A clerk names a label by what its utterances say and sound like; its print comes from all its speech.
# Where recognition heard words in less than this share of that speech, the print is mostly a voice the
# clerk never heard under that label (a label of one voice holding another speaker's few words).
MIN_HEARD_SHARE = 0.5


@dataclass(frozen=True)
class VoiceMatch:
    label: str
    person_id: int
    score: float
    recognised: bool  # named automatically (else: a suggestion for the clerk)


def _unit(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def voice_scores(
    speakers: Mapping[str, Sequence[float]], register: Mapping[int, Sequence[Sequence[float]]]
) -> tuple[list[str], list[int], np.ndarray]:
    """Return (labels, person ids, scores): each speaker's similarity to each person's closest print."""
    labels = [label for label, vector in speakers.items() if vector is not None and len(vector)]
    persons = [person for person, prints in register.items() if len(prints)]
    scores = np.zeros((len(labels), len(persons)))
    if labels and persons:
        voices = _unit(np.asarray([speakers[label] for label in labels], dtype=np.float64))
        for column, person in enumerate(persons):
            prints = _unit(np.asarray(register[person], dtype=np.float64))
            scores[:, column] = (voices @ prints.T).max(axis=1)
    return labels, persons, scores


def match_voices(
    speakers: Mapping[str, Sequence[float]],
    register: Mapping[int, Sequence[Sequence[float]]],
    seconds: Mapping[str, float] | None,
    recognise_at: float,
    suggest_at: float,
    min_seconds: float = MIN_SECONDS,
    consistency: Mapping[str, float | None] | None = None,
) -> list[VoiceMatch]:
    """Pair speakers with registered persons one-to-one; return the pairs worth naming or suggesting.

    The thresholds are settings (`voice_recognise_at`, `voice_suggest_at`), calibrated by
    benchmarks/speakers_benchmark.py on same- and different-person scores.
    """
    labels, persons, scores = voice_scores(speakers, register)
    if not labels or not persons:
        return []
    rows, columns = linear_sum_assignment(scores, maximize=True)
    matches = []
    for row, column in zip(rows, columns, strict=True):
        score = float(scores[row, column])
        if score < suggest_at:
            continue
        label = labels[row]
        long_enough = seconds is None or seconds.get(label, 0.0) >= min_seconds
        one_voice = consistency is None or (consistency.get(label) or 0.0) >= MIN_CONSISTENCY
        recognised = score >= recognise_at and long_enough and one_voice
        matches.append(VoiceMatch(label, persons[column], round(score, 4), recognised))
    return matches
