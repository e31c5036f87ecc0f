"""Diarization of long sessions: peak memory, speakers found, DER and real-time factor at 1, 3 and 6 hours.

Usage:
    python benchmarks/long_session_benchmark.py                  # 1 h and 3 h (6 h: --hours 1 3 6)
    python benchmarks/long_session_benchmark.py --hours 1        # one length, merged into the results
    python benchmarks/long_session_benchmark.py --case 1         # one length, printed only

The sessions are built from real speech of the evaluation corpus (../shared/corpus or
$PROTOKOLL_CORPUS, see its SOURCES.md): eight distinct voices (Thorsten Müller, VoxForge speaker
1337ad, J. F. Kennedy, the two speakers of pyannote's sample call, and three AMI participants, each
cut from one recording where only that voice speaks according to the reference RTTM). Every voice
is levelled to the same speech level; a session is a random sequence of turns (a 2–15 s stretch of the voice's
material at a random gain of ±4 dB, the first voice as chair taking about every third turn, one
voice speaking only in the second half), with pauses of 0.3–1.5 s and now and then 5–20 s, and
white noise 35 dB below speech. The corpus holds only 10–35 s per voice, so its material repeats
over the hours (the stretches start at random places): the figures measure memory, speed and
whether windows are linked into the right voices, not the separation of unheard material.

Each session is written once as raw float32 samples to benchmarks/work/ (not in git; 1.4 GB at six
hours) and read through `protokoll.speech.audio.AudioFile`, in windows only, exactly as a decoded
recording is. Each length runs in its own process (torch, OpenMP and MKL threads: --threads,
default 1, since the machine's two cores are shared and oversubscribed threads spin); peak RSS is
that process's `ru_maxrss`, after loading the models and over diarization plus the voice prints
of every label with the separation of merged voices (`speech.voiceprints.separate_voices`, as the
pipeline runs it). DER is pyannote.metrics' with a 0.25 s collar, before and after the separation.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import CORPUS, WORK, measured_at, merge_results, parse_args

RATE = 16000
SEED = 20261128
LEVEL_RMS = 0.05  # every voice's speech level (about -26 dBFS)
NOISE_RMS = LEVEL_RMS * 10 ** (-35 / 20)
TURN_SECONDS = (2.0, 15.0)
LATE_VOICE = "ami-MEE071"  # speaks only in the second half of each session


def _rttm_clean(rttm: Path, uri: str, speaker: str) -> list[tuple[float, float]]:
    """Stretches where only `speaker` speaks in `uri` of an RTTM file, 0.8 s or longer."""
    own, others = [], []
    for line in rttm.read_text().splitlines():
        parts = line.split()
        if parts[1] != uri:
            continue
        segment = (float(parts[3]), float(parts[3]) + float(parts[4]))
        (own if parts[7] == speaker else others).append(segment)
    clean = []
    for start, end in own:
        pieces = [(start, end)]
        for o_start, o_end in others:
            pieces = [
                piece
                for a, b in pieces
                for piece in ((a, min(b, o_start)), (max(a, o_end), b))
                if piece[1] - piece[0] > 0
            ]
        clean += [(a, b) for a, b in pieces if b - a >= 0.8]
    return clean


def _voices() -> dict[str, np.ndarray]:
    """Each voice's clean material, concatenated and levelled to LEVEL_RMS."""
    from protokoll.speech.audio import load_recording

    def load(path: Path) -> np.ndarray:
        return np.asarray(load_recording(path).audio, dtype=np.float32)

    def cut(path: Path, stretches) -> list[np.ndarray]:
        audio = load(path)
        return [audio[int(a * RATE) : int(b * RATE)] for a, b in stretches]

    pyannote, ami = CORPUS / "pyannote-audio", CORPUS / "diarizen-ami"
    material = {
        "thorsten": [load(p) for p in sorted((CORPUS / "thorsten-voice").glob("*.wav"))],
        "voxforge-1337ad": [load(CORPUS / "voxforge-de" / f"de11-03{i}.wav") for i in (4, 5)],
        "jfk": [load(CORPUS / "whisper.cpp" / "jfk.wav")],
        "pyannote-speaker90": cut(
            pyannote / "sample.wav", _rttm_clean(pyannote / "sample.rttm", "sample", "speaker90")
        ),
        "pyannote-speaker91": cut(
            pyannote / "sample.wav", _rttm_clean(pyannote / "sample.rttm", "sample", "speaker91")
        ),
        "ami-MEE009": [
            piece
            for uri in ("dev00", "dev01")
            for piece in cut(pyannote / f"{uri}.wav", _rttm_clean(pyannote / "debug.development.rttm", uri, "MEE009"))
        ],
        # One recording per voice: the same person in another AMI room is another channel, whose
        # CAM++ prints differ as much as two voices' (cosine 0.33 for FEO072 in tst00 and EN2002a).
        "ami-FEO072": cut(pyannote / "tst00.wav", _rttm_clean(pyannote / "debug.test.rttm", "tst00", "FEO072")),
        LATE_VOICE: cut(ami / "EN2002a_30s.wav", _rttm_clean(ami / "EN2002a_30s.rttm", "EN2002a_30s", "MEE071")),
    }
    voices = {}
    for key, pieces in material.items():
        audio = np.concatenate(pieces)
        voices[key] = (audio * (LEVEL_RMS / np.sqrt(np.mean(np.square(audio))))).astype(np.float32)
    return voices


def build_session(hours: float) -> tuple[Path, Path]:
    """Write (raw float32 samples, reference turns JSON) for a session of `hours` (once; kept in WORK)."""
    samples_path = WORK / f"long_session_v2_{hours:g}h.f32"
    reference_path = WORK / f"long_session_v2_{hours:g}h.json"
    if samples_path.exists() and reference_path.exists():
        return samples_path, reference_path
    WORK.mkdir(parents=True, exist_ok=True)
    voices = _voices()
    keys = list(voices)
    chair, late = keys[0], keys.index(LATE_VOICE)
    rng = np.random.default_rng(SEED)
    total = int(hours * 3600 * RATE)
    turns, position, previous = [], 0, None
    with open(samples_path, "wb") as handle:
        while position < total:
            gap = rng.uniform(5.0, 20.0) if rng.random() < 0.05 else rng.uniform(0.3, 1.5)
            allowed = [k for i, k in enumerate(keys) if k != previous and (i != late or position > total // 2)]
            key = chair if previous != chair and rng.random() < 0.33 else allowed[rng.integers(len(allowed))]
            material = voices[key]
            length = int(rng.uniform(*TURN_SECONDS) * RATE)
            start = int(rng.integers(len(material)))
            speech = np.take(material, np.arange(start, start + length), mode="wrap")
            speech = speech * 10 ** (rng.uniform(-4, 4) / 20)
            block = np.concatenate([np.zeros(int(gap * RATE), dtype=np.float32), speech])[: total - position]
            block = (block + rng.normal(0, NOISE_RMS, len(block))).astype(np.float32)
            speech_start = position + int(gap * RATE)
            if speech_start < position + len(block):
                turns.append({"speaker": key, "start": speech_start / RATE, "end": (position + len(block)) / RATE})
            block.tofile(handle)
            position += len(block)
            previous = key
    reference_path.write_text(json.dumps({"samples": total, "turns": turns}), encoding="utf-8")
    return samples_path, reference_path


def case(hours: float, threads: int) -> dict:
    """Diarize one session from disk in this process and return its figures."""
    import torch

    torch.set_num_threads(threads)
    from protokoll.config import Settings
    from protokoll.domain import Turn
    from protokoll.evaluation import diarization_error_rate
    from protokoll.speech.audio import AudioFile
    from protokoll.speech.diarize import Diarizer
    from protokoll.speech.modelstore import ModelStore
    from protokoll.speech.voiceprints import separate_voices

    samples_path, reference_path = build_session(hours)
    reference = json.loads(reference_path.read_text(encoding="utf-8"))
    source = AudioFile(samples_path, reference["samples"])
    settings = Settings(data_dir=Path(tempfile.mkdtemp()))
    diarizer = Diarizer(ModelStore(settings.models_dir), device="cpu")
    rss_models = _peak_rss_mb()
    clock = time.perf_counter()
    speakers = diarizer(source)
    diarize_seconds = time.perf_counter() - clock
    clock = time.perf_counter()
    separated = separate_voices(source, speakers.turns, diarizer.voice_model)
    prints_seconds = time.perf_counter() - clock
    duration = reference["samples"] / RATE
    truth = [Turn(t["start"], t["end"], t["speaker"]) for t in reference["turns"]]
    return {
        "audio_seconds": round(duration, 1),
        "speakers_true": len({t.speaker for t in truth}),
        "speakers_found_by_clustering": len(speakers.speakers),
        "speakers_found": len({t.speaker for t in separated.turns}),
        "der_collar_0.25_clustering": round(diarization_error_rate(truth, speakers.turns, 0.25), 4),
        "der_collar_0.25": round(diarization_error_rate(truth, separated.turns, 0.25), 4),
        "separated_seconds": separated.moved_seconds,
        "rtf_diarize": round(diarize_seconds / duration, 4),
        "rtf_voice_prints": round(prints_seconds / duration, 4),
        "peak_rss_mb": round(_peak_rss_mb()),
        "rss_after_model_load_mb": round(rss_models),
        "labels_with_print": len(separated.prints),
        "method": speakers.method,
        "torch_threads": threads,
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _options(parser) -> None:
    parser.add_argument("--case", type=float, help="Run one length (hours) in this process and print its figures.")
    parser.add_argument("--hours", type=float, nargs="+", default=[1, 3], help="Lengths to measure (default 1 3).")
    parser.add_argument(
        "--threads", type=int, default=1, help="torch threads of each case (default 1: the machine is shared)."
    )


def main() -> None:
    args = parse_args(__doc__, _options)
    if args.case:
        import warnings

        warnings.simplefilter("ignore")
        print(json.dumps(case(args.case, args.threads)))
        return
    for hours in args.hours:
        build_session(hours)  # outside the measured process
        print(f"== {hours:g} h", flush=True)
        command = [sys.executable, __file__, "--case", str(hours), "--threads", str(args.threads)]
        threads = {name: str(args.threads) for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")}
        output = subprocess.run(command, capture_output=True, text=True, check=False, env={**os.environ, **threads})
        if output.returncode != 0:
            print(output.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"{hours:g} h failed")
        figures = json.loads(output.stdout.strip().splitlines()[-1])
        print(json.dumps(figures, indent=2), flush=True)
        merge_results("long_sessions", {f"{hours:g}h": figures, "measured_at": measured_at()}, keep=True)


if __name__ == "__main__":
    main()
