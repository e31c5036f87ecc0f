"""Decode any audio or video container to 16 kHz mono float32, and refuse what is not usable audio.

Decoding goes through PyAV (FFmpeg's libraries in a wheel, already required by faster-whisper),
so no system FFmpeg is needed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from protokoll.checks import printable
from protokoll.errors import CorruptAudioError, EmptyAudioError, InputError, NotAudioError, TooLongError

__all__ = [
    "SAMPLE_RATE", "Recording", "load_recording", "check_upload", "check_file_name", "sha256_of", "probe_duration",
]  # fmt: skip

SAMPLE_RATE = 16000
# Peak amplitude below this (about -80 dBFS) is digital silence, not a quiet room.
_SILENCE_PEAK = 1e-4
# A recording that decodes shorter than its container declares by more than this (seconds, or this share of
# the declared length, whichever is more) was cut off: a failed copy or upload. Encoders pad by far less.
_TRUNCATION_SECONDS = 1.0
_TRUNCATION_SHARE = 0.005


@dataclass
class Recording:
    """A decoded recording and what identifies it."""

    path: Path
    audio: np.ndarray  # float32, mono, SAMPLE_RATE
    sha256: str
    container: str
    declared_duration: float = 0.0  # what the container says (0: it says nothing)
    warnings: list[str] = field(default_factory=list)  # accepted, but the user must hear of it

    @property
    def duration(self) -> float:
        """Return the length in seconds."""
        return len(self.audio) / SAMPLE_RATE


def sha256_of(path: Path) -> str:
    """Return the hex sha256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _open(path: Path) -> av.container.InputContainer:
    try:
        return av.open(str(path), metadata_errors="ignore")
    except av.error.InvalidDataError as error:
        raise NotAudioError(f"{path.name}: not an audio or video file that can be decoded") from error
    except av.error.FFmpegError as error:
        raise CorruptAudioError(f"{path.name}: cannot be read as audio ({error})") from error


def _declared_duration(container: av.container.InputContainer, name: str) -> float:
    """The duration in seconds the container declares for its audio (0 when it declares none)."""
    if not container.streams.audio:
        kinds = ", ".join(sorted({s.type for s in container.streams})) or "nothing"
        raise NotAudioError(f"{name}: the file has no audio track (it contains {kinds})")
    stream = container.streams.audio[0]
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def probe_duration(path: Path) -> float:
    """Return the duration in seconds that the container declares (0 when it declares none)."""
    with _open(path) as container:
        return _declared_duration(container, path.name)


def check_file_name(path: str | Path) -> None:
    """Refuse a file name that is not UTF-8: the archive keeps it (jobs, recordings) as text."""
    name = Path(path).name
    if printable(name) != name:
        raise InputError(f"the file name {printable(name)!r} is not valid UTF-8: rename the file and try again")


def check_upload(path: str | Path, max_duration_hours: float = 8.0, max_file_mb: float = 4096.0) -> float:
    """Check an upload in a moment (size, type by content, declared duration, a first decoded frame).

    Return the declared duration. The full decode happens later, in the pipeline.
    """
    path = Path(path)
    _check_file(path, max_file_mb * 1e6)
    with _open(path) as container:
        declared = _declared_duration(container, path.name)
        if declared > max_duration_hours * 3600:
            raise TooLongError(
                f"{path.name}: {declared / 3600:.1f} hours is over the limit of {max_duration_hours:g} hours"
            )
        try:
            frame = next(container.decode(container.streams.audio[0]), None)
        except av.error.FFmpegError as error:
            raise CorruptAudioError(f"{path.name}: the audio is corrupt and cannot be decoded ({error})") from error
    if frame is None:
        raise EmptyAudioError(f"{path.name}: no audio could be decoded from the file")
    return declared


def _check_file(path: Path, max_bytes: float) -> None:
    check_file_name(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if not path.is_file():
        raise InputError(f"{path}: not a file")
    size = path.stat().st_size
    if size == 0:
        raise EmptyAudioError(f"{path.name}: the file is empty (0 bytes)")
    if size > max_bytes:
        raise TooLongError(f"{path.name}: {size / 1e6:.0f} MB is over the upload limit of {max_bytes / 1e6:.0f} MB")


def _decode(container: av.container.InputContainer, name: str, max_samples: int) -> np.ndarray:
    """Decode the first audio stream, resampled to 16 kHz mono (stereo is mixed down)."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    chunks: list[np.ndarray] = []
    total = 0
    stream = container.streams.audio[0]
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                chunk = out.to_ndarray().reshape(-1)
                chunks.append(chunk)
                total += len(chunk)
            if total > max_samples:
                raise TooLongError(f"{name}: longer than the limit of {max_samples / SAMPLE_RATE / 3600:.1f} hours")
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    except av.error.FFmpegError as error:
        raise CorruptAudioError(f"{name}: the audio is corrupt and cannot be decoded ({error})") from error
    if not chunks:
        return np.zeros(0, dtype=np.float32)
    pcm = np.concatenate(chunks)
    return (pcm.astype(np.float32) / 32768.0).astype(np.float32, copy=False)


def load_recording(path: str | Path, max_duration_hours: float = 8.0, max_file_mb: float = 4096.0) -> Recording:
    """Return the decoded recording, or raise an InputError saying precisely what is wrong."""
    path = Path(path)
    _check_file(path, max_file_mb * 1e6)
    max_seconds = max_duration_hours * 3600
    with _open(path) as container:
        declared = _declared_duration(container, path.name)
        if declared > max_seconds:
            raise TooLongError(
                f"{path.name}: {declared / 3600:.1f} hours is over the limit of {max_duration_hours:g} hours"
            )
        audio = _decode(container, path.name, int(max_seconds * SAMPLE_RATE))
        container_name = container.format.name
    if audio.size == 0:
        raise EmptyAudioError(f"{path.name}: the audio track holds no samples")
    if audio.size < SAMPLE_RATE // 10:
        raise EmptyAudioError(f"{path.name}: the audio is shorter than 0.1 s")
    if float(np.max(np.abs(audio))) < _SILENCE_PEAK:
        raise EmptyAudioError(f"{path.name}: the recording is silent (no signal above -80 dBFS)")
    recording = Recording(path, audio, sha256_of(path), container_name, declared)
    if declared - recording.duration > max(_TRUNCATION_SECONDS, _TRUNCATION_SHARE * declared):
        recording.warnings.append(
            f"{path.name}: only {_length(recording.duration)} of the {_length(declared)} the file declares could be "
            "decoded (the file is truncated or damaged); the rest is missing from the transcript"
        )
    return recording


def _length(seconds: float) -> str:
    """A duration as people read it: "7.2 s", "12 min 05 s", "2 h 03 min 10 s"."""
    if seconds < 60:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours} h {minutes:02d} min {secs:02d} s" if hours else f"{minutes} min {secs:02d} s"
