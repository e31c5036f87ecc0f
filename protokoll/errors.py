"""Errors that users see: each says what is wrong in one line, and the CLI exits non-zero."""

__all__ = [
    "ProtokollError",
    "InputError",
    "NotAudioError",
    "EmptyAudioError",
    "CorruptAudioError",
    "TooLongError",
    "NoSpeechError",
    "DuplicateRecordingError",
    "UnknownMeetingError",
    "ModelError",
    "DatabaseError",
]


class ProtokollError(Exception):
    """Base class; str(error) is the one-line message shown to the user."""

    exit_code = 1


class InputError(ProtokollError):
    exit_code = 2


class NotAudioError(InputError):
    pass


class EmptyAudioError(InputError):
    pass


class CorruptAudioError(InputError):
    pass


class TooLongError(InputError):
    pass


class NoSpeechError(InputError):
    pass


class DuplicateRecordingError(ProtokollError):
    def __init__(self, message: str, meeting_id: int):
        super().__init__(message)
        self.meeting_id = meeting_id


class UnknownMeetingError(ProtokollError):
    pass


class ModelError(ProtokollError):
    exit_code = 3


class DatabaseError(ProtokollError):
    pass
