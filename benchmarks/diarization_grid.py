"""How the clustering settings of diarization change DER and the number of speakers found.

Usage:
    python benchmarks/diarization_grid.py            # the grid on the development files, then the test files
    python benchmarks/diarization_grid.py --only embeddings   # per-pair against pooled voice embeddings
    python benchmarks/diarization_grid.py --only separation   # clustering alone against separate_voices after it

Segmentation and voice embeddings are computed once per file (they do not depend on the clustering);
each setting of pyannote's agglomerative clustering (linkage threshold, min_cluster_size) is then
applied to them. Development files, on which settings are chosen: the AMI excerpts dev00 and dev01
of pyannote-audio's test data, the three multi-voice sessions of the voice register
(tests/data/voice_sessions: 12–13 voices, short turns) and the bundled sample session. Test files,
only read to check the choice: the AMI excerpts tst00, tst01 and EN2002a_30s. DER is
pyannote.metrics' with a 0.25 s collar. Results go to results.json, section `diarization_grid`.

`--only embeddings` runs the whole diarization at the default settings on every file and on the
pyannote sample, once with pyannote's per-pair embeddings and once with pooled embeddings (the
`pooled_embeddings` setting): DER at collar 0 and 0.25, speakers found, and the real-time factor
of each. Section `diarization_embeddings`.

`--only separation` runs the diarizer at the default settings on the same files and compares its
turns with those after `speech.voiceprints.separate_voices` (the `separate_voices` setting): DER
at collar 0 and 0.25, speakers found, and the speech each file had moved. Section `voice_separation`.
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import CORPUS, ROOT, SAMPLES, measured_at, merge_results, parse_args  # noqa: E402

THRESHOLDS = (0.6, 0.65, 0.7)
MIN_CLUSTER_SIZES = (2, 6, 12)
VOICE_SESSIONS = ROOT / "tests" / "data" / "voice_sessions"
AMI = CORPUS / "pyannote-audio"
DIARIZEN = CORPUS / "diarizen-ami"
DEVELOPMENT = {
    "ami_dev00": (AMI / "dev00.wav", AMI / "debug.development.rttm", "dev00"),
    "ami_dev01": (AMI / "dev01.wav", AMI / "debug.development.rttm", "dev01"),
    **{
        f"voices_{n}": (VOICE_SESSIONS / f"{n}.flac", VOICE_SESSIONS / f"{n}.rttm", None)
        for n in ("session1", "session2", "session3")
    },
    "sample": (SAMPLES / "sample_session.flac", SAMPLES / "sample_session.rttm", None),
}
TEST = {
    "ami_tst00": (AMI / "tst00.wav", AMI / "debug.test.rttm", "tst00"),
    "ami_tst01": (AMI / "tst01.wav", AMI / "debug.test.rttm", "tst01"),
    "ami_EN2002a_30s": (DIARIZEN / "EN2002a_30s.wav", DIARIZEN / "EN2002a_30s.rttm", None),
}


def _reference(rttm: Path, uri: str | None):
    """The reference turns of one recording (an RTTM may hold several; None: all of the file)."""
    from protokoll.evaluation import read_rttm

    lines = [line for line in rttm.read_text().splitlines() if uri is None or line.split()[1] == uri]
    with tempfile.NamedTemporaryFile("w", suffix=".rttm", delete=False) as handle:
        handle.write("\n".join(lines) + "\n")
    return read_rttm(handle.name)


def _cached(pipeline) -> None:
    """Compute a file's segmentation and embeddings once; the clustering runs again for each setting."""
    cache = {}
    segmentations, embeddings = pipeline.get_segmentations, pipeline.get_embeddings

    def get_segmentations(file, hook=None):
        key = ("segmentation", file["uri"])
        if key not in cache:
            cache[key] = segmentations(file, hook=hook)
        return cache[key]

    def get_embeddings(file, binary_segmentations, *args, **kwargs):
        key = ("embeddings", file["uri"])
        if key not in cache:
            cache[key] = embeddings(file, binary_segmentations, *args, **kwargs)
        return cache[key]

    pipeline.get_segmentations, pipeline.get_embeddings = get_segmentations, get_embeddings


def grid(files: dict) -> list[dict]:
    import torch

    from protokoll.config import Settings
    from protokoll.domain import Turn
    from protokoll.evaluation import diarization_error_rate
    from protokoll.speech.audio import load_recording
    from protokoll.speech.diarize import Diarizer
    from protokoll.speech.modelstore import ModelStore

    pipeline = Diarizer(ModelStore(Settings().models_dir)).pipeline
    _cached(pipeline)
    recordings = {name: torch.from_numpy(load_recording(wav).audio)[None] for name, (wav, _, _) in files.items()}
    references = {name: _reference(rttm, uri) for name, (_, rttm, uri) in files.items()}
    rows = []
    for threshold in THRESHOLDS:
        for size in MIN_CLUSTER_SIZES:
            pipeline.clustering.threshold, pipeline.clustering.min_cluster_size = threshold, size
            row = {"threshold": threshold, "min_cluster_size": size}
            for name, waveform in recordings.items():
                output = pipeline({"waveform": waveform, "sample_rate": 16000, "uri": name})
                annotation = getattr(output, "speaker_diarization", output)
                turns = [Turn(start=float(s.start), end=float(s.end), speaker=str(label))
                         for s, _, label in annotation.itertracks(yield_label=True)]  # fmt: skip
                reference = references[name]
                row[name] = {
                    "der": round(diarization_error_rate(reference, turns, 0.25), 3),
                    "speakers_found": len({t.speaker for t in turns}),
                    "speakers_reference": len({t.speaker for t in reference}),
                }
            print(row, flush=True)
            rows.append(row)
    return rows


def embeddings(files: dict) -> dict:
    """Per-pair and pooled embeddings, each through the whole diarization, on every file."""
    import time

    from protokoll.config import Settings
    from protokoll.evaluation import diarization_error_rate
    from protokoll.speech.audio import load_recording
    from protokoll.speech.diarize import Diarizer
    from protokoll.speech.modelstore import ModelStore

    diarizer = Diarizer(ModelStore(Settings().models_dir))
    diarizer(load_recording(files["sample"][0]).audio[: 16000 * 20])  # first-call costs out of the timing
    figures = {}
    for way, pooled in (("per_pair", False), ("pooled", True)):
        diarizer.pipeline.pool_frames = pooled
        rows, seconds, audio_seconds = {}, 0.0, 0.0
        for name, (wav, rttm, uri) in files.items():
            audio, reference = load_recording(wav).audio, _reference(rttm, uri)
            clock = time.perf_counter()
            turns = diarizer(audio).turns
            elapsed, length = time.perf_counter() - clock, len(audio) / 16000
            seconds, audio_seconds = seconds + elapsed, audio_seconds + length
            rows[name] = {
                "der_collar_0": round(diarization_error_rate(reference, turns, 0.0), 3),
                "der_collar_0.25": round(diarization_error_rate(reference, turns, 0.25), 3),
                "speakers_found": len({t.speaker for t in turns}),
                "speakers_reference": len({t.speaker for t in reference}),
                "rtf": round(elapsed / length, 3),
            }
            print(way, name, rows[name], flush=True)
        figures[way] = {"files": rows, "rtf_all": round(seconds / audio_seconds, 3)}
    return figures


def separation(files: dict) -> dict:
    """DER and speakers found from clustering alone and after separating the voices of mixed labels."""
    from protokoll.config import Settings
    from protokoll.evaluation import diarization_error_rate
    from protokoll.speech.audio import load_recording
    from protokoll.speech.pipeline import Pipeline
    from protokoll.speech.voiceprints import separate_voices

    pipeline = Pipeline(Settings())
    rows = {}
    for name, (wav, rttm, uri) in files.items():
        audio, reference = load_recording(wav).audio, _reference(rttm, uri)
        clustered = pipeline.diarizer(audio).turns
        separated = separate_voices(audio, clustered, pipeline.voice_model)
        rows[name] = {"speakers_reference": len({t.speaker for t in reference}),
                      "moved_seconds": separated.moved_seconds}  # fmt: skip
        for way, turns in (("clustered", clustered), ("separated", separated.turns)):
            rows[name][way] = {
                "der_collar_0": round(diarization_error_rate(reference, turns, 0.0), 3),
                "der_collar_0.25": round(diarization_error_rate(reference, turns, 0.25), 3),
                "speakers_found": len({t.speaker for t in turns}),
            }
        print(name, rows[name], flush=True)
    return rows


def main() -> None:
    choices = ["grid", "embeddings", "separation"]
    args = parse_args(__doc__, lambda p: p.add_argument("--only", choices=choices, default=None))
    warnings.simplefilter("ignore")
    if args.only in (None, "grid"):
        figures = {"measured_at": measured_at(), "development": grid(DEVELOPMENT), "test": grid(TEST)}
        merge_results("diarization_grid", figures)
    if args.only in (None, "embeddings"):
        files = {**DEVELOPMENT, **TEST, "pyannote_sample": (AMI / "sample.wav", AMI / "sample.rttm", None)}
        merge_results("diarization_embeddings", {"measured_at": measured_at(), **embeddings(files)})
    if args.only in (None, "separation"):
        files = {**DEVELOPMENT, **TEST, "pyannote_sample": (AMI / "sample.wav", AMI / "sample.rttm", None)}
        merge_results("voice_separation", {"measured_at": measured_at(), "files": separation(files)})


if __name__ == "__main__":
    main()
