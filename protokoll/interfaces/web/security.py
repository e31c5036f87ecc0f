"""Security headers on every response of the web interface, and a brake on guessing clerks' passwords.

The headers keep the workspace out of other sites' frames, stop content sniffing and referrers, and
limit the page to this server: fonts, scripts and connections from elsewhere are refused, which also
keeps citizens' browsers from fetching web fonts from a third party.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

from starlette.responses import JSONResponse

__all__ = ["SecurityHeaders", "SECURITY_HEADERS", "LoginThrottle", "KnownFunctionsOnly"]

SECURITY_HEADERS = {
    "content-security-policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self' ws: wss:; "
        "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
    ),
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


class SecurityHeaders:
    """ASGI middleware that sets SECURITY_HEADERS on every HTTP response (Gradio's own included)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class KnownFunctionsOnly:
    """ASGI middleware: a call of an app function by a number the app does not have is answered 400
    with a one-line reason, instead of Gradio's KeyError and HTTP 500."""

    _CALLS = ("/queue/join", "/run/predict", "/api/predict")

    def __init__(self, app, functions: Callable[[], set[int]]):
        self.app, self.functions = app, functions

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not scope["path"].rstrip("/").endswith(self._CALLS):
            return await self.app(scope, receive, send)
        body, more = b"", True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
        try:
            index = json.loads(body).get("fn_index")
        except (ValueError, AttributeError):
            index = None  # Gradio itself answers malformed bodies with 422
        if index is not None and index not in self.functions():
            return await JSONResponse({"error": f"unknown function {index!r}"}, status_code=400)(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)


class LoginThrottle:
    """Failed logins per account and per address: after `free` failures, each further attempt waits
    `first_wait` seconds, doubling with every failure up to `longest_wait`. A refused attempt checks no
    password, so its answer takes the same time whether or not the account exists."""

    def __init__(self, free: int = 5, first_wait: float = 30.0, longest_wait: float = 900.0,
                 clock: Callable[[], float] = time.monotonic):  # fmt: skip
        self.free, self.first_wait, self.longest_wait, self.clock = free, first_wait, longest_wait, clock
        self._failures: dict[str, tuple[int, float]] = {}  # key -> (failures, time of the last)
        self._lock = threading.Lock()

    def _keys(self, username: str, address: str | None) -> list[str]:
        return [f"user:{(username or '').strip().lower()}"] + ([f"address:{address}"] if address else [])

    def wait(self, username: str, address: str | None) -> float:
        """Seconds until the next attempt for this account and address is allowed (0: now)."""
        now, longest = self.clock(), 0.0
        with self._lock:
            for key in self._keys(username, address):
                failures, last = self._failures.get(key, (0, 0.0))
                if failures >= self.free:
                    delay = min(self.first_wait * 2 ** (failures - self.free), self.longest_wait)
                    longest = max(longest, last + delay - now)
        return max(0.0, longest)

    def failed(self, username: str, address: str | None) -> None:
        with self._lock:
            for key in self._keys(username, address):
                failures, _ = self._failures.get(key, (0, 0.0))
                self._failures[key] = (failures + 1, self.clock())

    def succeeded(self, username: str, address: str | None) -> None:
        with self._lock:
            for key in self._keys(username, address):
                self._failures.pop(key, None)
