"""Quality, speed and memory of the pipeline: WER, DER, word-to-speaker accuracy, RTF per stage, peak RSS.

Usage:
    python benchmarks/pipeline_benchmark.py                 # every case (one hour takes ~15 min, three ~45)
    python benchmarks/pipeline_benchmark.py --skip-hour     # all but the one- and three-hour recordings
    python benchmarks/pipeline_benchmark.py --only sample   # one case, merged into the results
    python benchmarks/pipeline_benchmark.py --case sample   # one case, printed only

Each case runs in its own process so that its peak memory is its own. Figures are printed and
merged into benchmarks/results.json and benchmarks/results.md (only the cases run are replaced).
Real-time factor (RTF) = processing seconds / audio seconds; model loading is reported apart.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # `benchmarks` and `protokoll`, run as a script

from benchmarks.common import (
    CORPUS,
    SAMPLES,
    WORK,
    measured_at,
    merge_results,
    parse_args,
    stored_votes,
    vote_scores,
)
from protokoll.evaluation import german_clips
from protokoll.services import Services

CASES = ["sample", "sample_room", "german", "pyannote", "ami", "hour", "three_hours"]


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _pipeline():
    from protokoll.config import Settings
    from protokoll.speech.pipeline import Pipeline

    settings = Settings(data_dir=Path(tempfile.mkdtemp()))
    pipeline = Pipeline(settings)
    clock = time.perf_counter()
    pipeline.load_models()
    return pipeline, time.perf_counter() - clock


def _ingest(pipeline, path: Path, title: str, vocabulary=(), language="de", agenda=None, db_path=None):
    """Process a recording into the archive at db_path (a new one if none) with the loaded pipeline."""
    from protokoll.domain import MeetingInfo

    services = Services.for_archive(db_path or Path(tempfile.mkdtemp()) / "bench.db", pipeline=pipeline)
    return services.ingest(path, MeetingInfo(title=title, language=language), agenda=agenda, vocabulary=vocabulary)


def _rtf(result) -> dict:
    figures = {stage: round(seconds / result.duration, 4) for stage, seconds in result.seconds.items()}
    figures["total"] = round(sum(result.seconds.values()) / result.duration, 4)
    return figures


def _stm_turns(path: Path):
    from protokoll.domain import Turn

    turns, texts = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split(maxsplit=5)
        turns.append(Turn(float(parts[3]), float(parts[4]), parts[2]))
        texts.append(parts[5])
    return turns, " ".join(texts)


def case_sample() -> dict:
    """The bundled sample session, end to end."""
    return _sample_figures(SAMPLES / "sample_session.flac")


def case_sample_room() -> dict:
    """The sample session as a council chamber's desk microphone hears it: reverberation (RT60 0.6 s,
    12 x 9 x 4 m, pyroomacoustics' image method), the speaker 0.8 m from the microphone, and noise at
    20 dB SNR, so recognition errs more. (A microphone across the room, 5 m away at 15 dB, left
    Whisper base with a word error rate of 0.93.)"""
    import soundfile as sf

    from protokoll.evaluation import desk_microphone

    audio, rate = sf.read(SAMPLES / "sample_session.flac", dtype="float32")
    path = Path(tempfile.mkdtemp()) / "sample_room.wav"
    sf.write(path, desk_microphone(audio, rate), rate)
    return _sample_figures(path)


def _sample_figures(audio_path: Path) -> dict:
    from protokoll.archive import load_meeting, open_database
    from protokoll.domain import Turn
    from protokoll.evaluation import diarization_error_rate, speaker_accuracy, word_error_rate
    from protokoll.minutes.agenda import read_agenda

    reference = json.loads((SAMPLES / "sample_session.json").read_text(encoding="utf-8"))
    vocabulary = [s["name"] for s in reference["speakers"].values()]
    agenda = read_agenda(SAMPLES / "sample_session.agenda.txt")
    pipeline, load_seconds = _pipeline()
    db_path = Path(tempfile.mkdtemp()) / "bench.db"
    result = _ingest(pipeline, audio_path, "sample", vocabulary, agenda=agenda, db_path=db_path)
    db = open_database(db_path)
    bundle = load_meeting(db, result.meeting_id)
    # Reference start of an item: the start of the chair's utterance that calls it.
    cue_starts = {str(a["number"]): a["start"] for a in reference["agenda"]}
    starts = {i.number: i.start for i in bundle.agenda_items}
    within = sum(1 for n, t in cue_starts.items() if starts.get(n) is not None and abs(starts[n] - t) <= 5.0)
    right, found, expected = vote_scores(
        stored_votes(db, result.meeting_id), [{**v, "item": str(v["item"])} for v in reference["votes"]]
    )
    ref_turns = [Turn(u["start"], u["end"], u["speaker"]) for u in reference["utterances"]]
    words = [w for u in result.utterances for w in u.words]
    labels = [u.speaker for u in result.utterances for _ in u.words]
    accuracy, _ = speaker_accuracy(words, labels, ref_turns)
    return {
        "audio_seconds": round(result.duration, 1),
        "speakers_reference": len(reference["speakers"]),
        "speakers_found": len(result.speakers.speakers),
        "word_speaker_accuracy": round(accuracy, 4),
        "der_collar_0": round(diarization_error_rate(ref_turns, result.speakers.turns, 0.0), 4),
        "der_collar_0.25": round(diarization_error_rate(ref_turns, result.speakers.turns, 0.25), 4),
        "wer": round(
            word_error_rate(
                [" ".join(u["text"] for u in reference["utterances"])],
                [" ".join(u.text for u in result.utterances)],
            ),
            4,
        ),
        "agenda_items_start_within_5s": f"{within}/{len(cue_starts)}",
        "vote_precision": round(right / max(found, 1), 3),
        "vote_recall": round(right / max(expected, 1), 3),
        "votes_found": [
            {**{k: v[k] for k in ("item", "motion", "result", "yes", "no", "abstain")}, "evidence": e.evidence}
            for v, e in zip(stored_votes(db, result.meeting_id), bundle.votes, strict=True)
        ],
        "rtf": _rtf(result),
        "model_load_seconds": round(load_seconds, 2),
        "peak_rss_mb": round(_peak_rss_mb()),
    }


def case_german() -> dict:
    """German corpus clips: the pipeline's stored words against faster-whisper alone."""
    from faster_whisper import WhisperModel

    from protokoll.evaluation import word_error_rate

    clips = german_clips(CORPUS)
    pipeline, _ = _pipeline()
    references, ours, plain = [], [], []
    settings = pipeline.settings
    whisper = WhisperModel(str(pipeline.models.assembled_folder("whisper-base")), device="cpu", compute_type="int8")
    for path, text in clips:
        references.append(text)
        result = _ingest(pipeline, path, path.stem)
        ours.append(" ".join(u.text for u in result.utterances))
        segments, _ = whisper.transcribe(str(path), language="de", beam_size=settings.beam_size)
        plain.append(" ".join(s.text.strip() for s in segments))
    return {
        "clips": len(clips),
        "audio_seconds": round(sum(_duration(p) for p, _ in clips), 1),
        "wer_pipeline": round(word_error_rate(references, ours), 4),
        "wer_faster_whisper_alone": round(word_error_rate(references, plain), 4),
        "beam_size": settings.beam_size,
    }


def _duration(path: Path) -> float:
    from protokoll.speech.audio import load_recording

    return load_recording(path).duration


def case_pyannote() -> dict:
    """The real two-speaker call shipped with pyannote: DER, words to speakers, English WER."""
    from protokoll.evaluation import diarization_error_rate, read_rttm, speaker_accuracy, word_error_rate

    pipeline, _ = _pipeline()
    folder = CORPUS / "pyannote-audio"
    result = _ingest(pipeline, folder / "sample.wav", "pyannote sample", language="en")
    rttm = read_rttm(folder / "sample.rttm")
    stm_turns, stm_text = _stm_turns(folder / "sample.stm")
    words = [w for u in result.utterances for w in u.words]
    labels = [u.speaker for u in result.utterances for _ in u.words]
    accuracy, _ = speaker_accuracy(words, labels, stm_turns)
    return {
        "speakers_found": len(result.speakers.speakers),
        "der_collar_0": round(diarization_error_rate(rttm, result.speakers.turns, 0.0), 4),
        "der_collar_0.25": round(diarization_error_rate(rttm, result.speakers.turns, 0.25), 4),
        "word_speaker_accuracy": round(accuracy, 4),
        "wer_en": round(word_error_rate([stm_text], [" ".join(u.text for u in result.utterances)]), 4),
        "rtf": _rtf(result),
    }


def case_ami() -> dict:
    """AMI meeting excerpts (far-field, overlapping English speech): DER only."""
    from protokoll.evaluation import diarization_error_rate, read_rttm
    from protokoll.speech.audio import load_recording

    pipeline, _ = _pipeline()
    items = {
        "EN2002a_30s": (
            CORPUS / "diarizen-ami" / "EN2002a_30s.wav",
            CORPUS / "diarizen-ami" / "EN2002a_30s.rttm",
        ),
        **{
            u: (CORPUS / "pyannote-audio" / f"{u}.wav", CORPUS / "pyannote-audio" / "debug.development.rttm")
            for u in ("dev00", "dev01")
        },
        **{
            u: (CORPUS / "pyannote-audio" / f"{u}.wav", CORPUS / "pyannote-audio" / "debug.test.rttm")
            for u in ("tst00", "tst01")
        },
    }
    figures = {}
    for name, (wav, rttm) in items.items():
        lines = [line for line in rttm.read_text().splitlines() if line.split()[1] == name or rttm.stem == name]
        with tempfile.NamedTemporaryFile("w", suffix=".rttm", delete=False) as handle:
            handle.write("\n".join(lines) + "\n")
        reference = read_rttm(handle.name)
        turns = pipeline.diarizer(load_recording(wav).audio).turns
        figures[name] = {
            "speakers_reference": len({t.speaker for t in reference}),
            "speakers_found": len({t.speaker for t in turns}),
            "der_collar_0": round(diarization_error_rate(reference, turns, 0.0), 4),
            "der_collar_0.25": round(diarization_error_rate(reference, turns, 0.25), 4),
        }
    return figures


def _repeated_recording(hours: int) -> Path:
    """Return a FLAC of the given hours made by repeating the sample session (built once, not in git)."""
    import av
    import numpy as np

    from protokoll.speech.audio import SAMPLE_RATE, load_recording

    path = WORK / f"sample_session_{hours}h.flac"
    if path.exists():
        return path
    WORK.mkdir(parents=True, exist_ok=True)
    sample = load_recording(SAMPLES / "sample_session.flac").audio
    seconds = hours * 3600
    repeats = int(np.ceil(seconds * SAMPLE_RATE / len(sample)))
    pcm = (np.tile(sample, repeats)[: seconds * SAMPLE_RATE] * 32767).astype(np.int16)
    with av.open(str(path), "w") as container:
        stream = container.add_stream("flac", rate=SAMPLE_RATE, layout="mono")
        for start in range(0, len(pcm), SAMPLE_RATE * 60):
            frame = av.AudioFrame.from_ndarray(pcm[None, start : start + SAMPLE_RATE * 60], format="s16", layout="mono")
            frame.sample_rate = SAMPLE_RATE
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def _hours(hours: int) -> dict:
    """Hours of session audio (the sample repeated, its 5 voices throughout): real-time factor per stage, the
    speakers found and peak memory."""
    path = _repeated_recording(hours)
    pipeline, load_seconds = _pipeline()
    result = _ingest(pipeline, path, f"{hours} hours")
    return {
        "audio_seconds": round(result.duration, 1),
        "rtf": _rtf(result),
        "speakers_true": 5,
        "speakers_found": len(result.speakers.speakers),
        "utterances": len(result.utterances),
        "model_load_seconds": round(load_seconds, 2),
        "peak_rss_mb": round(_peak_rss_mb()),
    }


def case_hour() -> dict:
    """One hour of the sample repeated."""
    return _hours(1)


def case_three_hours() -> dict:
    """Three hours of the sample repeated (~45 min on two cores)."""
    return _hours(3)


def _options(parser) -> None:
    parser.add_argument("--case", choices=CASES, help="Run one case in this process.")
    parser.add_argument("--skip-hour", action="store_true", help="Leave out the one- and three-hour recordings.")
    parser.add_argument("--only", choices=CASES, action="append", help="Measure only these cases (repeatable).")


def main() -> None:
    args = parse_args(__doc__, _options)
    if args.case:
        warnings.simplefilter("ignore")
        figures = globals()[f"case_{args.case}"]()
        print(json.dumps(figures))
        return
    machine = f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}, no GPU"
    merge_results("machine", {"description": machine})
    for case in CASES:
        if (case in ("hour", "three_hours") and args.skip_hour) or (args.only and case not in args.only):
            continue
        print(f"== {case}", flush=True)
        output = subprocess.run([sys.executable, __file__, "--case", case], capture_output=True, text=True, check=False)
        if output.returncode != 0:
            print(output.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"case {case} failed")
        figures = json.loads(output.stdout.strip().splitlines()[-1])
        figures["measured_at"] = measured_at()
        print(json.dumps(figures, indent=2, ensure_ascii=False), flush=True)
        merge_results(case, figures)


if __name__ == "__main__":
    main()
