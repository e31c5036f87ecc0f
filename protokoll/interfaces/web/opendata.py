"""The bulk open-data download over HTTP: `opendata/protokoll-opendata.zip` (and the SQLite and JSON Lines
files on their own), rebuilt when the public data changed, with ETag, Last-Modified and conditional GET.

The file is opened before its ETag and length are taken, and sent from that open file: a rebuild that
switches the file meanwhile (`os.replace`) never mixes one version's headers with another's bytes.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime
from typing import BinaryIO

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from protokoll import archive
from protokoll.config import Settings
from protokoll.errors import ProtokollError
from protokoll.opendata.bulk import DOWNLOADS, refresh_bulk_download

__all__ = ["bulk_routes", "BulkDownloads"]

_MEDIA_TYPES = {"zip": "application/zip", "sqlite": "application/vnd.sqlite3", "jsonl": "application/jsonl"}
_CHUNK = 256 * 1024


class BulkDownloads:
    """Serves the download files of the data folder's `opendata/`, rebuilding them first where stale."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._suffixes = {name: suffix for suffix, name in DOWNLOADS.items()}

    def routes(self) -> list[Route]:
        return [Route("/opendata/{name}", self.download, methods=["GET", "HEAD"])]

    def _open(self, suffix: str) -> tuple[BinaryIO, os.stat_result]:
        """Bring the download up to date and open one of its files (in a worker thread: a rebuild reads
        the whole public archive, and the archive's connection belongs to its thread)."""
        download = refresh_bulk_download(archive.open_database(self.settings.database), self.settings)
        handle = open(download.path(suffix), "rb")  # noqa: SIM115 (closed by _chunks or below)
        return handle, os.fstat(handle.fileno())

    async def download(self, request: Request) -> Response:
        suffix = self._suffixes.get(request.path_params["name"])
        if suffix is None:
            return PlainTextResponse("Not Found", status_code=404)
        try:
            handle, stat = await run_in_threadpool(self._open, suffix)
        except ProtokollError as error:
            return PlainTextResponse(f"the open-data download is not available: {error}", status_code=503)
        headers = {
            "etag": f'"{stat.st_size:x}-{stat.st_mtime_ns:x}"',
            "last-modified": formatdate(stat.st_mtime, usegmt=True),
            # Caches may keep it, but ask each time whether it is still current (answered 304 if so).
            "cache-control": "public, no-cache",
        }
        if _not_modified(request, headers["etag"], stat.st_mtime):
            handle.close()
            return Response(status_code=304, headers=headers)
        headers["content-disposition"] = f'attachment; filename="{request.path_params["name"]}"'
        headers["content-length"] = str(stat.st_size)
        return StreamingResponse(_chunks(handle), headers=headers, media_type=_MEDIA_TYPES[suffix])


def bulk_routes(settings: Settings) -> list[Route]:
    """The download's routes, for the server's route list."""
    return BulkDownloads(settings).routes()


def _chunks(handle: BinaryIO) -> Iterator[bytes]:
    with handle:
        while block := handle.read(_CHUNK):
            yield block


def _not_modified(request: Request, etag: str, mtime: float) -> bool:
    """Whether a conditional GET names this version: If-None-Match first; If-Modified-Since only without it
    (RFC 9110, 13.1.3)."""
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request.headers.get("if-modified-since")
    if if_modified_since:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=dt.UTC)
        return int(mtime) <= since.timestamp()
    return False
