"""Runs one job on a worker: claim its lease, keep it alive, compute what is not yet checkpointed, hand back.

The runner does not know where the archive is. It talks to a `Ledger`: `LocalLedger` on the
archive's machine (direct SQLite) or `RemoteLedger` on another machine (HTTP to `protokoll serve`).
A heartbeat thread renews the lease; when the lease is lost (the job was cancelled, or the worker
was presumed dead and another took over), the next progress report stops the run and nothing more
is written.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from protokoll.archive.jobs import LEASE_SECONDS
from protokoll.config import Settings
from protokoll.domain import ProgressCallback
from protokoll.errors import ProtokollError
from protokoll.processing.codec import IngestRequest, JobOutput
from protokoll.speech.audio import load_recording
from protokoll.speech.pipeline import overall_progress
from protokoll.speech.transcribe import check_language

__all__ = ["Ticket", "Ledger", "JobRunner", "JobLost", "pause_point", "PAUSE_VARIABLE"]

# Crash tests set this to a stage name ("transcribe", "diarize", "store"): a worker reaching that
# point waits there, so that a test can kill it at a known place. Nothing else reads it.
PAUSE_VARIABLE = "PROTOKOLL_CRASH_TEST_PAUSE"

log = logging.getLogger(__name__)


def pause_point(stage: str) -> None:
    """Wait here for good when a crash test asked to kill the worker at `stage`."""
    if os.environ.get(PAUSE_VARIABLE) == stage:
        print(f"paused at {stage}", flush=True)
        while True:
            time.sleep(3600)


class JobLost(ProtokollError):
    """The worker no longer holds the job's lease (cancelled, or taken over after a presumed death)."""


@dataclass
class Ticket:
    """A claimed job: what to process and what earlier attempts already computed."""

    job_id: int
    request: IngestRequest
    terms: list[str]  # vocabulary hints: the request's and the archive's known names
    checkpoints: dict[str, dict] = field(default_factory=dict)
    attempts: int = 1
    source: str = ""  # the recording's file name, as the clerk gave it


class Ledger(Protocol):
    """The job ledger as a worker sees it."""

    worker: str

    def claim(self, job_id: int) -> Ticket | None: ...

    def renew(self, job_id: int) -> bool: ...

    def report(self, job_id: int, stage: str, progress: float) -> None: ...

    def put_checkpoint(self, job_id: int, name: str, content: dict) -> bool: ...

    def recording(self, ticket: Ticket) -> Path: ...

    def check_new(self, sha256: str, name: str) -> None: ...

    def complete(self, ticket: Ticket, output: JobOutput): ...

    def fail(self, job_id: int, error: str, meeting_id: int | None = None) -> None: ...

    def release(self, job_id: int) -> None: ...


class _Heartbeat(threading.Thread):
    """Renews the lease until stopped; sets `lost` when the ledger refuses the renewal."""

    def __init__(self, ledger: Ledger, job_id: int, interval: float):
        super().__init__(daemon=True, name=f"heartbeat-{job_id}")
        self.ledger, self.job_id, self.interval = ledger, job_id, interval
        self.lost = threading.Event()
        self._stopping = threading.Event()

    def run(self) -> None:
        while not self._stopping.wait(self.interval):
            try:
                if not self.ledger.renew(self.job_id):
                    self.lost.set()
                    return
            except Exception:  # a hiccup of the archive or the network: the lease has slack for it
                continue

    def stop(self) -> None:
        """Stop and wait for a renewal in flight: a thread still inside the archive or a native library
        while the interpreter shuts down can abort the process (seen as SIGABRT after a finished ingest)."""
        self._stopping.set()
        if self.is_alive() and self is not threading.current_thread():
            self.join()


class _Checkpoints:
    """A job's checkpoints for the pipeline: what the ticket brought, and new ones sent to the ledger."""

    def __init__(self, ledger: Ledger, ticket: Ticket, lost: threading.Event):
        self.ledger, self.ticket, self.lost = ledger, ticket, lost

    def get(self, name: str) -> dict | None:
        return self.ticket.checkpoints.get(name)

    def put(self, name: str, content: dict) -> None:
        if self.lost.is_set() or not self.ledger.put_checkpoint(self.ticket.job_id, name, content):
            raise JobLost(f"job {self.ticket.job_id}: the lease was lost; another worker or a cancel took over")
        self.ticket.checkpoints[name] = content
        if name.startswith("transcribe/"):
            pause_point("transcribe")


class _Report:
    """Progress to the caller and, throttled, to the ledger; stops the run once the lease is lost."""

    def __init__(self, ledger: Ledger, job_id: int, callback: ProgressCallback | None, lost: threading.Event):
        self.ledger, self.job_id, self.callback, self.lost = ledger, job_id, callback, lost
        self._last = -1.0
        self._paused = False

    def __call__(self, stage: str, fraction: float) -> None:
        if self.lost.is_set():
            raise JobLost(f"job {self.job_id}: the lease was lost; another worker or a cancel took over")
        if stage == "diarize" and not self._paused:
            self._paused = True
            pause_point("diarize")
        if self.callback:
            self.callback(stage, fraction)
        overall = overall_progress(stage, fraction)
        if overall - self._last >= 0.01 or fraction >= 1.0:
            self._last = overall
            self.ledger.report(self.job_id, stage, overall)


class JobRunner:
    """Processes jobs from one ledger with one set of models (loaded on first need)."""

    def __init__(self, ledger: Ledger, settings: Settings, pipeline: Callable[[], object]):
        self.ledger = ledger
        self.settings = settings
        self._pipeline = pipeline
        self.heartbeat_seconds = LEASE_SECONDS / 6

    def run(self, job_id: int, progress: ProgressCallback | None = None):
        """Process the job if this worker can claim it; return what `Ledger.complete` returns, or None.

        None means the job was not ours to run (taken, closed) or was lost while running.
        A failure is recorded in the ledger and raised.
        """
        ticket = self.ledger.claim(job_id)
        if ticket is None:
            return None
        if ticket.checkpoints:
            log.info("job %s (attempt %s) resumes from its checkpoints: %s", job_id, ticket.attempts,
                     ", ".join(sorted(ticket.checkpoints)))  # fmt: skip
        heartbeat = _Heartbeat(self.ledger, job_id, self.heartbeat_seconds)
        heartbeat.start()
        try:
            output = self._compute(ticket, _Report(self.ledger, job_id, progress, heartbeat.lost), heartbeat.lost)
            return self.ledger.complete(ticket, output)
        except JobLost:
            return None
        except ProtokollError as error:
            self.ledger.fail(job_id, str(error), getattr(error, "meeting_id", None))
            raise
        except (KeyboardInterrupt, SystemExit):  # the worker is stopping: the job goes back to the queue
            self.ledger.release(job_id)
            raise
        except BaseException as error:
            self.ledger.fail(job_id, f"{type(error).__name__}: {error}")
            raise
        finally:
            heartbeat.stop()

    def _compute(self, ticket: Ticket, report: _Report, lost: threading.Event) -> JobOutput:
        s, request = self.settings, ticket.request
        clock = time.perf_counter()
        report("decode", 0.0)
        # A long recording is decoded into a file and read in blocks and windows, never whole.
        spill = Path(s.data_dir) / "work" / f"job-{ticket.job_id}.f32"
        spill.parent.mkdir(parents=True, exist_ok=True)
        try:
            recording = load_recording(self.ledger.recording(ticket), s.max_duration_hours, s.max_file_mb, spill)
            self.ledger.check_new(recording.sha256, ticket.source or recording.path.name)
            report("decode", 1.0)
            decode_seconds = time.perf_counter() - clock
            language = request.info.language if request.info.language is not None else s.language
            checkpoints = _Checkpoints(self.ledger, ticket, lost)
            speech = self._pipeline().process(recording.audio, check_language(language), ticket.terms, report,
                                              checkpoints, (request.min_speakers, request.max_speakers))  # fmt: skip
        finally:
            spill.unlink(missing_ok=True)
        return JobOutput(recording.sha256, recording.duration, recording.container, list(recording.warnings), speech,
                         decode_seconds)  # fmt: skip
