"""Long recordings diarized in windows: where to cut, and which speakers of different windows are one voice.

pyannote's clustering compares every chunk embedding with every other, so its memory grows with the
square of the recording's length. `Diarizer` therefore diarizes a long recording window by window
(`window_bounds`: equal windows of at most `WINDOW_SECONDS`, each cut at the quietest half second
near its nominal boundary, so that a cut rarely falls into a word) and then links the windows'
speakers by their voice prints (`link_speakers`): agglomerative clustering of the local speakers'
CAM++ centroids, merging the most similar pair of groups first, while their cosine similarity is
at least `LINK_THRESHOLD`, with one constraint: two speakers that pyannote told apart in the same
window are never merged (they were heard side by side, so they are two voices). A window's speaker
with under `MIN_LINK_SECONDS` of speech (a fragment, a few words) then joins its most similar voice,
even one of its own window, as pyannote's own minimum cluster size does inside a recording. Only the
per-speaker centroids (192 floats and a duration each) are kept across windows, so memory does
not grow with the number of windows.

`LINK_THRESHOLD` (0.6) is measured on benchmarks/long_session_benchmark.py's sessions of real
corpus voices and on the tests' real clips diarized in deliberately small windows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["LINK_THRESHOLD", "WINDOW_SECONDS", "LocalSpeaker", "link_speakers", "window_bounds"]

WINDOW_SECONDS = 1800.0  # recordings up to this length are diarized whole, exactly as before
LINK_THRESHOLD = 0.6  # cosine similarity of two groups' centroids for them to be one voice
SEARCH_SECONDS = 15.0  # a cut is the quietest point this near its nominal place (at most a quarter window)
FRAME_SECONDS = 0.1
QUIET_SECONDS = 0.5  # the cut is the middle of the quietest run of this length
MIN_LINK_SECONDS = 2.0  # a window's speaker with less speech has too unreliable a print to stand alone


@dataclass
class LocalSpeaker:
    """One speaker label of one window: its voice centroid and how much it spoke there."""

    window: int
    label: str
    vector: np.ndarray  # CAM++ centroid, any norm
    seconds: float


def _quietest(samples: np.ndarray, sample_rate: int) -> int:
    """Return the index of the middle of the quietest QUIET_SECONDS run in samples."""
    frame = max(1, int(FRAME_SECONDS * sample_rate))
    count = len(samples) // frame
    if count == 0:
        return len(samples) // 2
    energy = np.square(samples[: count * frame].astype(np.float64)).reshape(count, frame).mean(axis=1)
    width = max(1, min(count, int(round(QUIET_SECONDS / FRAME_SECONDS))))
    smoothed = np.convolve(energy, np.ones(width) / width, mode="valid")
    best = int(np.argmin(smoothed))
    return (best * frame) + (width * frame) // 2


def window_bounds(audio, sample_rate: int = 16000, window_seconds: float = WINDOW_SECONDS) -> list[tuple[int, int]]:
    """Return (start, end) sample indices of the windows covering audio (one window when it is short).

    `audio` is any sample source (`len()` and `audio[a:b]`); only the stretches around the cuts are read.
    """
    total = len(audio)
    window = int(window_seconds * sample_rate)
    if total <= window:
        return [(0, total)]
    count = int(np.ceil(total / window))
    nominal = [round(total * i / count) for i in range(1, count)]
    search = int(min(SEARCH_SECONDS, window_seconds / 4) * sample_rate)
    cuts = []
    for place in nominal:
        start, end = max(0, place - search), min(total, place + search)
        cuts.append(start + _quietest(np.asarray(audio[start:end], dtype=np.float32), sample_rate))
    edges = [0, *cuts, total]
    return [(a, b) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a]


def link_speakers(
    speakers: Sequence[LocalSpeaker],
    threshold: float = LINK_THRESHOLD,
    num_speakers: int | None = None,
    min_speakers: int | None = None,
    max_speakers: int | None = None,
) -> list[int]:
    """Return one global speaker index per local speaker (0, 1, … in order of the input's first use).

    Speakers with at least `MIN_LINK_SECONDS` of speech and a centroid are grouped first: groups
    merge most-similar first (cosine similarity of their duration-weighted centroids) while the
    similarity is at least `threshold`, never two groups holding speakers of the same window. Then
    each shorter speaker (a few words, or a fragment of a voice that pyannote split off; its print
    is unreliable) joins the most similar group, even one of its own window. Last,
    `num_speakers` / `max_speakers` make groups merge on below the threshold until that count is
    reached (as far as the constraint allows); `min_speakers` stops merging at that count.
    """
    if not speakers:
        return []
    units = []
    for speaker in speakers:
        vector = np.asarray(speaker.vector, dtype=np.float64).ravel()
        norm = np.linalg.norm(vector) if vector.size else 0.0
        valid = norm > 0 and bool(np.all(np.isfinite(vector)))
        units.append(vector / norm * max(speaker.seconds, 1e-3) if valid else None)
    major = [i for i, s in enumerate(speakers) if units[i] is not None and s.seconds >= MIN_LINK_SECONDS]
    minor = sorted(set(range(len(speakers))) - set(major), key=lambda i: -speakers[i].seconds)
    groups = [{"members": [i], "windows": {speakers[i].window}, "sum": units[i]} for i in major]
    floor = num_speakers or min_speakers or 1
    _merge(groups, threshold, floor, None)
    for i in minor:
        candidates = [g for g in groups if units[i] is not None]
        if not candidates:  # no print at all: a group of its own window, else a group of its own
            candidates = [g for g in groups if speakers[i].window in g["windows"]][:1]
        if candidates:
            best = max(candidates, key=lambda g: _cosine(g["sum"], units[i]))
            best["members"].append(i)
            best["windows"].add(speakers[i].window)
            if units[i] is not None:
                best["sum"] = best["sum"] + units[i]
        else:
            groups.append({"members": [i], "windows": {speakers[i].window}, "sum": units[i]})
    target = num_speakers or max_speakers
    if target is not None:
        _merge(groups, np.inf, floor, target)
    index = {}
    for number, group in enumerate(sorted(groups, key=lambda g: min(g["members"]))):
        for member in group["members"]:
            index[member] = number
    return [index[i] for i in range(len(speakers))]


def _cosine(a: np.ndarray | None, b: np.ndarray | None) -> float:
    if a is None or b is None:
        return -np.inf
    return float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def _merge(groups: list[dict], threshold: float, floor: int, target: int | None) -> None:
    """Merge groups in place, most similar allowed pair first, while above threshold or above target."""
    while len(groups) > floor:
        best, pair = -np.inf, None
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                if groups[i]["windows"] & groups[j]["windows"]:
                    continue
                value = _cosine(groups[i]["sum"], groups[j]["sum"])
                if value > best:
                    best, pair = value, (i, j)
        if pair is None or best == -np.inf:
            return
        if best < threshold and (target is None or len(groups) <= target):
            return
        a, b = groups[pair[0]], groups.pop(pair[1])
        a["members"] += b["members"]
        a["windows"] |= b["windows"]
        a["sum"] = a["sum"] + b["sum"]
