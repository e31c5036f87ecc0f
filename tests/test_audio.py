"""Decoding every usual container to 16 kHz mono, and a specific error for each kind of bad file."""

from __future__ import annotations

import av
import numpy as np
import pytest

from protokoll.config import PROJECT_ROOT
from protokoll.errors import CorruptAudioError, EmptyAudioError, InputError, NotAudioError, TooLongError
from protokoll.speech.audio import SAMPLE_RATE, check_upload, load_recording


@pytest.fixture(scope="module")
def speech(corpus):
    """Real German speech, 16 kHz mono float32."""
    return load_recording(corpus / "picovoice-leopard" / "test_de.wav").audio


def _write_blank_video(container, stream, frames: int) -> None:
    """Encode `frames` black 64x48 pictures into a video stream and flush it."""
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
    for index in range(frames):
        picture = av.VideoFrame.from_ndarray(np.zeros((48, 64, 3), dtype=np.uint8), format="rgb24")
        picture.pts = index
        for packet in stream.encode(picture):
            container.mux(packet)
    for packet in stream.encode(None):
        container.mux(packet)


def _encode(path, audio, codec, rate=SAMPLE_RATE, layout="mono", container_format=None, video=False):
    """Write 16 kHz float audio into a container with the given codec, rate and channel layout."""
    channels = np.stack([audio, audio * 0.5]) if layout == "stereo" else audio[None]
    pcm = (np.clip(channels, -1, 1) * 32767).astype(np.int16)
    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(pcm.T.reshape(1, -1)), format="s16", layout=layout)
    frame.sample_rate = SAMPLE_RATE
    with av.open(str(path), "w", format=container_format) as container:
        # All streams must exist before the first packet is written.
        stream = container.add_stream(codec, rate=rate, layout=layout)
        if video:
            picture_stream = container.add_stream("libvpx" if container_format == "webm" else "mpeg4", rate=10)
            _write_blank_video(container, picture_stream, int(len(audio) / SAMPLE_RATE * 10))
        resampler = av.AudioResampler(
            format=stream.codec_context.format.name,
            layout=layout,
            rate=rate,
            frame_size=stream.codec_context.frame_size or None,
        )
        for resampled in [*resampler.resample(frame), *resampler.resample(None)]:
            for packet in stream.encode(resampled):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)


@pytest.mark.parametrize(
    "name, codec, rate, container_format, video",
    [
        ("clip.wav", "pcm_s16le", 44100, None, False),
        ("clip.flac", "flac", 48000, None, False),
        ("clip.mp3", "libmp3lame", 44100, None, False),
        ("clip.m4a", "aac", 48000, "mp4", False),
        ("clip.ogg", "libopus", 48000, "ogg", False),
        ("clip.opus", "libopus", 48000, "ogg", False),
        ("clip.mp4", "aac", 44100, "mp4", True),
        ("clip.webm", "libopus", 48000, "webm", True),
    ],
)
def test_containers_decode_to_16k_mono(tmp_path, speech, name, codec, rate, container_format, video):
    path = tmp_path / name
    _encode(path, speech, codec, rate=rate, layout="stereo", container_format=container_format, video=video)
    recording = load_recording(path)
    assert recording.audio.dtype == np.float32
    assert recording.audio.ndim == 1
    # Codec delay and padding shift the length by a few tens of milliseconds at most.
    assert abs(recording.duration - len(speech) / SAMPLE_RATE) < 0.1
    # The decoded signal is the same speech: correlate the 0.1 s envelopes (codec delay is smaller).
    n = min(len(speech), len(recording.audio))
    envelope = lambda x: np.convolve(np.abs(x[:n]), np.ones(1600) / 1600, mode="same")  # noqa: E731
    assert np.corrcoef(envelope(speech), envelope(recording.audio))[0, 1] > 0.9
    assert len(recording.sha256) == 64


def test_stereo_is_mixed_down(corpus):
    path = corpus / "faster-whisper" / "stereo_diarization.wav"
    with av.open(str(path)) as container:
        assert container.streams.audio[0].channels == 2
    recording = load_recording(path)
    assert recording.audio.ndim == 1
    assert abs(recording.duration - 5.0) < 0.05


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        load_recording(tmp_path / "absent.wav")


def test_empty_file(tmp_path):
    path = tmp_path / "empty.wav"
    path.write_bytes(b"")
    with pytest.raises(EmptyAudioError, match="empty"):
        load_recording(path)


def test_text_file_is_not_audio(tmp_path):
    path = tmp_path / "minutes.mp3"
    path.write_text("TOP 1 Eröffnung\nTOP 2 Haushalt\n" * 50, encoding="utf-8")
    with pytest.raises(NotAudioError, match="not an audio or video file"):
        load_recording(path)


def test_truncated_file_is_corrupt(tmp_path, corpus):
    data = (corpus / "picovoice-leopard" / "test_de.wav").read_bytes()
    path = tmp_path / "truncated.wav"
    path.write_bytes(data[:30])  # the RIFF header cut inside its format chunk
    with pytest.raises((CorruptAudioError, NotAudioError, EmptyAudioError)):
        load_recording(path)


def test_garbled_mp3_is_refused(tmp_path, speech):
    path = tmp_path / "clip.mp3"
    _encode(path, speech, "libmp3lame", rate=44100)
    data = bytearray(path.read_bytes())
    rng = np.random.default_rng(3)
    data[200:] = rng.integers(0, 256, len(data) - 200, dtype=np.uint8).tobytes()
    path.write_bytes(bytes(data))
    with pytest.raises(InputError):
        load_recording(path)


def test_video_without_audio_track(tmp_path):
    path = tmp_path / "silent_film.mp4"
    with av.open(str(path), "w") as container:
        _write_blank_video(container, container.add_stream("mpeg4", rate=10), 10)
    with pytest.raises(NotAudioError, match="no audio track"):
        load_recording(path)


def test_digital_silence_is_refused(tmp_path):
    path = tmp_path / "silence.wav"
    _encode(path, np.zeros(SAMPLE_RATE * 2, dtype=np.float32), "pcm_s16le")
    with pytest.raises(EmptyAudioError, match="silent"):
        load_recording(path)


def test_too_long_is_refused(tmp_path, speech):
    path = tmp_path / "long.wav"
    _encode(path, np.tile(speech, 3), "pcm_s16le")
    with pytest.raises(TooLongError, match="limit"):
        load_recording(path, max_duration_hours=10 / 3600)


def test_too_large_upload_is_refused(tmp_path, speech):
    path = tmp_path / "large.wav"
    _encode(path, speech, "pcm_s16le")
    with pytest.raises(TooLongError, match="upload limit"):
        load_recording(path, max_file_mb=0.01)


def test_upload_check_is_quick_and_says_what_is_wrong(tmp_path):
    sample = PROJECT_ROOT / "samples" / "sample_session.flac"
    assert 190 < check_upload(sample) < 200
    with pytest.raises(TooLongError, match="over the limit"):
        check_upload(sample, max_duration_hours=0.01)
    garbage = tmp_path / "sitzung.flac"
    garbage.write_bytes(b"this is no audio " * 100)
    with pytest.raises(InputError, match="sitzung.flac"):
        check_upload(garbage)


def test_a_long_recording_is_decoded_to_disk_and_read_in_slices(tmp_path, corpus):
    from protokoll.speech.audio import AudioFile
    from protokoll.speech.transcribe import speech_blocks

    path = corpus / "pyannote-audio" / "sample.wav"
    in_memory = load_recording(path).audio
    spill = tmp_path / "job-1.f32"
    on_disk = load_recording(path, spill_to=spill, spill_after_seconds=10).audio  # a 30 s file counts as long here
    assert isinstance(on_disk, AudioFile) and len(on_disk) == len(in_memory)
    assert spill.stat().st_size == 4 * len(in_memory)
    assert np.array_equal(on_disk[16000:48000], in_memory[16000:48000])
    assert np.array_equal(on_disk[len(in_memory) - 5 :], in_memory[-5:])
    assert speech_blocks(on_disk, 12) == speech_blocks(in_memory, 12)  # the VAD reads it block by block
    assert load_recording(path, spill_to=tmp_path / "short.f32").audio is not None  # short: stays in memory
    assert not (tmp_path / "short.f32").exists()


def test_a_refused_long_recording_leaves_no_file_behind(tmp_path):
    import soundfile

    silent = tmp_path / "stille.wav"
    soundfile.write(silent, np.zeros(SAMPLE_RATE * 20, dtype=np.float32), SAMPLE_RATE)
    spill = tmp_path / "job-2.f32"
    with pytest.raises(EmptyAudioError, match="silent"):
        load_recording(silent, spill_to=spill, spill_after_seconds=10)
    assert not spill.exists()
