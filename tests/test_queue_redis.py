"""Two workers on other "machines" (own data folders, no archive file) take four recordings from a Redis
queue and hand their results to `protokoll serve`, which alone writes the archive. Real redis-server
(installed by .ci/run from Debian), real worker processes, real models."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

from protokoll import archive

CORPUS = Path(__file__).parent / "data" / "corpus"
TOKEN = "geheimes-worker-token-fuer-den-test"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    server = shutil.which("redis-server")
    assert server, "redis-server is not installed (apt-get install redis-server; .ci/run does it)"
    port = _free_port()
    folder = tmp_path_factory.mktemp("redis")
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)]
    process = subprocess.Popen([server, *options], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while True:
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "protokoll.interfaces.cli", *args]


@pytest.fixture(scope="module")
def archive_server(redis_url, tmp_path_factory):
    data = tmp_path_factory.mktemp("archive")
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "PROTOKOLL_DATA_DIR": str(data), "PROTOKOLL_QUEUE_URL": redis_url,
           "PROTOKOLL_WORKER_TOKEN": TOKEN}  # fmt: skip
    log = open(data / "serve.log", "w")  # noqa: SIM115 (open while the server runs)
    process = subprocess.Popen(_command("serve", "--no-worker", "--port", str(port)), env=env, stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            assert process.poll() is None and time.monotonic() < deadline, (data / "serve.log").read_text()
            time.sleep(0.5)
    yield url, data, env
    process.terminate()
    process.wait(timeout=30)
    log.close()


def _post(url: str, token: str | None, worker: str = "test:1", body: dict | None = None) -> int:
    headers = {"X-Protokoll-Worker": worker, "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(url, data=json.dumps(body or {}).encode(), headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_two_remote_workers_process_four_recordings_through_redis(archive_server, redis_url, tmp_path):
    url, data, env = archive_server
    recordings = sorted((CORPUS / "thorsten-voice").glob("*.wav"))[:2] + sorted((CORPUS / "voxforge-de").glob("*.wav"))
    jobs = [int(subprocess.run(_command("ingest", "--queue", str(path), "--title", path.stem), env=env,
                               capture_output=True, text=True, check=True).stdout) for path in recordings]  # fmt: skip
    workers, folders = [], []
    for number in (1, 2):
        folder = tmp_path / f"worker-{number}"  # another machine: its own data folder, no archive
        folders.append(folder)
        worker_env = {**os.environ, "HF_HUB_OFFLINE": "1", "PROTOKOLL_DATA_DIR": str(folder),
                      "PROTOKOLL_QUEUE_URL": redis_url, "PROTOKOLL_WORKER_TOKEN": TOKEN}  # fmt: skip
        log = open(tmp_path / f"worker-{number}.log", "w")  # noqa: SIM115 (open while the worker runs)
        workers.append(subprocess.Popen(_command("worker", "--server", url, "--threads", "1"), env=worker_env,
                                        stdout=log, stderr=log))  # fmt: skip
    db = archive.open_database(data / "protokoll.db")
    try:
        deadline = time.monotonic() + 480
        while time.monotonic() < deadline:
            rows = [archive.job(db, job_id) for job_id in jobs]
            if all(row["status"] not in ("queued", "running") for row in rows):
                break
            time.sleep(1)
    finally:
        for process in workers:
            process.terminate()
            process.wait(timeout=30)
    logs = "\n".join((tmp_path / f"worker-{n}.log").read_text() for n in (1, 2))
    assert [row["status"] for row in rows] == ["done"] * 4, logs
    assert sorted(archive.meeting_ids(db)) == sorted(row["meeting_id"] for row in rows)
    assert len({row["worker"] for row in rows}) == 2, logs  # both workers took jobs
    for folder in folders:  # the workers never had the archive, and kept no recording
        assert not (folder / "protokoll.db").exists()
        assert not any((folder / "worker-downloads").glob("job-*"))
    for row in rows:
        meeting = archive.load_meeting(db, row["meeting_id"])
        assert meeting.utterances and meeting.recording.sha256


def test_the_worker_api_needs_the_token_and_a_held_lease(archive_server):
    url, data, env = archive_server
    db = archive.open_database(data / "protokoll.db")
    job_id = archive.create_job(db, "x.wav", str(data / "x.wav"), {"info": {"title": "x"}})
    claim = f"{url}worker/v1/jobs/{job_id}/claim"
    assert _post(claim, None) == 403
    assert _post(claim, "falsch") == 403
    assert _post(f"{url}worker/v1/jobs/{job_id}/lease", TOKEN) == 409  # nobody holds it yet
    assert _post(claim, TOKEN, "a:1") == 200
    assert _post(claim, TOKEN, "b:2") == 409  # held by a:1
    assert _post(f"{url}worker/v1/jobs/{job_id}/lease", TOKEN, "b:2") == 409
    assert _post(f"{url}worker/v1/jobs/{job_id}/lease", TOKEN, "a:1") == 200
    assert _post(f"{url}worker/v1/jobs/{job_id}/progress", TOKEN, "a:1", {"progress": "viel"}) == 400
    assert _post(f"{url}worker/v1/jobs/{job_id}/release", TOKEN, "a:1") == 200
    assert archive.job(db, job_id)["status"] == "queued"
    archive.cancel_job(db, job_id, "test")  # the serve's sweeper would otherwise hand it to a worker
