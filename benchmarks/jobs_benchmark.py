"""Jobs that survive their workers, and recordings processed in parallel, with real worker processes.

    python benchmarks/jobs_benchmark.py [--only crash|queue] [--threads N]

crash: the bundled sample session (5 min) is processed once without interruption, then once per
stage with its worker killed (SIGKILL) in that stage (after the first transcribed block; while
diarizing; inside the storing transaction) and a second worker started. Reported per stage: whether
the job finished, its attempts, whether every utterance was stored once and the transcript equals the
uninterrupted one, and the second worker's time as a share of the uninterrupted run's (what resuming
saved).

queue: the sample session cut into four recordings, processed by one local worker, by two local
workers (SQLite queue), and by two remote workers through Redis (a redis-server started here) and
`protokoll serve --no-worker`; wall time from queueing to the last job done, and the speed-up over
one worker. Each worker gets `--threads` (default: cores / 2).

Results: `jobs` in results.json / results.md.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import SAMPLES, measured_at, merge_results, parse_args  # noqa: E402
from protokoll.archive import load_meeting, open_database  # noqa: E402
from protokoll.archive.jobs import job  # noqa: E402

SAMPLE = SAMPLES / "sample_session.flac"
PAUSE = "PROTOKOLL_CRASH_TEST_PAUSE"  # as protokoll.processing.runner.PAUSE_VARIABLE
TOKEN = "benchmark-worker-token"


def _options(parser) -> None:
    parser.add_argument("--only", choices=["crash", "queue"], action="append", help="Measure only this part.")
    parser.add_argument("--threads", type=int, default=max(1, (os.cpu_count() or 2) // 2), help="Threads per worker.")


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "protokoll.interfaces.cli", *args]


def _env(data: Path, **extra) -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PROTOKOLL_DATA_DIR": str(data), **extra}


def _queue(path: Path, env: dict) -> int:
    done = subprocess.run(_cli("ingest", "--queue", str(path), "--title", path.stem), env=env, capture_output=True,
                          text=True, check=True)  # fmt: skip
    return int(done.stdout.strip())


def _jobs(data: Path, ids: list[int]) -> list[tuple]:
    db = open_database(data / "protokoll.db")
    try:
        rows = [job(db, number) for number in ids]
        return [(r["id"], r["status"], r["attempts"], r["meeting_id"], r["worker"]) for r in rows]
    finally:
        db.close()


def _wait(data: Path, ids: list[int], seconds: float = 3600) -> list[tuple]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = _jobs(data, ids)
        if all(status not in ("queued", "running") for _, status, *_ in rows):
            return rows
        time.sleep(0.5)
    raise SystemExit(f"jobs {ids} did not finish within {seconds} s")


def _worker(env: dict, *args: str, log: Path) -> subprocess.Popen:
    return subprocess.Popen(_cli("worker", *args), env=env, stdout=subprocess.PIPE, stderr=open(log, "w"), text=True)  # noqa: SIM115


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    process.wait(timeout=60)


def _transcript(data: Path, meeting_id: int) -> list[tuple]:
    db = open_database(data / "protokoll.db")
    try:
        return sorted((u.start, u.end, u.text) for u in load_meeting(db, meeting_id, include_redacted=True).utterances)
    finally:
        db.close()


def _crash(threads: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="protokoll-jobs-"))
    try:
        clean = work / "clean"
        env = _env(clean)
        job = _queue(SAMPLE, env)
        clock = time.perf_counter()
        worker = _worker(env, "--threads", str(threads), log=work / "clean.log")
        [(_, status, _, meeting, _)] = _wait(clean, [job])
        uninterrupted = time.perf_counter() - clock
        _stop(worker)
        reference = _transcript(clean, meeting)
        stages = {}
        for stage in ("transcribe", "diarize", "store"):
            data = work / stage
            env = _env(data)
            job = _queue(SAMPLE, env)
            first = _worker({**env, PAUSE: stage}, "--threads", str(threads), log=work / f"{stage}-1.log")
            for line in first.stdout:
                if line.strip() == f"paused at {stage}":
                    break
            first.kill()
            first.wait()
            clock = time.perf_counter()
            second = _worker(env, "--threads", str(threads), log=work / f"{stage}-2.log")
            [(_, status, attempts, meeting, _)] = _wait(data, [job])
            resumed = time.perf_counter() - clock
            _stop(second)
            stored = _transcript(data, meeting) if meeting else []
            stages[stage] = {
                "status": status,
                "attempts": attempts,
                "utterances": len(stored),
                "each_stored_once": len(stored) == len({(s, e) for s, e, _ in stored}),
                "transcript_as_uninterrupted": stored == reference,
                "second_worker_share_of_uninterrupted": round(resumed / uninterrupted, 2),
            }
            print(stage, stages[stage], flush=True)
        return {"uninterrupted_seconds": round(uninterrupted, 1), "utterances": len(reference), "killed_in": stages}
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pieces(folder: Path, count: int = 4) -> list[Path]:
    """The sample session cut into `count` recordings (FFmpeg's libraries through PyAV, as the pipeline decodes)."""
    import soundfile

    from protokoll.speech.audio import SAMPLE_RATE, load_recording

    audio = load_recording(SAMPLE).audio
    size = len(audio) // count
    paths = []
    for number in range(count):
        path = folder / f"teil-{number + 1}.wav"
        soundfile.write(path, audio[number * size : (number + 1) * size], SAMPLE_RATE)
        paths.append(path)
    return paths


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _run_local(pieces: list[Path], workers: int, threads: int, work: Path) -> dict:
    data = work / f"local-{workers}"
    env = _env(data)
    ids = [_queue(path, env) for path in pieces]
    clock = time.perf_counter()
    processes = [_worker(env, "--threads", str(threads), log=work / f"local-{workers}-{n}.log") for n in range(workers)]
    rows = _wait(data, ids)
    seconds = time.perf_counter() - clock
    for process in processes:
        _stop(process)
    return {"seconds": round(seconds, 1), "done": sum(r[1] == "done" for r in rows),
            "workers_used": len({r[4] for r in rows})}  # fmt: skip


def _run_redis(pieces: list[Path], threads: int, work: Path) -> dict:
    port, web = _free_port(), _free_port()
    redis = subprocess.Popen(["redis-server", "--port", str(port), "--save", "", "--appendonly", "no", "--dir",
                              str(work)], stdout=subprocess.DEVNULL)  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    data = work / "redis-archive"
    env = _env(data, PROTOKOLL_QUEUE_URL=url, PROTOKOLL_WORKER_TOKEN=TOKEN)
    serve = subprocess.Popen(_cli("serve", "--no-worker", "--port", str(web)), env=env, stdout=subprocess.DEVNULL,
                             stderr=open(work / "serve.log", "w"))  # fmt: skip  # noqa: SIM115
    try:
        import urllib.request

        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{web}/", timeout=1)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("serve did not start") from None
                time.sleep(0.5)
        ids = [_queue(path, env) for path in pieces]
        clock = time.perf_counter()
        workers = []
        for number in range(2):
            remote = _env(work / f"remote-{number}", PROTOKOLL_QUEUE_URL=url, PROTOKOLL_WORKER_TOKEN=TOKEN)
            workers.append(_worker(remote, "--server", f"http://127.0.0.1:{web}/", "--threads", str(threads),
                                   log=work / f"remote-{number}.log"))  # fmt: skip
        rows = _wait(data, ids)
        seconds = time.perf_counter() - clock
        for process in workers:
            _stop(process)
        return {"seconds": round(seconds, 1), "done": sum(r[1] == "done" for r in rows),
                "workers_used": len({r[4] for r in rows})}  # fmt: skip
    finally:
        _stop(serve)
        _stop(redis)


def _parallel(threads: int) -> dict:
    work = Path(tempfile.mkdtemp(prefix="protokoll-queue-"))
    try:
        pieces = _pieces(work)
        one = _run_local(pieces, 1, threads * 2, work)
        print("one worker", one, flush=True)
        two = _run_local(pieces, 2, threads, work)
        print("two workers", two, flush=True)
        redis = _run_redis(pieces, threads, work)
        print("two remote workers (Redis)", redis, flush=True)
        return {
            "recordings": len(pieces),
            "threads_per_worker": threads,
            "one_local_worker": one,
            "two_local_workers_sqlite": {**two, "speed_up": round(one["seconds"] / two["seconds"], 2)},
            "two_remote_workers_redis": {**redis, "speed_up": round(one["seconds"] / redis["seconds"], 2)},
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    args = parse_args(__doc__, _options)
    parts = args.only or ["crash", "queue"]
    figures = {"measured_at": measured_at(), "cores": os.cpu_count()}
    if "crash" in parts:
        figures["crash"] = _crash(args.threads * 2)
    if "queue" in parts:
        figures["queue"] = _parallel(args.threads)
    merge_results("jobs", figures, keep=True)


if __name__ == "__main__":
    main()
