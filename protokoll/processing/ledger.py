"""The job ledger as a worker on the archive's machine sees it: the archive itself, through `Services`.

Each call opens its own connection (`Services.db`), since the heartbeat runs in a thread of its own.
"""

from __future__ import annotations

from pathlib import Path

from protokoll import archive
from protokoll.archive.jobs import local_worker_id
from protokoll.processing.codec import JobOutput
from protokoll.processing.runner import Ticket

__all__ = ["LocalLedger"]


class LocalLedger:
    """A worker that writes the archive directly (the default: `protokoll serve`, `worker`, `ingest`)."""

    def __init__(self, services, worker: str | None = None, queue=None):
        self.services = services
        self.worker = worker or local_worker_id()
        self.queue = queue  # where a released job goes back (without one, the next worker's start finds it)

    def claim(self, job_id: int) -> Ticket | None:
        return self.services.job_ticket(job_id, self.worker)

    def renew(self, job_id: int) -> bool:
        return archive.renew_lease(self.services.db(), job_id, self.worker)

    def report(self, job_id: int, stage: str, progress: float) -> None:
        archive.update_job(self.services.db(), job_id, stage, progress, self.worker)

    def put_checkpoint(self, job_id: int, name: str, content: dict) -> bool:
        return archive.save_checkpoint(self.services.db(), job_id, name, content, self.worker)

    def recording(self, ticket: Ticket) -> Path:
        return self.services.job_recording(ticket.job_id)

    def check_new(self, sha256: str, name: str) -> None:
        self.services.check_new_recording(sha256, name)

    def complete(self, ticket: Ticket, output: JobOutput):
        return self.services.store_output(ticket.job_id, ticket.request, output, self.worker)

    def fail(self, job_id: int, error: str, meeting_id: int | None = None) -> None:
        archive.fail_job(self.services.db(), job_id, self.worker, error, meeting_id)

    def release(self, job_id: int) -> None:
        archive.release_job(self.services.db(), job_id, self.worker)
        if self.queue is not None:
            self.queue.enqueue(job_id)
