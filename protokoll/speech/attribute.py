"""Words + speaker turns -> utterances: who said each word, and where one utterance ends.

Each word goes to the speaker whose turn overlaps it most (the nearest turn when none does).
Diarization boundaries are less exact than Whisper's punctuation, so two repairs follow, as in
common practice (e.g. whisper-diarization's punctuation realignment): a sentence whose last one
to three words fell to the next speaker is given back, and so is a sentence start that fell to the
previous one; a stray word or two inside another speaker's speech is given to that speaker.
Utterances are then cut at every speaker change and at pauses longer than `max_pause`.
"""

from __future__ import annotations

import bisect

from protokoll.domain import Turn, Utterance, Word

__all__ = ["assign_speakers", "build_utterances", "attribute"]

UNKNOWN_SPEAKER = "UNKNOWN"
_SENTENCE_END = (".", "?", "!", "…")
_NEAREST_TURN_MAX_GAP = 2.0


def _ends_sentence(word: Word) -> bool:
    return word.text.rstrip("\"'»«)").endswith(_SENTENCE_END)


def assign_speakers(words: list[Word], turns: list[Turn]) -> list[str]:
    """Return one speaker label per word, by greatest overlap with the turns."""
    if not turns:
        return [UNKNOWN_SPEAKER] * len(words)
    turns = sorted(turns, key=lambda t: t.start)
    starts = [t.start for t in turns]
    longest = max(t.end - t.start for t in turns)
    labels: list[str] = []
    for word in words:
        overlap: dict[str, float] = {}
        # Only turns starting after (word.start - longest turn) can overlap the word.
        first = bisect.bisect_left(starts, word.start - longest)
        last = bisect.bisect_right(starts, word.end)
        for turn in turns[first:last]:
            shared = min(word.end, turn.end) - max(word.start, turn.start)
            if shared > 0:
                overlap[turn.speaker] = overlap.get(turn.speaker, 0.0) + shared
        if overlap:
            labels.append(max(overlap, key=overlap.get))
            continue
        middle = (word.start + word.end) / 2
        nearest = min(turns[max(0, last - 2) : last + 2] or turns, key=lambda t: _distance(t, middle))
        if _distance(nearest, middle) <= _NEAREST_TURN_MAX_GAP:
            labels.append(nearest.speaker)
        else:
            labels.append(labels[-1] if labels else nearest.speaker)
    return labels


def _distance(turn: Turn, time: float) -> float:
    return max(turn.start - time, 0.0, time - turn.end)


def _runs(labels: list[str]) -> list[list[int]]:
    """Return [start, end) index pairs of consecutive equal labels."""
    runs: list[list[int]] = []
    for index, label in enumerate(labels):
        if runs and labels[runs[-1][0]] == label:
            runs[-1][1] = index + 1
        else:
            runs.append([index, index + 1])
    return runs


def realign_to_sentences(words: list[Word], labels: list[str], max_shift: int = 3) -> list[str]:
    """Return labels with speaker changes moved to the nearest sentence boundary when close."""
    labels = list(labels)
    for index in range(1, len(words)):
        if labels[index] == labels[index - 1] or _ends_sentence(words[index - 1]):
            continue
        # A change inside a sentence: where does that sentence end, and where did it start?
        forward = next((j for j in range(index, min(index + max_shift, len(words))) if _ends_sentence(words[j])), None)
        backward = next(
            (j for j in range(index - 1, max(index - 1 - max_shift, -1), -1) if j == 0 or _ends_sentence(words[j - 1])),
            None,
        )
        if forward is not None and (backward is None or forward - index < index - backward):
            for j in range(index, forward + 1):
                labels[j] = labels[index - 1]
        elif backward is not None and backward > 0:
            for j in range(backward, index):
                labels[j] = labels[index]
    return labels


def smooth_islands(words: list[Word], labels: list[str], max_words: int = 2, max_seconds: float = 1.0) -> list[str]:
    """Return labels where a short run between two runs of one other speaker joins that speaker."""
    labels = list(labels)
    runs = _runs(labels)
    for before, run, after in zip(runs, runs[1:], runs[2:], strict=False):
        start, end = run
        same_neighbours = labels[before[0]] == labels[after[0]]
        short = end - start <= max_words and words[end - 1].end - words[start].start <= max_seconds
        if same_neighbours and short:
            for j in range(start, end):
                labels[j] = labels[before[0]]
    return labels


def build_utterances(words: list[Word], labels: list[str], max_pause: float = 1.5) -> list[Utterance]:
    """Return utterances cut at speaker changes and at pauses longer than max_pause seconds."""
    utterances: list[Utterance] = []
    current: list[Word] = []
    speaker = None
    for word, label in zip(words, labels, strict=True):
        if current and (label != speaker or word.start - current[-1].end > max_pause):
            utterances.append(_utterance(speaker, current))
            current = []
        current.append(word)
        speaker = label
    if current:
        utterances.append(_utterance(speaker, current))
    return utterances


def _utterance(speaker: str, words: list[Word]) -> Utterance:
    return Utterance(
        speaker=speaker,
        start=words[0].start,
        end=words[-1].end,
        text=" ".join(w.text for w in words),
        words=list(words),
    )


def attribute(words: list[Word], turns: list[Turn], max_pause: float = 1.5) -> list[Utterance]:
    """Return the speaker-attributed utterances of a transcript."""
    labels = assign_speakers(words, turns)
    labels = realign_to_sentences(words, labels)
    labels = smooth_islands(words, labels)
    return build_utterances(words, labels, max_pause=max_pause)
