"""Clerks' logins: a form that posts to the server, a session cookie, and uploads for clerks only.

Gradio's own credential, the session hash, is known to the page's scripts and never expires, so the
clerk's identity is not taken from it. Logging in posts a plain form to `clerk/login`; the answer
sets an HttpOnly, SameSite=Strict cookie holding a random token whose hash the archive keeps with
its expiry (`archive.open_session`). Every workspace action asks `ClerkSessions.clerk` who the
cookie belongs to; scripts cannot read the cookie, and other sites' pages cannot send it.
"""

from __future__ import annotations

import html
from urllib.parse import urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from protokoll import archive
from protokoll.config import Settings
from protokoll.interfaces.web.security import LoginThrottle

__all__ = ["COOKIE", "ClerkSessions", "ClerksOnlyUploads", "login_form_html", "account_html"]

COOKIE = "protokoll_clerk"
_LOGIN_MESSAGES = {
    "failed": "Anmeldung fehlgeschlagen.",
    "wait": "Zu viele Fehlversuche. Bitte in {seconds} Sekunden erneut versuchen.",
    "expired": "Die Anmeldung ist abgelaufen. Bitte erneut anmelden.",
    "foreign": "Die Anmeldung kam nicht von dieser Seite.",
}


class ClerkSessions:
    """Who is logged in, by session cookie; the login and logout endpoints that set and clear it."""

    def __init__(self, settings: Settings, throttle: LoginThrottle | None = None):
        self.settings = settings
        self.throttle = throttle or LoginThrottle()

    def _db(self):
        return archive.open_database(self.settings.database)

    def clerk(self, cookies) -> str | None:
        """The clerk whose valid session cookie this is, or None."""
        token = cookies.get(COOKIE) if cookies else None
        if not token:
            return None
        return archive.session_clerk(self._db(), token, self.settings.clerk_idle_minutes * 60)

    def routes(self) -> list[Route]:
        return [
            Route("/clerk/login", self.login, methods=["POST"]),
            Route("/clerk/logout", self.logout, methods=["POST"]),
        ]

    def attempt(self, username: str, password: str, address: str | None) -> tuple[dict, str | None]:
        """Check a login; return where the answer leads (see `_back`) and, if it succeeded, the new token."""
        wait = self.throttle.wait(username, address)
        if wait > 0:  # refused before any password is checked: the same answer for every name
            return {"login": "wait", "seconds": int(wait) + 1}, None
        db = self._db()
        if not archive.verify_clerk(db, username, password):
            self.throttle.failed(username, address)
            return {"login": "failed"}, None
        self.throttle.succeeded(username, address)
        return {}, archive.open_session(db, username, self.settings.clerk_session_hours * 3600)

    async def login(self, request: Request):
        if not same_origin(request):
            return back_to_workspace(login="foreign")
        form = await request.form()
        username, password = str(form.get("username") or ""), str(form.get("password") or "")
        address = request.client.host if request.client else None
        # In a worker thread: scrypt takes a while, and the archive's connection belongs to its thread.
        query, token = await run_in_threadpool(self.attempt, username, password, address)
        response = back_to_workspace(**query)
        if token:
            response.set_cookie(COOKIE, token, max_age=int(self.settings.clerk_session_hours * 3600), path="/",
                                httponly=True, samesite="strict", secure=request.url.scheme == "https")  # fmt: skip
        return response

    async def logout(self, request: Request):
        if same_origin(request):
            await run_in_threadpool(lambda: archive.close_session(self._db(), request.cookies.get(COOKIE)))
        response = back_to_workspace()
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response


def same_origin(request: Request) -> bool:
    """A form posted from this server's own page. Browsers say so in Sec-Fetch-Site; the Origin header
    cannot tell, since under the pages' no-referrer policy it is "null" for their own forms too."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    return origin is None or urlsplit(origin).netloc == request.headers.get("host")


def back_to_workspace(from_path: str = "/clerk/login", **query) -> RedirectResponse:
    """Answer a form posted to `from_path` with the workspace, addressed relative to that path (so that it
    holds behind a reverse proxy that serves Protokoll under a path of its own)."""
    home = "../" * max(1, from_path.strip("/").count("/"))
    return RedirectResponse(home + "?" + urlencode({"tab": "verwaltung", **query}), status_code=303)


class ClerksOnlyUploads:
    """ASGI middleware: Gradio's upload endpoint stores files for logged-in clerks only (the reader
    and search take no files), so no one else can park files of up to the upload limit on the server."""

    def __init__(self, app, sessions: ClerkSessions):
        self.app, self.sessions = app, sessions

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["method"] == "POST" and scope["path"].rstrip("/").endswith("/upload"):
            cookies = Request(scope).cookies
            if await run_in_threadpool(self.sessions.clerk, cookies) is None:
                refused = JSONResponse({"error": "Hochladen nur nach Anmeldung in der Verwaltung."}, status_code=403)
                return await refused(scope, receive, send)
        await self.app(scope, receive, send)


def login_form_html(params) -> str:
    """The login form, with the message the last attempt left in the address (see `_back`)."""
    message = _LOGIN_MESSAGES.get(params.get("login", ""), "")
    seconds = params.get("seconds", "")
    message = message.format(seconds=int(seconds) if seconds.isdigit() else 30)
    alert = f'<p role="alert" id="login-message">{html.escape(message)}</p>' if message else ""
    return (
        '<form class="pk login" method="post" action="clerk/login">'
        '<p><label for="username">Benutzername</label><br>'
        '<input id="username" name="username" type="text" autocomplete="username" required></p>'
        '<p><label for="password">Passwort</label><br>'
        '<input id="password" name="password" type="password" autocomplete="current-password" required></p>'
        f'<p><button id="login" type="submit">Anmelden</button></p>{alert}</form>'
    )


def account_html(clerk: str) -> str:
    return (
        f'<form class="pk account" method="post" action="clerk/logout"><p>Angemeldet als {html.escape(clerk)} · '
        '<button id="logout" type="submit">Abmelden</button></p></form>'
    )
