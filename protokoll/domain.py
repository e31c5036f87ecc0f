"""Plain dataclasses that flow between the pipeline stages (no SQLite rows, no UI objects)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

__all__ = [
    "Word",
    "Transcript",
    "Turn",
    "SpeakerTurns",
    "Utterance",
    "MeetingInfo",
    "ProgressCallback",
]


@dataclass(frozen=True)
class Word:
    """One recognised word; times are seconds from the start of the recording."""

    text: str
    start: float
    end: float
    probability: float = 1.0


@dataclass
class Transcript:
    """What the transcription stage returns for a whole recording."""

    words: list[Word]
    language: str
    language_probability: float
    duration: float
    model: str = ""
    dropped: list[str] = field(default_factory=list)  # hallucinations removed by the guards, for the log

    @classmethod
    def from_json(cls, data: dict) -> Transcript:
        """Rebuild a transcript from `dataclasses.asdict` of one (a checkpoint, a remote worker's result)."""
        return cls(**{**data, "words": [Word(**w) for w in data["words"]]})


@dataclass(frozen=True)
class Turn:
    """A stretch of time in which one speaker label is active."""

    start: float
    end: float
    speaker: str


@dataclass
class SpeakerTurns:
    """What diarization returns: turns, and one voice print per speaker label."""

    turns: list[Turn]
    embeddings: dict[str, list[float]] = field(default_factory=dict)
    method: str = ""
    # Per label, the share of its speech that sounds like its dominant voice (see speech.voiceprints).
    consistency: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: dict) -> SpeakerTurns:
        """Rebuild speaker turns from `dataclasses.asdict` of them (a checkpoint, a remote worker's result)."""
        return cls(**{**data, "turns": [Turn(**t) for t in data["turns"]]})

    @property
    def speakers(self) -> list[str]:
        """Return the speaker labels in order of first appearance."""
        seen: dict[str, None] = {}
        for turn in sorted(self.turns, key=lambda t: t.start):
            seen.setdefault(turn.speaker, None)
        return list(seen)


@dataclass
class Utterance:
    """A run of words by one speaker, cut at speaker changes and long pauses."""

    speaker: str
    start: float
    end: float
    text: str
    words: list[Word]

    @classmethod
    def from_json(cls, data: dict) -> Utterance:
        """Rebuild an utterance from `dataclasses.asdict` of one."""
        return cls(**{**data, "words": [Word(**w) for w in data["words"]]})


@dataclass
class MeetingInfo:
    """What the clerk says about a recording when it is ingested."""

    title: str
    date: str | None = None  # ISO date YYYY-MM-DD
    body: str | None = None
    language: str | None = "de"  # None: let Whisper detect it
    public: bool = True
    place: str | None = None


# Long work reports (stage name, fraction of that stage done, 0..1).
ProgressCallback = Callable[[str, float], None]
