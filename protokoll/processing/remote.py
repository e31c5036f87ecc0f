"""The job ledger as a worker on another machine sees it: `protokoll serve`'s worker API over HTTP.

The archive's SQLite file stays on its machine and only its server writes it. A remote worker
claims a job, renews the lease, sends progress and checkpoints, downloads the recording, and hands
back its result as JSON; the server stores it in the same transaction that closes the job. Every
call carries the shared worker token (`Settings.worker_token`) as a bearer token.
"""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from protokoll.archive.jobs import local_worker_id
from protokoll.config import Settings
from protokoll.errors import DuplicateRecordingError, InputError, ProtokollError
from protokoll.processing.codec import IngestRequest, JobOutput, output_to_json
from protokoll.processing.runner import JobLost, Ticket

__all__ = ["RemoteLedger", "API_PREFIX", "WORKER_HEADER"]

API_PREFIX = "/worker/v1"
WORKER_HEADER = "X-Protokoll-Worker"


class RemoteLedger:
    """A worker that reaches the archive through the server's worker API."""

    def __init__(self, server: str, token: str, settings: Settings, timeout: float = 60.0):
        if not token:
            raise InputError("a worker on another machine needs the worker token (PROTOKOLL_WORKER_TOKEN)")
        self.base = server.rstrip("/") + API_PREFIX
        self.token = token
        self.timeout = timeout
        self.worker = local_worker_id()
        self.downloads = Path(settings.data_dir) / "worker-downloads"

    def _call(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=self._headers())
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read()
                return response.status, json.loads(payload) if payload else {}
        except urllib.error.HTTPError as error:
            payload = error.read()
            try:
                return error.code, json.loads(payload) if payload else {}
            except ValueError:
                return error.code, {"error": payload.decode("utf-8", "replace")}
        except (TimeoutError, urllib.error.URLError) as error:
            raise ProtokollError(f"the archive's server {self.base} cannot be reached: {error}") from error

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", WORKER_HEADER: self.worker}

    def _expect(self, status: int, body: dict, job_id: int) -> dict:
        if status == 409:
            raise JobLost(f"job {job_id}: {body.get('error', 'the lease was lost')}")
        if status >= 400:
            raise ProtokollError(f"the archive's server refused: {body.get('error', status)}")
        return body

    def claim(self, job_id: int) -> Ticket | None:
        status, body = self._call("POST", f"/jobs/{job_id}/claim", {})
        if status == 409:
            return None
        body = self._expect(status, body, job_id)
        request = IngestRequest.from_json(body["request"])
        return Ticket(job_id, request, body["terms"], body["checkpoints"], body["attempts"], body.get("source", ""))

    def renew(self, job_id: int) -> bool:
        status, _ = self._call("POST", f"/jobs/{job_id}/lease", {})
        return status == 200

    def report(self, job_id: int, stage: str, progress: float) -> None:
        self._call("POST", f"/jobs/{job_id}/progress", {"stage": stage, "progress": progress})

    def put_checkpoint(self, job_id: int, name: str, content: dict) -> bool:
        status, _ = self._call("PUT", f"/jobs/{job_id}/checkpoints/{urllib.parse.quote(name, safe='')}", content)
        return status == 200

    def recording(self, ticket: Ticket) -> Path:
        """Download the job's recording (once per job) into this worker's data folder."""
        target = self.downloads / f"job-{ticket.job_id}"
        if target.exists():
            return target
        self.downloads.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".part")
        request = urllib.request.Request(f"{self.base}/jobs/{ticket.job_id}/recording", headers=self._headers())
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response, open(partial, "wb") as out:
                shutil.copyfileobj(response, out, 1 << 20)
        except urllib.error.HTTPError as error:
            raise ProtokollError(f"the recording of job {ticket.job_id} cannot be downloaded: {error}") from error
        partial.replace(target)
        return target

    def check_new(self, sha256: str, name: str) -> None:
        status, body = self._call("POST", "/recordings/check", {"sha256": sha256, "name": name})
        if status == 409:
            raise DuplicateRecordingError(body.get("error", "the recording is already in the archive"),
                                          body.get("meeting_id"))  # fmt: skip
        self._expect(status, body, 0)

    def complete(self, ticket: Ticket, output: JobOutput) -> int:
        """Hand back the result; return the new meeting's id."""
        status, body = self._call("POST", f"/jobs/{ticket.job_id}/result", output_to_json(output))
        if status == 422:
            raise ProtokollError(body.get("error", "the archive's server could not store the result"))
        body = self._expect(status, body, ticket.job_id)
        (self.downloads / f"job-{ticket.job_id}").unlink(missing_ok=True)
        return body["meeting_id"]

    def fail(self, job_id: int, error: str, meeting_id: int | None = None) -> None:
        self._call("POST", f"/jobs/{job_id}/fail", {"error": error, "meeting_id": meeting_id})
        (self.downloads / f"job-{job_id}").unlink(missing_ok=True)

    def release(self, job_id: int) -> None:
        self._call("POST", f"/jobs/{job_id}/release", {})
