"""The job ledger: a job whose process died, or that went silent, is failed instead of running forever."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from protokoll import archive
from protokoll.archive.jobs import fail_abandoned_jobs


def test_a_job_whose_process_was_killed_is_marked_failed(tmp_path):
    db_path = tmp_path / "archive.db"
    archive.open_database(db_path)
    # A real worker process opens a job and is killed mid-run (no chance to record anything).
    worker = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time
            from protokoll import archive
            db = archive.open_database({str(db_path)!r})
            job = archive.start_job(db, "sitzung.mp4")
            archive.update_job(db, job, "transcribe", 0.2)
            print(job, flush=True)
            time.sleep(600)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    job_id = int(worker.stdout.readline())
    db = archive.open_database(db_path)
    assert fail_abandoned_jobs(db) == 0  # alive: left alone
    worker.kill()
    worker.wait()
    jobs = archive.recent_jobs(db)  # the workspace's and `protokoll jobs`' view
    assert [(j["id"], j["status"], j["stage"]) for j in jobs] == [(job_id, "failed", "transcribe")]
    assert "interrupted" in jobs[0]["error"]


def test_a_silent_job_is_failed_and_a_live_one_is_kept(tmp_path):
    db = archive.open_database(tmp_path / "archive.db")
    silent = archive.start_job(db, "alt.mp4")
    live = archive.start_job(db, "neu.mp4")
    db.execute("UPDATE jobs SET updated_at = '2020-01-01T00:00:00+00:00', host = 'elsewhere' WHERE id = ?", [silent])
    assert fail_abandoned_jobs(db) == 1
    statuses = dict(db.execute("SELECT id, status FROM jobs").fetchall())
    assert statuses == {silent: "failed", live: "running"}
    archive.finish_job(db, live, None)
    assert db.execute("SELECT status, progress FROM jobs WHERE id = ?", [live]).fetchone() == ("done", 1.0)
