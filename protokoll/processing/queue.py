"""The queue that carries job ids to workers: Huey, on SQLite by default and on Redis for workers elsewhere.

Huey delivers each message once and forgets it; it does not deliver again a task whose worker was
killed. That is the ledger's work: the archive's machine runs a `Sweeper` that puts jobs whose
lease expired back on the queue. A message for a job that another worker holds, or that is closed,
is dropped by the claim, so a job queued twice is still processed once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from huey import RedisHuey, SqliteHuey
from huey.consumer import Consumer

from protokoll import archive
from protokoll.archive.jobs import LEASE_SECONDS
from protokoll.config import Settings

__all__ = ["JobQueue", "Sweeper", "queue_file"]

log = logging.getLogger(__name__)


def queue_file(settings: Settings) -> Path:
    """Where the embedded queue keeps its messages: beside the archive."""
    return Path(settings.database).with_name("queue.db")


class _EmbeddedConsumer(Consumer):
    """Huey's consumer started from a thread of another program: the program keeps its own signal handlers."""

    def _set_signal_handlers(self):
        pass


class JobQueue:
    """Huey with one task, `process_job(job_id)`; what the task does is the handler given to `consume`."""

    def __init__(self, settings: Settings):
        if settings.queue_url:
            self.huey = RedisHuey("protokoll", url=settings.queue_url, results=False)
            self.where = settings.queue_url
        else:
            path = queue_file(settings)
            path.parent.mkdir(parents=True, exist_ok=True)
            self.huey = SqliteHuey("protokoll", filename=str(path), results=False)
            self.where = str(path)
        self._handler: Callable[[int], object] | None = None

        def process_job(job_id: int) -> None:
            if self._handler is None:
                raise RuntimeError("this process does not work on jobs")
            self._handler(job_id)

        self._task = self.huey.task(name="process_job", retries=0)(process_job)

    def enqueue(self, job_id: int) -> None:
        """Put a job on the queue for the next free worker."""
        self._task(job_id)

    def pending(self) -> int:
        """Return how many messages wait in the queue."""
        return self.huey.pending_count()

    def consumer(self, handler: Callable[[int], object], workers: int = 1) -> Consumer:
        """Return a started consumer that runs `handler(job_id)` for each message, in `workers` threads."""
        self._handler = handler
        consumer = _EmbeddedConsumer(self.huey, workers=workers, worker_type="thread", periodic=False,
                                     check_worker_health=False)  # fmt: skip
        consumer.start()
        return consumer


class Sweeper(threading.Thread):
    """On the archive's machine: puts back on the queue the jobs whose worker died, and those never delivered."""

    def __init__(self, services, queue: JobQueue, interval: float = LEASE_SECONDS / 3):
        super().__init__(daemon=True, name="job-sweeper")
        self.services, self.queue, self.interval = services, queue, interval
        self._stopping = threading.Event()

    def sweep(self, everything_queued: bool = False) -> list[int]:
        """Queue again jobs whose lease expired (and, with `everything_queued`, every queued job); return their ids."""
        db = self.services.db()
        ids = archive.reclaim_expired_jobs(db)
        if everything_queued:
            ids = sorted(set(ids) | set(archive.queued_job_ids(db)))
        for job_id in ids:
            self.queue.enqueue(job_id)
        if ids:
            log.info("jobs queued again: %s", ", ".join(map(str, ids)))
        return ids

    def run(self) -> None:
        # At start, a queue whose messages were lost (a Redis restarted empty) must not strand queued jobs.
        self.sweep(everything_queued=True)
        while not self._stopping.wait(self.interval):
            try:
                self.sweep()
            except Exception:  # the next sweep tries again; a sweeper that dies strands jobs
                log.exception("sweeping the job ledger failed")

    def stop(self) -> None:
        self._stopping.set()
