"""The job ledger: one row per processing run, with its stage, progress, owner process and outcome.

A job records the host and process id that runs it and a heartbeat (`updated_at`) at every
progress step. A job still marked `running` whose process is gone (same host, pid no longer
alive) or whose heartbeat is older than `STALE_AFTER_S` is marked `failed` as interrupted by
`fail_abandoned_jobs`, which the workspace calls before it lists jobs; so a crash or a killed
worker never leaves a job running forever.
"""

from __future__ import annotations

import datetime as dt
import os
import socket

import sqlite_utils

from protokoll.archive.schema import now

__all__ = ["start_job", "update_job", "finish_job", "recent_jobs", "fail_abandoned_jobs", "STALE_AFTER_S"]

STALE_AFTER_S = 15 * 60  # a running stage reports at least every few seconds; a quarter hour of silence is death


def start_job(db: sqlite_utils.Database, source: str) -> int:
    """Open a running job for `source` (a file name) owned by this process; return its id."""
    return (
        db["jobs"]
        .insert(
            {
                "source": source,
                "stage": "decode",
                "progress": 0.0,
                "status": "running",
                "updated_at": now(),
                "host": socket.gethostname(),
                "pid": os.getpid(),
            }
        )
        .last_pk
    )


def update_job(db: sqlite_utils.Database, job_id: int, stage: str, progress: float) -> None:
    """Record a job's stage and overall progress (0..1); this is also its heartbeat."""
    db["jobs"].update(job_id, {"stage": stage, "progress": round(progress, 3), "updated_at": now()})


def finish_job(
    db: sqlite_utils.Database, job_id: int, meeting_id: int | None, error: str | None = None, warning: str | None = None
) -> None:
    """Close a job as done (with its meeting, and what the clerk must know) or failed (with the error message)."""
    values = {"meeting_id": meeting_id, "status": "failed" if error else "done", "error": error, "warning": warning,
              "updated_at": now()}  # fmt: skip
    if not error:
        values["progress"] = 1.0
    db["jobs"].update(job_id, values)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, under another user
        return True
    return True


def fail_abandoned_jobs(db: sqlite_utils.Database, stale_after_s: float = STALE_AFTER_S) -> int:
    """Mark running jobs whose process died, or that went silent, as failed; return how many."""
    host = socket.gethostname()
    cutoff = (dt.datetime.now(dt.UTC) - dt.timedelta(seconds=stale_after_s)).isoformat(timespec="seconds")
    abandoned = [
        job_id
        for job_id, job_host, pid, updated in db.execute(
            "SELECT id, host, pid, updated_at FROM jobs WHERE status = 'running'"
        ).fetchall()
        if (job_host == host and pid is not None and not _process_alive(pid)) or (updated or "") < cutoff
    ]
    with db.atomic():
        for job_id in abandoned:
            db["jobs"].update(
                job_id,
                {"status": "failed", "error": "interrupted: the process running it ended", "updated_at": now()},
            )
    return len(abandoned)


def recent_jobs(db: sqlite_utils.Database, limit: int = 8) -> list[dict]:
    """Return the newest jobs first, after failing those whose process is gone."""
    fail_abandoned_jobs(db)
    return list(db.query("SELECT * FROM jobs ORDER BY id DESC LIMIT ?", [limit]))
