"""The job ledger: leases, attempts, checkpoints, cancel and retry, on a real archive."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from protokoll import archive
from protokoll.archive.jobs import MAX_ATTEMPTS, local_worker_id

REQUEST = {"info": {"title": "Rat", "date": "2026-11-12"}}


@pytest.fixture
def db(tmp_path):
    return archive.open_database(tmp_path / "archive.db")


def _job(db) -> int:
    return archive.create_job(db, "sitzung.flac", "/srv/sitzung.flac", REQUEST)


def _status(db, job_id) -> tuple:
    row = archive.job(db, job_id)
    return row["status"], row["worker"], row["attempts"]


def test_a_job_is_claimed_by_one_worker_only(db):
    job_id = _job(db)
    assert archive.claim_job(db, job_id, "a:1") is True
    assert archive.claim_job(db, job_id, "b:2") is False  # a live lease is not taken over
    assert _status(db, job_id) == ("running", "a:1", 1)
    assert archive.renew_lease(db, job_id, "a:1") and not archive.renew_lease(db, job_id, "b:2")
    assert archive.job_request(archive.job(db, job_id)) == REQUEST


def test_an_expired_lease_puts_the_job_back_and_the_old_worker_writes_nothing(db):
    job_id = _job(db)
    archive.claim_job(db, job_id, "elsewhere:1", lease_seconds=-1)  # a worker on another host that went silent
    assert archive.save_checkpoint(db, job_id, "transcribe/0000", {"segments": []}, "elsewhere:1")
    assert archive.reclaim_expired_jobs(db) == [job_id]
    assert _status(db, job_id) == ("queued", None, 1)
    assert archive.claim_job(db, job_id, "b:2")
    # The presumed-dead worker wakes up: its renewals, checkpoints and progress are refused.
    assert not archive.renew_lease(db, job_id, "elsewhere:1")
    assert not archive.save_checkpoint(db, job_id, "transcribe/0001", {"segments": []}, "elsewhere:1")
    archive.update_job(db, job_id, "diarize", 0.5, "elsewhere:1")
    assert archive.job(db, job_id)["stage"] != "diarize"
    assert list(archive.checkpoints(db, job_id)) == ["transcribe/0000"]  # the first attempt's work is kept
    assert _status(db, job_id) == ("running", "b:2", 2)


def test_a_job_whose_local_worker_was_killed_is_queued_again_at_once(db, tmp_path):
    job_id = _job(db)
    # A real worker process claims the job (a long lease) and is killed without a chance to say anything.
    worker = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import time
            from protokoll import archive
            from protokoll.archive.jobs import local_worker_id
            db = archive.open_database({str(tmp_path / "archive.db")!r})
            assert archive.claim_job(db, {job_id}, local_worker_id(), lease_seconds=3600)
            print("claimed", flush=True)
            time.sleep(600)
        """)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert worker.stdout.readline().strip() == "claimed"
    assert archive.reclaim_expired_jobs(db) == []  # alive: left alone
    worker.kill()
    worker.wait()
    [row] = archive.recent_jobs(db)  # the workspace's and `protokoll jobs`' view sweeps first
    assert (row["id"], row["status"], row["attempts"]) == (job_id, "queued", 1)


def test_a_recording_that_keeps_killing_its_worker_is_failed_after_the_last_attempt(db):
    job_id = _job(db)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert archive.claim_job(db, job_id, f"dead:{attempt}", lease_seconds=-1)
        archive.reclaim_expired_jobs(db)
    row = archive.job(db, job_id)
    assert row["status"] == "failed" and f"after {MAX_ATTEMPTS} attempts" in row["error"]
    assert not archive.claim_job(db, job_id, "c:3")


def test_cancel_stops_the_lease_and_retry_queues_again_with_checkpoints(db):
    job_id = _job(db)
    archive.claim_job(db, job_id, "a:1")
    archive.save_checkpoint(db, job_id, "diarize", {"turns": []}, "a:1")
    assert archive.cancel_job(db, job_id, "kaya")
    assert not archive.renew_lease(db, job_id, "a:1")  # the running worker learns at its next heartbeat
    assert not archive.cancel_job(db, job_id, "kaya")  # closed already
    assert archive.retry_job(db, job_id, "kaya")
    assert _status(db, job_id) == ("queued", None, 0)
    assert "diarize" in archive.checkpoints(db, job_id)
    assert not archive.retry_job(db, job_id, "kaya")  # only failed or cancelled jobs
    actions = [r["action"] for r in db.query("SELECT action FROM audit WHERE table_name = 'jobs' ORDER BY id")]
    assert actions == ["cancel", "retry"]


def test_finishing_closes_the_job_and_drops_its_checkpoints(db):
    job_id = _job(db)
    archive.claim_job(db, job_id, local_worker_id())
    archive.save_checkpoint(db, job_id, "diarize", {"turns": []})
    with db.atomic():
        archive.finish_job(db, job_id, None, warning="kurz")
    row = archive.job(db, job_id)
    assert (row["status"], row["progress"], row["warning"]) == ("done", 1.0, "kurz")
    assert archive.checkpoints(db, job_id) == {}
    assert archive.reclaim_expired_jobs(db) == []


def test_the_heartbeat_renews_the_lease_and_is_gone_once_stopped(tmp_path):
    """The heartbeat thread keeps a claimed job's lease alive, notices a cancel, and is joined when stopped:
    a thread left inside the archive while the interpreter shuts down can abort a finished ingest."""
    import threading
    import time

    from protokoll.config import Settings
    from protokoll.processing.ledger import LocalLedger
    from protokoll.processing.runner import _Heartbeat
    from protokoll.services import Services

    services = Services(Settings(data_dir=tmp_path))
    ledger = LocalLedger(services, worker="here:1")
    job_id = _job(services.db())
    assert archive.claim_job(services.db(), job_id, ledger.worker, lease_seconds=1)
    heartbeat = _Heartbeat(ledger, job_id, interval=0.05)
    heartbeat.start()
    time.sleep(1.5)  # longer than the lease: only the renewals keep it
    assert archive.reclaim_expired_jobs(services.db()) == []
    archive.cancel_job(services.db(), job_id, "clerk")
    assert heartbeat.lost.wait(5)  # the next renewal is refused
    heartbeat.stop()
    assert not heartbeat.is_alive()
    assert heartbeat.name not in {thread.name for thread in threading.enumerate()}


def test_a_checkpoint_waits_for_another_workers_long_transaction(db, tmp_path):
    # Two local workers share the archive. A checkpoint is written after reading that the worker still holds
    # its job; as a deferred transaction, it could not write once the other worker (storing a meeting) had
    # committed meanwhile: SQLite refused at once ("database is locked") and a job of the queue benchmark failed.
    job_id = _job(db)
    assert archive.claim_job(db, job_id, "w:1")
    script = textwrap.dedent(f"""
        import time
        from protokoll import archive
        db = archive.open_database({str(tmp_path / "archive.db")!r})
        for block in range(200):
            assert archive.save_checkpoint(db, {job_id}, f"transcribe/{{block:04d}}", {{"segments": [block]}}, "w:1")
            time.sleep(0.01)
    """)
    worker = subprocess.Popen([sys.executable, "-c", script], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not archive.checkpoints(db, job_id) and time.monotonic() < deadline:
        time.sleep(0.05)
    for _ in range(3):  # the other worker stores its meeting: a write transaction that takes a while
        with archive.write_transaction(db):
            archive.create_job(db, "andere.flac", "/srv/andere.flac", REQUEST)
            time.sleep(0.5)
    error = worker.communicate(timeout=120)[1]
    assert worker.returncode == 0, error
    assert len(archive.checkpoints(db, job_id)) == 200
