"""pyannote's pipeline on the offline weights, against real reference speaker turns."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from protokoll.evaluation import diarization_error_rate, read_rttm
from protokoll.speech.audio import load_recording


@pytest.fixture(scope="module")
def diarizer(pipeline):
    return pipeline.diarizer


def test_real_two_speaker_call(diarizer, corpus):
    recording = load_recording(corpus / "pyannote-audio" / "sample.wav")
    result = diarizer(recording.audio)
    reference = read_rttm(corpus / "pyannote-audio" / "sample.rttm")
    assert len(result.speakers) == 2
    # The benchmark target is 6 %; measured 5.6 % with the default settings.
    assert diarization_error_rate(reference, result.turns, collar=0.0) < 0.08
    assert diarization_error_rate(reference, result.turns, collar=0.25) < 0.03


def test_three_speakers_one_after_another(diarizer, corpus):
    recording = load_recording(corpus / "picovoice-falcon" / "test.wav")
    result = diarizer(recording.audio)
    assert len(result.speakers) == 3
    assert diarization_error_rate(read_rttm(corpus / "picovoice-falcon" / "test.rttm"), result.turns, collar=0.25) < 0.1


def test_voice_prints_recognise_each_speaker_again(diarizer, corpus):
    audio = load_recording(corpus / "pyannote-audio" / "sample.wav").audio
    result = diarizer(audio)
    assert set(result.embeddings) == set(result.speakers)
    prints = {label: np.array(vector) for label, vector in result.embeddings.items()}
    assert all(v.shape == (192,) and np.all(np.isfinite(v)) for v in prints.values())
    embed = diarizer.pipeline._embedding
    for label in result.speakers:
        longest = max((t for t in result.turns if t.speaker == label), key=lambda t: t.end - t.start)
        clip = audio[int(longest.start * 16000) : int(longest.end * 16000)]
        fresh = embed(torch.from_numpy(clip)[None, None])[0]
        similarity = {
            other: fresh @ vector / np.linalg.norm(fresh) / np.linalg.norm(vector) for other, vector in prints.items()
        }
        assert max(similarity, key=similarity.get) == label


def test_speaker_bounds_are_honoured(diarizer, corpus):
    audio = load_recording(corpus / "pyannote-audio" / "sample.wav").audio
    assert len(diarizer(audio, max_speakers=1).speakers) == 1


def test_progress_is_reported(diarizer, corpus):
    seen = []
    diarizer(
        load_recording(corpus / "picovoice-leopard" / "test_de.wav").audio,
        progress=lambda s, f: seen.append((s, f)),
    )
    assert seen[-1] == ("diarize", 1.0)
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions)


def test_campplus_same_voice_is_closer_than_other_voice(diarizer, corpus):
    embed = diarizer.pipeline._embedding
    clips = sorted((corpus / "thorsten-voice").glob("*.wav"))[:2] + [corpus / "voxforge-de" / "de11-034.wav"]
    vectors = []
    for path in clips:
        audio = load_recording(path).audio[: 16000 * 5]
        vectors.append(embed(torch.from_numpy(audio)[None, None])[0])
    a, b, other = (v / np.linalg.norm(v) for v in vectors)
    assert a @ b > a @ other + 0.2


def test_campplus_returns_nan_for_too_little_speech(diarizer):
    embed = diarizer.pipeline._embedding
    waveforms = torch.randn(2, 1, 16000 * 5) * 0.1
    masks = torch.zeros(2, 293)
    masks[1, :200] = 1.0
    result = embed(waveforms, masks=masks)
    assert np.all(np.isnan(result[0]))
    assert np.all(np.isfinite(result[1]))
