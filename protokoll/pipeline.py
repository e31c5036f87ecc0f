"""Runs the stages for one recording: decode, transcribe, diarize, attribute, store.

Models are loaded once per `Pipeline` and reused for every recording. Progress goes to one
callback (stage, fraction of that stage) and into the `jobs` table, so that a web page can show
it after a reload. The recording's sha256 is checked before any model runs, so a second upload
of the same file is refused at once.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from . import store
from .agenda import AgendaEntry
from .attribute import attribute
from .audio import load_recording
from .config import Settings
from .domain import MeetingInfo, ProgressCallback, SpeakerTurns, Transcript, Utterance
from .embeddings import to_blob
from .errors import DuplicateRecordingError, ProtokollError
from .minutes import summarize_meeting
from .modelstore import ModelStore

__all__ = ["Pipeline", "IngestResult", "STAGES"]

# Share of the whole run each stage takes on a CPU, for one overall progress figure.
STAGES = {
    "decode": 0.03,
    "transcribe": 0.35,
    "diarize": 0.54,
    "attribute": 0.01,
    "index": 0.03,
    "summarize": 0.01,
    "store": 0.03,
}


@dataclass
class IngestResult:
    """What one ingest produced, with the seconds each stage took."""

    meeting_id: int
    duration: float
    transcript: Transcript
    speakers: SpeakerTurns
    utterances: list[Utterance]
    seconds: dict[str, float] = field(default_factory=dict)


class _JobReporter:
    """Forwards progress to the caller and, throttled, to the jobs table."""

    def __init__(self, db: sqlite_utils.Database, source: str, callback: ProgressCallback | None):
        self.db = db
        self.callback = callback
        self.job_id = (
            db["jobs"]
            .insert(
                {
                    "source": source,
                    "stage": "decode",
                    "progress": 0.0,
                    "status": "running",
                    "updated_at": store._now(),
                }
            )
            .last_pk
        )
        self._last = -1.0

    def __call__(self, stage: str, fraction: float) -> None:
        if self.callback:
            self.callback(stage, fraction)
        overall = overall_progress(stage, fraction)
        if overall - self._last >= 0.01 or fraction >= 1.0:
            self._last = overall
            self.db["jobs"].update(
                self.job_id, {"stage": stage, "progress": round(overall, 3), "updated_at": store._now()}
            )

    def finish(self, meeting_id: int | None, error: str | None = None) -> None:
        self.db["jobs"].update(
            self.job_id,
            {
                "meeting_id": meeting_id,
                "status": "failed" if error else "done",
                "error": error,
                "progress": 1.0 if not error else self._last,
                "updated_at": store._now(),
            },
        )


def overall_progress(stage: str, fraction: float) -> float:
    """Return the fraction of the whole run done when `stage` is `fraction` done."""
    done = 0.0
    for name, weight in STAGES.items():
        if name == stage:
            return done + weight * max(0.0, min(fraction, 1.0))
        done += weight
    return done


class Pipeline:
    """The models and settings for processing recordings; loads each model on first use."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.models = ModelStore(settings.models_dir)
        self._transcriber = None
        self._diarizer = None
        self._embedder = None
        self._generator = None

    @property
    def transcriber(self):
        if self._transcriber is None:
            from .transcribe import Transcriber

            s = self.settings
            self._transcriber = Transcriber(
                self.models, s.whisper_model, s.device, s.compute_type, s.cpu_threads, s.beam_size
            )
        return self._transcriber

    @property
    def diarizer(self):
        if self._diarizer is None:
            from .diarize import Diarizer

            s = self.settings
            self._diarizer = Diarizer(
                self.models, s.diarization_pipeline, s.segmentation_step, s.clustering_threshold, s.device
            )
        return self._diarizer

    @property
    def embedder(self):
        if self._embedder is None:
            from .embeddings import TextEmbedder

            self._embedder = TextEmbedder(self.settings.cpu_threads)
        return self._embedder

    @property
    def generator(self):
        """The configured text generator for plain-language rewrites, or None (the default)."""
        if self._generator is None and self.settings.generator:
            from .generator import load_generator

            self._generator = load_generator(self.settings.generator)
        return self._generator

    def load_models(self) -> None:
        """Load every model now rather than on first use (for timing, or to fail early)."""
        _ = self.transcriber, self.diarizer, self.embedder

    def ingest(
        self,
        db: sqlite_utils.Database,
        path: str | Path,
        info: MeetingInfo,
        vocabulary: Iterable[str] = (),
        progress: ProgressCallback | None = None,
        agenda: list[AgendaEntry] | None = None,
    ) -> IngestResult:
        """Process a recording into the archive and return the result; nothing is stored on error.

        With an agenda, its titles also serve as vocabulary hints and the transcript is cut into
        its items; without one, items are found from the chair's cues.
        """
        path = Path(path)
        reporter = _JobReporter(db, path.name, progress)
        try:
            self.load_models()
        except ProtokollError as error:
            reporter.finish(None, str(error))
            raise
        try:
            result = self._run(db, path, info, vocabulary, reporter, agenda)
        except ProtokollError as error:
            reporter.finish(getattr(error, "meeting_id", None), str(error))
            raise
        except Exception as error:
            reporter.finish(None, f"{type(error).__name__}: {error}")
            raise
        reporter.finish(result.meeting_id)
        return result

    def _run(self, db, path: Path, info: MeetingInfo, vocabulary, report: _JobReporter, agenda) -> IngestResult:
        s = self.settings
        seconds: dict[str, float] = {}
        clock = time.perf_counter()
        report("decode", 0.0)
        recording = load_recording(path, s.max_duration_hours, s.max_file_mb)
        existing = store.find_recording(db, recording.sha256)
        if existing is not None:
            raise DuplicateRecordingError(
                f"{path.name} was already ingested as meeting {existing} (same sha256)", existing
            )
        report("decode", 1.0)
        seconds["decode"] = time.perf_counter() - clock

        clock = time.perf_counter()
        known_names = [row[0] for row in db.execute("SELECT name FROM persons")]
        terms = [info.body or "", info.title, *(e.title for e in agenda or ()), *vocabulary, *known_names]
        language = info.language if info.language is not None else s.language
        transcript = self.transcriber(recording.audio, language=language, vocabulary=terms, progress=report)
        seconds["transcribe"] = time.perf_counter() - clock

        clock = time.perf_counter()
        speakers = self.diarizer(
            recording.audio, min_speakers=s.min_speakers, max_speakers=s.max_speakers, progress=report
        )
        seconds["diarize"] = time.perf_counter() - clock

        clock = time.perf_counter()
        utterances = attribute(transcript.words, speakers.turns, max_pause=s.utterance_pause)
        report("attribute", 1.0)
        seconds["attribute"] = time.perf_counter() - clock

        clock = time.perf_counter()
        vectors = [to_blob(v) for v in self.embedder.encode([u.text for u in utterances])]
        report("index", 1.0)
        seconds["index"] = time.perf_counter() - clock

        def minutes(db, meeting_id, _ids):
            started = time.perf_counter()
            summarize_meeting(db, meeting_id, self.embedder, agenda, generator=self.generator)
            report("summarize", 1.0)
            seconds["summarize"] = time.perf_counter() - started

        clock = time.perf_counter()
        meeting_id = store.save_meeting(
            db,
            info,
            path,
            recording.sha256,
            recording.duration,
            recording.container,
            transcript,
            speakers,
            utterances,
            vectors=vectors,
            vector_model=self.embedder.name,
            extra=minutes,
        )
        store.optimize_search_index(db)
        report("store", 1.0)
        seconds["store"] = time.perf_counter() - clock - seconds.get("summarize", 0.0)
        return IngestResult(meeting_id, recording.duration, transcript, speakers, utterances, seconds)
