"""One voice print per speaker label from its own speech, and how consistently the label is one voice.

Diarization's centroid of a label averages whatever the clustering put together; where it merged
two similar voices, that average is neither, and a clerk naming the label would teach the voice
register a mixture. So each label's turns are cut into pieces (1.5 to 8 s), each piece gets a CAM++
print, and the piece that agrees with the most speech stands for the label's dominant voice. The
label's print is the mean of the pieces that agree with it (cosine similarity at least `AGREE`),
and its consistency is their share of the label's embedded speech: near 1 for one voice, lower
where the label holds two.

`separate_voices` uses the same pieces to repair such labels before anything is named: a piece that
agrees neither with its label's dominant piece nor with the dominant voice's mean moves to the label
whose voice it agrees with, or joins similar leavers in a voice of their own. Clustering sees each
voice through few long chunks and merges voices with little speech (the voice test sessions: 12 or
13 voices, 10 labels); the pieces see them apart. On those sessions DER (collar 0.25) fell from
0.33 / 0.27 / 0.31 to 0.24 / 0.15 / 0.29, and no other file of the diarization benchmarks got worse
(benchmarks/diarization_grid.py, section `voice_separation`).

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

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import torch

from protokoll.domain import Turn

__all__ = ["LabelPrint", "label_prints", "SeparatedVoices", "separate_voices", "AGREE", "MIN_NEW_VOICE"]

AGREE = 0.55
MIN_PIECE = 1.5
MAX_PIECE = 8.0
MAX_PIECES = 240  # per label: at most 32 minutes of speech are embedded
MIN_NEW_VOICE = 2.0  # seconds of agreeing pieces that make a voice of their own


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


def _spread(pieces: list) -> list:
    if len(pieces) <= MAX_PIECES:
        return pieces
    return [pieces[int(i)] for i in np.linspace(0, len(pieces) - 1, MAX_PIECES).round()]


@dataclass
class _Piece:
    start: float
    end: float
    turn: int  # index of the turn it was cut from
    vector: np.ndarray  # unit CAM++ print


def _embedded_pieces(audio, turns: list[Turn], model, sample_rate: int) -> dict[str, list[_Piece]]:
    """Each label's pieces (at most MAX_PIECES, spread over its speech) with their prints."""
    by_label: dict[str, list[int]] = {}
    for index, turn in enumerate(turns):
        by_label.setdefault(turn.speaker, []).append(index)
    embedded = {}
    for label, indices in by_label.items():
        cut = [(start, end, index) for index in indices for start, end in _pieces([turns[index]])]
        rows = []
        for start, end, index in _spread(cut):
            samples = audio[int(start * sample_rate) : int(end * sample_rate)]
            vector = model(torch.from_numpy(np.ascontiguousarray(samples, dtype=np.float32))[None, None])[0]
            if np.all(np.isfinite(vector)) and np.any(vector):
                rows.append(_Piece(start, end, index, vector / np.linalg.norm(vector)))
        embedded[label] = rows
    return embedded


def _dominant(pieces: list[_Piece]) -> tuple[np.ndarray, np.ndarray]:
    """Return (which pieces agree with the piece that agrees with the most speech, their unit mean)."""
    vectors = np.asarray([p.vector for p in pieces])
    weights = np.asarray([p.end - p.start for p in pieces])
    agree = (vectors @ vectors.T) >= AGREE
    members = agree[int(np.argmax(agree @ weights))]
    mean = (vectors[members] * weights[members, None]).sum(axis=0)
    return members, mean / np.linalg.norm(mean)


def _label_print(pieces: list[_Piece]) -> LabelPrint:
    members, mean = _dominant(pieces)
    weights = np.asarray([p.end - p.start for p in pieces])
    return LabelPrint(
        [round(float(x), 6) for x in mean],
        round(float(weights[members].sum() / weights.sum()), 3),
        round(float(weights.sum()), 1),
    )


def label_prints(audio, turns: list[Turn], model, sample_rate: int = 16000) -> dict[str, LabelPrint]:
    """Return each label's print from its dominant voice, with the label's consistency (see module)."""
    embedded = _embedded_pieces(audio, turns, model, sample_rate)
    return {label: _label_print(pieces) for label, pieces in embedded.items() if pieces}


@dataclass(frozen=True)
class SeparatedVoices:
    turns: list[Turn]
    prints: dict[str, LabelPrint]
    moved_seconds: float  # speech given to another label or to a new one


def separate_voices(
    audio, turns: list[Turn], model, sample_rate: int = 16000, max_speakers: int | None = None
) -> SeparatedVoices:
    """Give the pieces of a label that do not sound like its dominant voice to the label they do sound like,
    or, where several such pieces sound alike, to a voice of their own; return the new turns and prints.

    A piece leaves its label only when it agrees neither with the dominant piece nor with the dominant
    voice's mean; it joins the label whose dominant voice it agrees with most, if any. The remaining
    leavers are grouped the same way labels are judged (the piece agreeing with the most speech, and
    those agreeing with it); a group of at least `MIN_NEW_VOICE` seconds becomes a new label, as long as
    `max_speakers` allows; other leavers stay where diarization put them.
    """
    embedded = {label: pieces for label, pieces in _embedded_pieces(audio, turns, model, sample_rate).items() if pieces}
    dominant = {label: _dominant(pieces) for label, pieces in embedded.items()}
    labels = list(dominant)
    means = np.asarray([dominant[label][1] for label in labels])
    leavers = []  # (piece, its label)
    for label, pieces in embedded.items():
        members, mean = dominant[label]
        leavers += [
            (p, label) for p, member in zip(pieces, members, strict=True) if not member and p.vector @ mean < AGREE
        ]
    destination: dict[tuple[int, float], str] = {}  # (turn index, piece start) -> the label it moves to
    homeless = []
    for piece, label in leavers:
        similarity = means @ piece.vector
        similarity[labels.index(label)] = -1.0
        best = int(np.argmax(similarity))
        if similarity[best] >= AGREE:
            destination[piece.turn, piece.start] = labels[best]
        else:
            homeless.append(piece)
    taken = {turn.speaker for turn in turns}
    while homeless and (max_speakers is None or len(taken) < max_speakers):
        members, _ = _dominant(homeless)
        group = [p for p, member in zip(homeless, members, strict=True) if member]
        homeless = [p for p, member in zip(homeless, members, strict=True) if not member]
        if sum(p.end - p.start for p in group) < MIN_NEW_VOICE:
            continue
        label = next(name for n in itertools.count() if (name := f"SPEAKER_{n:02d}") not in taken)
        taken.add(label)
        destination.update(((p.turn, p.start), label) for p in group)
    if not destination:
        return SeparatedVoices(turns, {label: _label_print(pieces) for label, pieces in embedded.items()}, 0.0)

    moving = {turn for turn, _ in destination}
    separated = []
    for index, turn in enumerate(turns):
        if index not in moving:
            separated.append(turn)
            continue
        for start, end in _pieces([turn]):  # a turn with a moving piece is cut whole into its pieces
            speaker = destination.get((index, start), turn.speaker)
            if separated and separated[-1].speaker == speaker and abs(separated[-1].end - start) < 1e-6:
                separated[-1] = Turn(separated[-1].start, end, speaker)
            else:
                separated.append(Turn(start, end, speaker))
    regrouped: dict[str, list[_Piece]] = {}
    for label, pieces in embedded.items():
        for piece in pieces:
            regrouped.setdefault(destination.get((piece.turn, piece.start), label), []).append(piece)
    moved = sum(p.end - p.start for p, _ in leavers if (p.turn, p.start) in destination)
    prints = {label: _label_print(pieces) for label, pieces in regrouped.items() if pieces}
    return SeparatedVoices(separated, prints, round(moved, 1))
