"""One voice print per speaker label from its own speech, and how consistently the label is one voice.

Diarization's centroid of a label averages whatever the clustering put together; where it merged
two similar voices, that average is neither, and a clerk naming the label would teach the voice
register a mixture. So each label's turns are cut into pieces (1.5 to 8 s), each piece gets a CAM++
print, and the piece that agrees with the most speech stands for the label's dominant voice. The
label's print is the mean of the pieces that agree with it (cosine similarity at least `AGREE`),
and its consistency is their share of the label's embedded speech: near 1 for one voice, lower
where the label holds two.

`audio` is a sample source (an array, or anything with `len()` and `audio[a:b]`, such as
`speech.audio.AudioFile`): each piece is read on its own, and a label with more than `MAX_PIECES`
pieces is judged on that many pieces spread evenly over its speech, so that a six-hour session's
chair costs no more time and memory than half an hour of speech (labels of shorter recordings
have fewer pieces and are judged on all of them).

`AGREE` (0.55) separates pieces of one voice from pieces of two: on the 1.5 to 8 s turns of the
voice test sessions, 95 % of same-voice pairs and 1.7 % of different-voice pairs reach it
(benchmarks/speakers_benchmark.py, `voices.reference_turns` in results.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import torch

from protokoll.domain import Turn

__all__ = ["LabelPrint", "label_prints", "AGREE"]

AGREE = 0.55
MIN_PIECE = 1.5
MAX_PIECE = 8.0
MAX_PIECES = 240  # per label: at most 32 minutes of speech are embedded


@dataclass(frozen=True)
class LabelPrint:
    vector: list[float]
    consistency: float  # share of the label's embedded speech that sounds like its dominant voice
    seconds: float  # speech embedded


def _pieces(turns: Iterable[Turn]) -> list[tuple[float, float]]:
    pieces = []
    for turn in turns:
        length = turn.end - turn.start
        if length < MIN_PIECE:
            continue
        count = int(np.ceil(length / MAX_PIECE))
        step = length / count
        pieces += [(turn.start + i * step, turn.start + (i + 1) * step) for i in range(count)]
    return pieces


def _spread(pieces: list[tuple[float, float]]) -> list[tuple[float, float]]:
    if len(pieces) <= MAX_PIECES:
        return pieces
    return [pieces[int(i)] for i in np.linspace(0, len(pieces) - 1, MAX_PIECES).round()]


def label_prints(audio: np.ndarray, turns: list[Turn], model, sample_rate: int = 16000) -> dict[str, LabelPrint]:
    """Return each label's print from its dominant voice, with the label's consistency (see module)."""
    by_label: dict[str, list[Turn]] = {}
    for turn in turns:
        by_label.setdefault(turn.speaker, []).append(turn)
    prints = {}
    for label, own in by_label.items():
        pieces = _spread(_pieces(own))
        if not pieces:
            continue
        rows, weights = [], []
        for start, end in pieces:
            samples = audio[int(start * sample_rate) : int(end * sample_rate)]
            vector = model(torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32))[None, None])[0]
            if np.all(np.isfinite(vector)) and np.any(vector):
                rows.append(vector / np.linalg.norm(vector))
                weights.append(end - start)
        if not rows:
            continue
        vectors, weights = np.asarray(rows), np.asarray(weights)
        agree = (vectors @ vectors.T) >= AGREE
        dominant = int(np.argmax(agree @ weights))
        members = agree[dominant]
        mean = (vectors[members] * weights[members, None]).sum(axis=0)
        prints[label] = LabelPrint(
            [round(float(x), 6) for x in mean / np.linalg.norm(mean)],
            round(float(weights[members].sum() / weights.sum()), 3),
            round(float(weights.sum()), 1),
        )
    return prints
