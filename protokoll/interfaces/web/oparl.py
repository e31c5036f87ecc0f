"""The OParl 1.1 endpoint under `oparl/v1/`, and the public files as OParl's file access rules want them.

Objects are JSON in UTF-8 with `Access-Control-Allow-Origin: *` (the spec's CORS rule). A file's
`accessUrl` is the public folder's route (`public/ID/FILE`: no attachment header; ranges, ETag,
Last-Modified, conditional GET); its `downloadUrl` (`oparl/v1/download/ID/FILE`) answers the same
with `Content-Disposition: attachment` and a readable file name. Both answer 410 once the meeting was
withdrawn. Malformed list parameters are a 400 that names them; unknown objects a 404.
"""

from __future__ import annotations

import json
import threading
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route
from starlette.staticfiles import StaticFiles

from protokoll import archive
from protokoll.archive.opendata import meeting_row
from protokoll.config import Settings
from protokoll.errors import NotFoundError, ValidationError
from protokoll.opendata.oparl import GoneError, ListRequest, OParlEndpoint

__all__ = ["OParlRoutes", "PublicFiles", "ArchivePerThread", "PREFIX"]

PREFIX = "/oparl/v1"


class _JSON(JSONResponse):
    media_type = "application/json"

    def render(self, content) -> bytes:
        return json.dumps(content, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _answer(content, status: int = 200) -> _JSON:
    return _JSON(content, status, headers={"Access-Control-Allow-Origin": "*"})


def _error(status: int, message: str) -> _JSON:
    return _answer({"error": {"status": status, "message": message}}, status)


class ArchivePerThread(threading.local):
    """The archive, one connection per worker thread: SQLite connections must stay in the thread that
    opened them, and opening (with its migration check) on every request would cost each answer."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.connection = None

    def __call__(self):
        if self.connection is None:
            self.connection = archive.open_database(self.settings.database)
        return self.connection


class OParlRoutes:
    """The endpoint's routes over one archive."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._db = ArchivePerThread(settings)
        self._files = StaticFiles(directory=settings.data_dir / "public", check_dir=False)

    def endpoint(self, request: Request) -> OParlEndpoint:
        site = (self.settings.public_url or str(request.base_url)).rstrip("/")
        license = self.settings.open_data_license_url
        return OParlEndpoint(self._db(), site + PREFIX, site, self.settings.data_dir, license)

    def routes(self) -> list[Route]:
        def get(path, build):
            """A route whose answer is `build(endpoint, path parameters, list request)` as JSON."""

            async def handle(request: Request):
                return await run_in_threadpool(self._respond, request, build)

            return Route(PREFIX + path, handle, methods=["GET", "HEAD"])

        return [
            Route(PREFIX, lambda request: RedirectResponse(f"{request.url.path}/system"), methods=["GET", "HEAD"]),
            get("/", lambda e, p, q: e.system()),
            get("/system", lambda e, p, q: e.system()),
            get("/bodies", lambda e, p, q: e.bodies_page(q())),
            get("/body/{body:int}", lambda e, p, q: e.body(p["body"])),
            get("/body/{body:int}/{kind:str}", lambda e, p, q: e.body_list(p["body"], p["kind"], q())),
            get("/meeting/{id:int}", lambda e, p, q: e.meeting(p["id"])),
            get("/agendaitem/{meeting:int}/{order:int}", lambda e, p, q: e.agenda_item(p["meeting"], p["order"])),
            get("/person/{id:int}", lambda e, p, q: e.person(p["id"])),
            get("/organization/{id:int}", lambda e, p, q: e.organization(p["id"])),
            get("/membership/{id:int}", lambda e, p, q: e.membership(p["id"])),
            get("/location/{id:int}", lambda e, p, q: e.location(p["id"])),
            get("/file/{meeting:int}/{name:str}", lambda e, p, q: e.file(p["meeting"], p["name"])),
            Route(PREFIX + "/download/{meeting:int}/{name:str}", self.download, methods=["GET", "HEAD"]),
        ]

    def _respond(self, request: Request, build):
        try:
            query = lambda: ListRequest.parse(request.query_params)  # noqa: E731
            return _answer(build(self.endpoint(request), request.path_params, query))
        except ValidationError as error:
            return _error(400, str(error))
        except NotFoundError as error:
            return _error(404, str(error))

    async def download(self, request: Request):
        meeting, name = request.path_params["meeting"], request.path_params["name"]
        try:
            path, saved_as = await run_in_threadpool(lambda: self.endpoint(request).public_file(meeting, name))
        except GoneError as error:
            return _error(410, str(error))
        except NotFoundError as error:
            return _error(404, str(error))
        response = self._files.file_response(str(path), path.stat(), request.scope)
        response.headers["Content-Disposition"] = _attachment(saved_as)
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response


def _attachment(name: str) -> str:
    plain = name.encode("ascii", "replace").decode("ascii").replace("?", "_").replace('"', "")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name)}"


class PublicFiles(StaticFiles):
    """The public folder (`public/ID/FILE`): what StaticFiles serves, and 410 for a withdrawn meeting's files."""

    def __init__(self, settings: Settings, **kwargs):
        super().__init__(directory=settings.data_dir / "public", **kwargs)
        self._db = ArchivePerThread(settings)

    async def get_response(self, path: str, scope):
        try:
            response = await super().get_response(path, scope)
        except HTTPException as error:
            if error.status_code == 404 and await run_in_threadpool(self._withdrawn, path):
                raise HTTPException(410, "withdrawn") from error
            raise
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    def _withdrawn(self, path: str) -> bool:
        head = path.split("/", 1)[0]
        if not head.isdigit():
            return False
        row = meeting_row(self._db(), int(head))
        return bool(row and row["deleted"])
