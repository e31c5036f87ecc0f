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
    "SAMPLE_RATE", "SPILL_AFTER_SECONDS", "AudioFile", "Recording", "load_recording", "check_upload",
    "check_file_name", "sha256_of", "probe_duration",
]  # fmt: skip

SAMPLE_RATE = 16000
# Peak amplitude below this (about -80 dBFS) is digital silence, not a quiet room.
_SILENCE_PEAK = 1e-4
# A recording that decodes shorter than its container declares by more than this (seconds, or this share of
# the declared length, whichever is more) was cut off: a failed copy or upload. Encoders pad by far less.
_TRUNCATION_SECONDS = 1.0
_TRUNCATION_SHARE = 0.005
# Recordings longer than this are decoded into a file and read in slices (`AudioFile`) where the
# caller gives one: half an hour is 115 MB as float32 in memory, six hours 1.4 GB.
SPILL_AFTER_SECONDS = 1800


class AudioFile:
    """Decoded samples (16 kHz mono float32) in a raw file, read one slice at a time.

    A six-hour session is 1.4 GB as float32; the stages read it in blocks and windows
    (`audio[start:end]`), so it is never in memory whole. Reads are copies (`numpy.fromfile`), not
    a memory map, so what was read is freed with the block and the process's resident memory stays
    flat.
    """

    def __init__(self, path: Path, length: int):
        self.path, self.length = Path(path), length

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, key: slice) -> np.ndarray:
        if not isinstance(key, slice):
            raise TypeError("an AudioFile is read in slices: audio[start:end]")
        start, stop, step = key.indices(self.length)
        if step != 1:
            raise ValueError("an AudioFile is read in contiguous slices")
        count = max(stop - start, 0)
        return np.fromfile(self.path, dtype=np.float32, count=count, offset=4 * start)

    def __array__(self, dtype=None, copy=None) -> np.ndarray:  # the whole recording: short ones only
        whole = self[0 : self.length]
        return whole if dtype is None else whole.astype(dtype, copy=False)


@dataclass
class Recording:
    """A decoded recording and what identifies it."""

    path: Path
    audio: np.ndarray | AudioFile  # float32, mono, SAMPLE_RATE
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


class _Samples:
    """Where decoded samples go: a list of blocks in memory, or a raw float32 file."""

    def __init__(self, spill_to: Path | None):
        self.spill_to = spill_to
        self.blocks: list[np.ndarray] = []
        self.handle = open(spill_to, "wb") if spill_to is not None else None  # noqa: SIM115 (closed by finish)
        self.total = 0
        self.peak = 0.0

    def add(self, pcm16: np.ndarray) -> None:
        samples = pcm16.astype(np.float32)
        samples *= 1.0 / 32768.0
        if samples.size:
            self.peak = max(self.peak, float(np.max(np.abs(samples))))
        self.total += samples.size
        if self.handle is not None:
            self.handle.write(samples.tobytes())
        else:
            self.blocks.append(samples)

    def finish(self) -> np.ndarray | AudioFile:
        if self.handle is not None:
            self.handle.close()
            return AudioFile(self.spill_to, self.total)
        return np.concatenate(self.blocks) if self.blocks else np.zeros(0, dtype=np.float32)

    def discard(self) -> None:
        if self.handle is not None:
            self.handle.close()
            self.spill_to.unlink(missing_ok=True)


def _decode(container: av.container.InputContainer, name: str, max_samples: int, samples: _Samples) -> None:
    """Decode the first audio stream, resampled to 16 kHz mono (stereo is mixed down), into `samples`."""
    resampler = av.AudioResampler(format="s16", layout="mono", rate=SAMPLE_RATE)
    stream = container.streams.audio[0]
    try:
        for frame in container.decode(stream):
            for out in resampler.resample(frame):
                samples.add(out.to_ndarray().reshape(-1))
            if samples.total > max_samples:
                raise TooLongError(f"{name}: longer than the limit of {max_samples / SAMPLE_RATE / 3600:.1f} hours")
        for out in resampler.resample(None):
            samples.add(out.to_ndarray().reshape(-1))
    except av.error.FFmpegError as error:
        raise CorruptAudioError(f"{name}: the audio is corrupt and cannot be decoded ({error})") from error


def load_recording(
    path: str | Path,
    max_duration_hours: float = 8.0,
    max_file_mb: float = 4096.0,
    spill_to: Path | None = None,
    spill_after_seconds: float = SPILL_AFTER_SECONDS,
) -> Recording:
    """Return the decoded recording, or raise an InputError saying precisely what is wrong.

    With `spill_to`, a recording that declares more than `spill_after_seconds` is decoded into that
    file and comes back as an `AudioFile`; the caller deletes the file when done.
    """
    path = Path(path)
    _check_file(path, max_file_mb * 1e6)
    max_seconds = max_duration_hours * 3600
    with _open(path) as container:
        declared = _declared_duration(container, path.name)
        if declared > max_seconds:
            raise TooLongError(
                f"{path.name}: {declared / 3600:.1f} hours is over the limit of {max_duration_hours:g} hours"
            )
        samples = _Samples(spill_to if spill_to is not None and declared > spill_after_seconds else None)
        try:
            _decode(container, path.name, int(max_seconds * SAMPLE_RATE), samples)
            if samples.total == 0:
                raise EmptyAudioError(f"{path.name}: the audio track holds no samples")
            if samples.total < SAMPLE_RATE // 10:
                raise EmptyAudioError(f"{path.name}: the audio is shorter than 0.1 s")
            if samples.peak < _SILENCE_PEAK:
                raise EmptyAudioError(f"{path.name}: the recording is silent (no signal above -80 dBFS)")
        except BaseException:
            samples.discard()
            raise
        container_name = container.format.name
    recording = Recording(path, samples.finish(), sha256_of(path), container_name, declared)
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
