"""A worker process: its thread budget, its models, the queue it consumes, and what it does when told to stop.

On the archive's machine a worker writes the archive directly and also runs the `Sweeper`; on
another machine (`server` given) it reaches the archive only through `protokoll serve`'s worker
API (`RemoteLedger`) and takes jobs from a Redis queue. One job at a time per process: the models
are not shared between threads. Stopping releases the running job to the queue, so that it resumes
from its checkpoints elsewhere instead of waiting for its lease to expire.
"""

from __future__ import annotations

import logging
import os
import threading

from protokoll.config import Settings
from protokoll.errors import InputError, ProtokollError

__all__ = ["Worker", "apply_thread_budget"]

log = logging.getLogger(__name__)


def apply_thread_budget(threads: int) -> None:
    """Hold this process to `threads` CPU threads in torch, OpenMP and MKL (CTranslate2 and the sentence
    encoder take theirs from `Settings.cpu_threads`), so that workers sharing cores do not oversubscribe them."""
    if threads <= 0:
        return
    for name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[name] = str(threads)
    import torch

    torch.set_num_threads(threads)


class Worker:
    """Takes jobs from the queue and runs them, one at a time."""

    def __init__(
        self, settings: Settings, server: str | None = None, token: str | None = None, queue=None, services=None
    ):
        from protokoll.processing.ledger import LocalLedger
        from protokoll.processing.queue import JobQueue, Sweeper
        from protokoll.processing.remote import RemoteLedger
        from protokoll.processing.runner import JobRunner
        from protokoll.services import Services

        if server and not settings.queue_url:
            raise InputError("a worker on another machine needs the Redis queue: set queue_url (PROTOKOLL_QUEUE_URL)")
        apply_thread_budget(settings.cpu_threads)
        self.settings = settings
        self.services = services or Services(settings)
        self.queue = queue or JobQueue(settings)
        if server:
            self.ledger = RemoteLedger(server, token or settings.worker_token or "", settings)
            self.sweeper = None
        else:
            self.ledger = LocalLedger(self.services, queue=self.queue)
            self.sweeper = Sweeper(self.services, self.queue)
        self.runner = JobRunner(self.ledger, settings, lambda: self.services.pipeline)
        self._running: set[int] = set()
        self._consumer = None

    def handle(self, job_id: int) -> None:
        """Run one job from the queue; a failure is in the ledger, and only logged here."""
        self._running.add(job_id)
        try:
            result = self.runner.run(job_id)
            if result is not None:
                log.info("job %s done: meeting %s", job_id, getattr(result, "meeting_id", result))
        except ProtokollError as error:
            log.warning("job %s failed: %s", job_id, error)
        finally:
            self._running.discard(job_id)

    def start(self) -> None:
        """Start consuming the queue (and, on the archive's machine, sweeping the ledger) in background threads."""
        self._consumer = self.queue.consumer(self.handle)
        if self.sweeper is not None:
            self.sweeper.start()

    def stop(self) -> None:
        """Give running jobs back to the queue and stop taking new ones."""
        if self.sweeper is not None:
            self.sweeper.stop()
        for job_id in list(self._running):
            try:
                self.ledger.release(job_id)
            except Exception:  # the lease expires anyway; the job resumes then
                log.exception("releasing job %s failed", job_id)
        if self._consumer is not None:
            self._consumer.stop(graceful=False)

    def run_until_stopped(self, stop: threading.Event) -> None:
        """Work until `stop` is set (by a signal handler)."""
        self.start()
        stop.wait()
        self.stop()
