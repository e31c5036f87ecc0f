"""The worker API under `worker/v1/`: how workers on other machines take jobs without touching the archive's file.

Every request needs the operator's worker token as a bearer token; without a configured token the
API answers 403 to everything. A worker names itself in the `X-Protokoll-Worker` header, and the
ledger's lease rules apply as for local workers: a call about a job the worker no longer holds is
answered 409, and the worker stops.
"""

from __future__ import annotations

import hmac
import json

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from protokoll import archive
from protokoll.errors import DuplicateRecordingError, ProtokollError
from protokoll.processing.codec import IngestRequest, output_from_json
from protokoll.processing.remote import API_PREFIX, WORKER_HEADER
from protokoll.processing.runner import JobLost

__all__ = ["WorkerAPI"]

_MAX_RESULT_BYTES = 512 * 1024 * 1024  # a six-hour session's words, turns and vectors are far less


def _error(status: int, message: str, **extra) -> JSONResponse:
    return JSONResponse({"error": message, **extra}, status_code=status)


class WorkerAPI:
    """The routes a `RemoteLedger` calls; `queue` is where released jobs go back."""

    def __init__(self, services, queue=None):
        self.services = services
        self.queue = queue

    def routes(self) -> list[Route]:
        job = API_PREFIX + "/jobs/{job_id:int}"
        return [
            Route(job + "/claim", self._guard(self.claim), methods=["POST"]),
            Route(job + "/lease", self._guard(self.lease), methods=["POST"]),
            Route(job + "/progress", self._guard(self.progress), methods=["POST"]),
            Route(job + "/checkpoints/{name:path}", self._guard(self.checkpoint), methods=["PUT"]),
            Route(job + "/recording", self._guard(self.recording), methods=["GET"]),
            Route(job + "/result", self._guard(self.result), methods=["POST"]),
            Route(job + "/fail", self._guard(self.fail), methods=["POST"]),
            Route(job + "/release", self._guard(self.release), methods=["POST"]),
            Route(API_PREFIX + "/recordings/check", self._guard(self.check), methods=["POST"]),
        ]

    def _guard(self, endpoint):
        async def guarded(request: Request) -> Response:
            token = self.services.settings.worker_token
            given = request.headers.get("authorization", "")
            if not token or not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
                return _error(403, "a valid worker token is needed")
            worker = request.headers.get(WORKER_HEADER, "")
            if not 0 < len(worker) <= 200 or not worker.isprintable():
                return _error(400, f"the {WORKER_HEADER} header must name the worker")
            if request.method in ("POST", "PUT"):
                if int(request.headers.get("content-length") or 0) > _MAX_RESULT_BYTES:
                    return _error(413, "the request is too large")
                try:
                    body = json.loads(await request.body() or b"{}")
                except ValueError:
                    return _error(400, "the request body is not JSON")
            else:
                body = {}
            try:
                return await run_in_threadpool(endpoint, request.path_params, worker, body)
            except JobLost as error:
                return _error(409, str(error))
            except ProtokollError as error:
                return _error(422, str(error))
            except (TypeError, ValueError) as error:  # a field of the wrong kind ("progress": "viel")
                return _error(400, f"the request is malformed: {error}")

        return guarded

    def claim(self, params, worker: str, body) -> Response:
        ticket = self.services.job_ticket(params["job_id"], worker)
        if ticket is None:
            return _error(409, "the job is not free (closed, or held by another worker)")
        return JSONResponse({"request": ticket.request.to_json(), "terms": ticket.terms,
                             "checkpoints": ticket.checkpoints, "attempts": ticket.attempts,
                             "source": ticket.source})  # fmt: skip

    def lease(self, params, worker: str, body) -> Response:
        if not archive.renew_lease(self.services.db(), params["job_id"], worker):
            return _error(409, "the lease is lost")
        return JSONResponse({})

    def progress(self, params, worker: str, body) -> Response:
        archive.update_job(self.services.db(), params["job_id"], str(body.get("stage", ""))[:40],
                           float(body.get("progress") or 0.0), worker)  # fmt: skip
        return JSONResponse({})

    def checkpoint(self, params, worker: str, body) -> Response:
        if not archive.save_checkpoint(self.services.db(), params["job_id"], params["name"][:80], body, worker):
            return _error(409, "the lease is lost")
        return JSONResponse({})

    def recording(self, params, worker: str, body) -> Response:
        db = self.services.db()
        if not archive.holds_job(db, params["job_id"], worker):
            return _error(409, "the lease is lost")
        return FileResponse(self.services.job_recording(params["job_id"]))

    def check(self, params, worker: str, body) -> Response:
        try:
            self.services.check_new_recording(str(body.get("sha256", "")), str(body.get("name", "the recording"))[:200])
        except DuplicateRecordingError as error:
            return _error(409, str(error), meeting_id=error.meeting_id)
        return JSONResponse({})

    def result(self, params, worker: str, body) -> Response:
        row = archive.job(self.services.db(), params["job_id"])
        if row is None:
            return _error(404, "no such job")
        try:
            output = output_from_json(body)
        except (KeyError, TypeError, ValueError) as error:
            return _error(400, f"the result is malformed: {error}")
        request = IngestRequest.from_json(archive.job_request(row))
        stored = self.services.store_output(params["job_id"], request, output, worker)
        return JSONResponse({"meeting_id": stored.meeting_id})

    def fail(self, params, worker: str, body) -> Response:
        archive.fail_job(self.services.db(), params["job_id"], worker, str(body.get("error", "failed"))[:2000],
                         body.get("meeting_id"))  # fmt: skip
        return JSONResponse({})

    def release(self, params, worker: str, body) -> Response:
        archive.release_job(self.services.db(), params["job_id"], worker)
        if self.queue is not None:
            self.queue.enqueue(params["job_id"])
        return JSONResponse({})
