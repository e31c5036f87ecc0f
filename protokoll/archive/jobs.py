"""The job ledger: each recording's processing job, its lease, attempts, progress and checkpoints.

The ledger, not the queue, is the truth about a job. A worker takes a job by claiming its lease
(an atomic update that only succeeds when nobody else holds a live lease) and keeps the lease
alive with a heartbeat. A worker that dies stops renewing it; once the lease has expired, or at
once when the worker was a process on this host that no longer exists, `reclaim_expired_jobs`
puts the job back as queued, and the next worker resumes it from its checkpoints (each
transcribed block, the diarization). A job that keeps dying is failed after `MAX_ATTEMPTS`.
Storing the meeting and marking the job done happen in one transaction, so a job's result is
stored exactly once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket

import sqlite_utils

from protokoll.archive.schema import now, record_audit, write_transaction

__all__ = [
    "LEASE_SECONDS",
    "MAX_ATTEMPTS",
    "JOB_STATES",
    "create_job",
    "claim_job",
    "renew_lease",
    "holds_job",
    "update_job",
    "finish_job",
    "fail_job",
    "release_job",
    "cancel_job",
    "retry_job",
    "job",
    "job_request",
    "recent_jobs",
    "queued_job_ids",
    "reclaim_expired_jobs",
    "save_checkpoint",
    "checkpoints",
    "local_worker_id",
]

LEASE_SECONDS = 90  # a worker renews its lease every LEASE_SECONDS / 6; three missed renewals are death
MAX_ATTEMPTS = 3  # a recording that kills its worker three times is failed, not retried forever
JOB_STATES = ("queued", "running", "done", "failed", "cancelled")
_OPEN = ("queued", "running")


def _later(seconds: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=seconds)).isoformat(timespec="seconds")


def local_worker_id() -> str:
    """Return this process's worker name: host and process id (how a dead local worker is recognised)."""
    return f"{socket.gethostname()}:{os.getpid()}"


def create_job(db: sqlite_utils.Database, source: str, recording: str, request: dict) -> int:
    """Record a queued job for the recording at `recording` (shown as `source`); return its id.

    `request` is what the ingest needs besides the file (meeting facts, agenda, vocabulary), as JSON.
    """
    stamp = now()
    return (
        db["jobs"]
        .insert(
            {
                "source": source,
                "recording": recording,
                "request": json.dumps(request, ensure_ascii=False),
                "stage": "queued",
                "progress": 0.0,
                "status": "queued",
                "attempts": 0,
                "created_at": stamp,
                "updated_at": stamp,
            }
        )
        .last_pk
    )


def claim_job(db: sqlite_utils.Database, job_id: int, worker: str, lease_seconds: float = LEASE_SECONDS) -> bool:
    """Take the job for `worker` if it is queued or its lease has expired; return whether it was taken."""
    host, _, pid = worker.rpartition(":")
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE jobs SET status = 'running', worker = ?, host = ?, pid = ?, lease_until = ?, "
            "attempts = attempts + 1, started_at = ?, updated_at = ? "
            "WHERE id = ? AND (status = 'queued' OR (status = 'running' AND lease_until < ?))",
            [worker, host, int(pid) if pid.isdigit() else None, _later(lease_seconds), now(), now(), job_id, now()],
        )
    return cursor.rowcount == 1


def renew_lease(db: sqlite_utils.Database, job_id: int, worker: str, lease_seconds: float = LEASE_SECONDS) -> bool:
    """Extend `worker`'s lease; return False when the worker no longer holds it (cancelled, or taken over)."""
    cursor = db.execute(
        "UPDATE jobs SET lease_until = ? WHERE id = ? AND worker = ? AND status = 'running'",
        [_later(lease_seconds), job_id, worker],
    )
    db.conn.commit()
    return cursor.rowcount == 1


def holds_job(db: sqlite_utils.Database, job_id: int, worker: str) -> bool:
    """Return whether `worker` holds the job's lease now (read inside the transaction that relies on it)."""
    return bool(
        db.execute("SELECT 1 FROM jobs WHERE id = ? AND worker = ? AND status = 'running'", [job_id, worker]).fetchone()
    )


def update_job(db: sqlite_utils.Database, job_id: int, stage: str, progress: float, worker: str | None = None) -> None:
    """Record a job's stage and overall progress (0..1), if `worker` (when given) still holds it."""
    db.execute(
        "UPDATE jobs SET stage = ?, progress = ?, updated_at = ? WHERE id = ? AND (? IS NULL OR worker = ?)",
        [stage, round(progress, 3), now(), job_id, worker, worker],
    )
    db.conn.commit()


def finish_job(
    db: sqlite_utils.Database, job_id: int, meeting_id: int | None, error: str | None = None, warning: str | None = None
) -> None:
    """Close a job as done (with its meeting, and what the clerk must know) or failed (with the error message).

    Called inside the transaction that stores the meeting, this makes storing and finishing one step.
    """
    values = {"meeting_id": meeting_id, "status": "failed" if error else "done", "error": error, "warning": warning,
              "lease_until": None, "updated_at": now()}  # fmt: skip
    if not error:
        values.update(progress=1.0, stage="done")
        db.execute("DELETE FROM job_checkpoints WHERE job_id = ?", [job_id])  # what they held is stored now
    db["jobs"].update(job_id, values)


def fail_job(db: sqlite_utils.Database, job_id: int, worker: str, error: str, meeting_id: int | None = None) -> None:
    """Close `worker`'s job as failed with the error message (nothing, if it no longer holds the job)."""
    db.execute(
        "UPDATE jobs SET status = 'failed', error = ?, meeting_id = ?, lease_until = NULL, updated_at = ? "
        "WHERE id = ? AND worker = ? AND status = 'running'",
        [error, meeting_id, now(), job_id, worker],
    )
    db.conn.commit()


def release_job(db: sqlite_utils.Database, job_id: int, worker: str) -> None:
    """Give `worker`'s job back to the queue (the worker is stopping); the attempt does not count."""
    db.execute(
        "UPDATE jobs SET status = 'queued', worker = NULL, lease_until = NULL, attempts = max(attempts - 1, 0), "
        "updated_at = ? WHERE id = ? AND worker = ? AND status = 'running'",
        [now(), job_id, worker],
    )
    db.conn.commit()


def cancel_job(db: sqlite_utils.Database, job_id: int, actor: str) -> bool:
    """Cancel a queued or running job (a running worker stops at its next progress report); False if closed."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE jobs SET status = 'cancelled', lease_until = NULL, updated_at = ? "
            "WHERE id = ? AND status IN (?, ?)",
            [now(), job_id, *_OPEN],
        )
        if cursor.rowcount == 1:
            record_audit(db, actor, "cancel", "jobs", job_id, None, None)
    return cursor.rowcount == 1


def retry_job(db: sqlite_utils.Database, job_id: int, actor: str) -> bool:
    """Queue a failed or cancelled job again, keeping its checkpoints; False if it is not closed that way."""
    with write_transaction(db):
        cursor = db.execute(
            "UPDATE jobs SET status = 'queued', stage = 'queued', error = NULL, attempts = 0, worker = NULL, "
            "lease_until = NULL, updated_at = ? "
            "WHERE id = ? AND status IN ('failed', 'cancelled') AND request IS NOT NULL",
            [now(), job_id],
        )
        if cursor.rowcount == 1:
            record_audit(db, actor, "retry", "jobs", job_id, None, None)
    return cursor.rowcount == 1


def job(db: sqlite_utils.Database, job_id: int) -> dict | None:
    """Return the job's row, or None."""
    rows = list(db.query("SELECT * FROM jobs WHERE id = ?", [job_id]))
    return rows[0] if rows else None


def job_request(row: dict) -> dict:
    """Return what the job's ingest was asked for (the JSON given to `create_job`)."""
    return json.loads(row["request"] or "{}")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def reclaim_expired_jobs(db: sqlite_utils.Database) -> list[int]:
    """Queue again the running jobs whose worker died (lease expired, or a local process gone); return their ids.

    A job that has used up its attempts, or that cannot be resumed (no request kept), is failed instead.
    """
    host, stamp = socket.gethostname(), now()
    dead = [
        (job_id, attempts, request is not None)
        for job_id, job_host, pid, lease_until, attempts, request in db.execute(
            "SELECT id, host, pid, lease_until, attempts, request FROM jobs WHERE status = 'running'"
        ).fetchall()
        if (lease_until or "") < stamp or (job_host == host and pid is not None and not _process_alive(pid))
    ]
    requeued = []
    with write_transaction(db):
        for job_id, attempts, resumable in dead:
            if resumable and attempts < MAX_ATTEMPTS:
                back = {"status": "queued", "worker": None, "lease_until": None, "updated_at": stamp}
                db["jobs"].update(job_id, back)
                requeued.append(job_id)
            else:
                reason = f"after {attempts} attempts" if resumable else "and cannot be resumed"
                db["jobs"].update(
                    job_id,
                    {"status": "failed", "lease_until": None, "updated_at": stamp,
                     "error": f"interrupted: the worker processing it ended, {reason}"},
                )  # fmt: skip
    return requeued


def queued_job_ids(db: sqlite_utils.Database) -> list[int]:
    """Return the ids of queued jobs, oldest first."""
    return [row[0] for row in db.execute("SELECT id FROM jobs WHERE status = 'queued' ORDER BY id").fetchall()]


def save_checkpoint(
    db: sqlite_utils.Database, job_id: int, name: str, content: dict, worker: str | None = None
) -> bool:
    """Keep a stage's result for the job (`name` such as "transcribe/0003" or "diarize"); replace an older one.

    With `worker`, only while that worker holds the job: a worker that lost its lease writes nothing.
    """
    with write_transaction(db):
        if worker is not None and not holds_job(db, job_id, worker):
            return False
        db.execute(
            "INSERT OR REPLACE INTO job_checkpoints (job_id, name, content, created_at) VALUES (?, ?, ?, ?)",
            [job_id, name, json.dumps(content, ensure_ascii=False), now()],
        )
    return True


def checkpoints(db: sqlite_utils.Database, job_id: int) -> dict[str, dict]:
    """Return the job's checkpoints by name."""
    return {
        name: json.loads(content)
        for name, content in db.execute(
            "SELECT name, content FROM job_checkpoints WHERE job_id = ? ORDER BY name", [job_id]
        ).fetchall()
    }


def recent_jobs(db: sqlite_utils.Database, limit: int = 8) -> list[dict]:
    """Return the newest jobs first, after queueing again those whose worker died."""
    reclaim_expired_jobs(db)
    return list(db.query("SELECT * FROM jobs ORDER BY id DESC LIMIT ?", [limit]))
