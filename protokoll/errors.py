"""Errors that users see: one class per kind of failure, each with its one-line message and exit code.

Exit codes, as the README says: 2 for bad input (files, values, unknown ids), 3 for a model that
cannot be loaded or run, 1 for everything else (the archive, a refused state change).
"""

__all__ = [
    "ProtokollError",
    "InputError",
    "ValidationError",
    "NotAudioError",
    "EmptyAudioError",
    "CorruptAudioError",
    "TooLongError",
    "NoSpeechError",
    "AgendaError",
    "DuplicateRecordingError",
    "NotFoundError",
    "UnknownMeetingError",
    "UnknownUtteranceError",
    "UnknownSpeakerError",
    "UnknownVoteError",
    "UnknownRangeError",
    "UnknownMergeError",
    "UnapprovedSummariesError",
    "UnclearVotesError",
    "ModelError",
    "DatabaseError",
    "OParlError",
]


class ProtokollError(Exception):
    """Base class; str(error) is the one-line message shown to the user."""

    exit_code = 1


class InputError(ProtokollError):
    """Something the user gave cannot be used."""

    exit_code = 2


class ValidationError(InputError):
    """A value is malformed: a date, an empty name or text, a time range, a form field."""


class NotAudioError(InputError):
    """The file is not audio or video."""


class EmptyAudioError(InputError):
    """The file holds no audio."""


class CorruptAudioError(InputError):
    """The file cannot be decoded."""


class TooLongError(InputError):
    """The file is over the size or duration limit."""


class NoSpeechError(InputError):
    """The recording holds no speech."""


class AgendaError(InputError):
    """An agenda file cannot be read."""


class DuplicateRecordingError(InputError):
    """The same recording is already in the archive."""

    def __init__(self, message: str, meeting_id: int):
        super().__init__(message)
        self.meeting_id = meeting_id


class NotFoundError(InputError):
    """An id names nothing in the archive."""


class UnknownMeetingError(NotFoundError):
    """No meeting (or no published meeting, for the public) has this id."""


class UnknownUtteranceError(NotFoundError):
    """No utterance has this id."""


class UnknownSpeakerError(NotFoundError):
    """The meeting has no speaker with this label."""


class UnknownVoteError(NotFoundError):
    """No vote has this id."""


class UnknownRangeError(NotFoundError):
    """The meeting has no non-public range with this id."""


class UnknownMergeError(NotFoundError):
    """The meeting has no merge of speakers with this id (or it was undone already)."""


class UnapprovedSummariesError(ProtokollError):
    """Publishing is refused while a summary still waits for a clerk's approval."""


class UnclearVotesError(ProtokollError):
    """Publishing is refused while a vote's result is unclear and no clerk has decided it."""


class ModelError(ProtokollError):
    """A model cannot be found, loaded or run."""

    exit_code = 3


class DatabaseError(ProtokollError):
    """The archive cannot be opened, read or written."""


class OParlError(ProtokollError):
    """A council information system's OParl server cannot be reached, or answers something that is not OParl."""
