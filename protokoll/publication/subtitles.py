"""WebVTT and SRT: one cue per stretch of an utterance, with the speaker's name, at word-exact times."""

from __future__ import annotations

from protokoll.domain import Word
from protokoll.records import StoredMeeting

__all__ = ["cues", "to_vtt", "to_srt"]

MAX_CUE_SECONDS = 7.0
MAX_CUE_CHARS = 84  # two lines of 42, the usual broadcast limit


def _stamp(seconds: float, separator: str) -> str:
    millis = int(round(max(seconds, 0.0) * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def cues(bundle: StoredMeeting) -> list[tuple[float, float, str, str]]:
    """Return (start, end, speaker, text) cues, splitting long utterances at word boundaries."""
    result = []
    for utterance in bundle.utterances:
        words = utterance.words or [Word(utterance.text, utterance.start, utterance.end)]
        groups: list[list[Word]] = [[]]
        for word in words:
            current = groups[-1]
            candidate = " ".join(w.text for w in [*current, word])
            if current and (word.end - current[0].start > MAX_CUE_SECONDS or len(candidate) > MAX_CUE_CHARS):
                groups.append([])
            groups[-1].append(word)
        result += [
            (group[0].start, group[-1].end, utterance.speaker, " ".join(w.text for w in group))
            for group in groups
            if group
        ]
    return result


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(bundle: StoredMeeting) -> str:
    """Return WebVTT with <v Speaker> voice spans."""
    lines = ["WEBVTT", ""]
    for index, (start, end, speaker, text) in enumerate(cues(bundle), start=1):
        lines += [
            str(index),
            f"{_stamp(start, '.')} --> {_stamp(end, '.')}",
            f"<v {_escape_vtt(speaker)}>{_escape_vtt(text)}",
            "",
        ]
    return "\n".join(lines)


def to_srt(bundle: StoredMeeting) -> str:
    """Return SubRip subtitles, each cue prefixed with the speaker's name."""
    lines = []
    for index, (start, end, speaker, text) in enumerate(cues(bundle), start=1):
        lines += [str(index), f"{_stamp(start, ',')} --> {_stamp(end, ',')}", f"{speaker}: {text}", ""]
    return "\n".join(lines)
