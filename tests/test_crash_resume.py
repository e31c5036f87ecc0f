"""A worker killed with SIGKILL in each stage: the next worker resumes the job from its checkpoints, and
every utterance is stored exactly once. Real worker processes, the real models, the embedded queue."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile

from protokoll import archive
from protokoll.processing.runner import PAUSE_VARIABLE
from protokoll.speech.audio import SAMPLE_RATE, load_recording

CORPUS = Path(__file__).parent / "data" / "corpus"
BLOCK_SECONDS = 6  # several transcription blocks in a short clip, so that a kill can fall between two


@pytest.fixture(scope="module")
def session_clip(tmp_path_factory) -> Path:
    """About 24 s of real German speech by two people (Thorsten-Voice, VoxForge), with pauses between them."""
    files = sorted((CORPUS / "thorsten-voice").glob("*.wav"))[:2] + sorted((CORPUS / "voxforge-de").glob("*.wav"))
    pause = np.zeros(int(1.5 * SAMPLE_RATE), dtype=np.float32)
    audio = np.concatenate([part for f in files for part in (load_recording(f).audio, pause)])
    path = tmp_path_factory.mktemp("clip") / "sitzung.wav"
    soundfile.write(path, audio, SAMPLE_RATE)
    return path


def _env(data: Path, **extra) -> dict:
    return {**os.environ, "HF_HUB_OFFLINE": "1", "PROTOKOLL_DATA_DIR": str(data),
            "PROTOKOLL_TRANSCRIBE_BLOCK_SECONDS": str(BLOCK_SECONDS), **extra}  # fmt: skip


def _protokoll(*args: str, env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "protokoll.interfaces.cli", *args], env=env, capture_output=True,
                          text=True, timeout=120)  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def _worker(env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "protokoll.interfaces.cli", "worker"], env=env,
                            stdout=subprocess.PIPE, stderr=open(log, "w"), text=True)  # fmt: skip  # noqa: SIM115


def _wait_for_line(process: subprocess.Popen, expected: str, seconds: float) -> None:
    timer = threading.Timer(seconds, process.kill)  # a worker that never gets there fails the test, not hangs it
    timer.start()
    try:
        for line in process.stdout:
            if line.strip() == expected:
                return
        pytest.fail(f"the worker ended without printing {expected!r}")
    finally:
        timer.cancel()


def _wait_until_closed(db, job_id: int, seconds: float) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        row = archive.job(db, job_id)
        if row["status"] not in ("queued", "running"):
            return row
        time.sleep(1)
    pytest.fail(f"job {job_id} did not finish within {seconds} s: {archive.job(db, job_id)}")


# What the killed worker must have kept, by the stage it was killed in.
KEPT_WHEN_KILLED = {
    "transcribe": lambda names: names == ["transcribe/0000"],  # paused right after the first block
    "diarize": lambda names: len(names) >= 3 and "diarize" not in names,  # every block, diarization under way
    "store": lambda names: "diarize" in names,  # inside the open transaction that stores the meeting
}


@pytest.mark.parametrize("stage", list(KEPT_WHEN_KILLED))
def test_a_worker_killed_in_a_stage_is_resumed_by_the_next_and_stores_once(stage, session_clip, tmp_path):
    env = _env(tmp_path / "data")
    job_id = int(_protokoll("ingest", "--queue", str(session_clip), "--title", "Rat", "--date", "2026-11-12",
                            env=env))  # fmt: skip
    first = _worker({**env, PAUSE_VARIABLE: stage}, tmp_path / "first.log")
    _wait_for_line(first, f"paused at {stage}", 240)
    db = archive.open_database(tmp_path / "data" / "protokoll.db")
    kept = archive.checkpoints(db, job_id)
    assert KEPT_WHEN_KILLED[stage](sorted(kept)), sorted(kept)
    first.kill()
    first.wait()
    assert archive.meeting_ids(db) == []  # nothing half-stored by the killed worker

    second = _worker(env, tmp_path / "second.log")
    try:
        row = _wait_until_closed(db, job_id, 300)
    finally:
        second.terminate()
        second.wait(timeout=30)
    log = (tmp_path / "second.log").read_text()
    assert (row["status"], row["attempts"]) == ("done", 2), (row, log)
    assert f"job {job_id} (attempt 2) resumes from its checkpoints: {', '.join(sorted(kept))}" in log
    assert archive.meeting_ids(db) == [row["meeting_id"]]
    meeting = archive.load_meeting(db, row["meeting_id"])
    spans = [(u.start, u.end) for u in meeting.utterances]
    assert len(spans) == len(set(spans)) and len(meeting.utterances) >= 3  # each utterance exactly once
    # The first block was taken from the checkpoint, not transcribed again: its words are the stored ones.
    stored = {(w.start, w.text) for u in meeting.utterances for w in u.words}
    block = [(w["start"], w["text"]) for words, _, _ in kept["transcribe/0000"]["segments"] for w in words]
    assert block and sum(word in stored for word in block) >= 0.9 * len(block)


def test_a_cancelled_job_stops_its_worker_which_takes_the_next(session_clip, tmp_path):
    env = _env(tmp_path / "data")
    cancelled = int(_protokoll("ingest", "--queue", str(session_clip), "--title", "Abgesagt", env=env))
    worker = _worker(env, tmp_path / "worker.log")
    db = archive.open_database(tmp_path / "data" / "protokoll.db")
    try:
        deadline = time.monotonic() + 240
        while archive.job(db, cancelled)["stage"] != "transcribe" and time.monotonic() < deadline:
            time.sleep(0.5)
        _protokoll("jobs", "--cancel", str(cancelled), env=env)
        other = session_clip.with_name("andere.wav")
        audio, rate = soundfile.read(session_clip, dtype="float32")
        soundfile.write(other, audio[: len(audio) // 2], rate)  # another recording (another sha256)
        following = int(_protokoll("ingest", "--queue", str(other), "--title", "Folgesitzung", env=env))
        row = _wait_until_closed(db, following, 300)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert row["status"] == "done", (tmp_path / "worker.log").read_text()
    assert archive.job(db, cancelled)["status"] == "cancelled"
    assert archive.meeting_ids(db) == [row["meeting_id"]]  # the cancelled recording stored nothing
    # Retried, the cancelled job resumes and completes.
    _protokoll("jobs", "--retry", str(cancelled), env=env)
    worker = _worker(env, tmp_path / "retry.log")
    try:
        retried = _wait_until_closed(db, cancelled, 300)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    assert retried["status"] == "done" and len(archive.meeting_ids(db)) == 2
