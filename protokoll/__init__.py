"""Protokoll: council session recordings to speaker-attributed, searchable transcripts, on local models."""

import protokoll.telemetry_off  # noqa: F401  (first: before any library that could report home loads)
from protokoll.config import Settings, load_settings
from protokoll.domain import MeetingInfo, SpeakerTurns, Transcript, Turn, Utterance, Word
from protokoll.errors import ProtokollError

__all__ = [
    "MeetingInfo",
    "ProtokollError",
    "Settings",
    "SpeakerTurns",
    "Transcript",
    "Turn",
    "Utterance",
    "Word",
    "load_settings",
]
__version__ = "0.1.0"
