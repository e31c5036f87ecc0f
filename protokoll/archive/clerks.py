"""Clerk accounts and their logins: scrypt-hashed passwords checked in constant time, and sessions.

A session is a random token in the clerk's browser (an HttpOnly cookie); the archive keeps only its
SHA-256, the account, when it was last used and when it expires. A token is valid while both hold:
the absolute expiry has not passed and the clerk was active within the idle limit.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time

import sqlite_utils

from protokoll.archive.schema import now, write_transaction
from protokoll.errors import ValidationError

__all__ = ["add_clerk", "verify_clerk", "hash_password", "open_session", "session_clerk", "close_session"]

_N, _R, _P = 2**14, 8, 1
_MIN_LENGTH = 10


def hash_password(password: str, salt: bytes | None = None) -> str:
    """Return 'scrypt$N$r$p$salt$hash' for password."""
    salt = salt or os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return "$".join(
        ["scrypt", str(_N), str(_R), str(_P), base64.b64encode(salt).decode(), base64.b64encode(digest).decode()]
    )


def _matches(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt, digest = stored.split("$")
        candidate = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def add_clerk(db: sqlite_utils.Database, username: str, password: str) -> None:
    """Create or replace a clerk account."""
    username = username.strip()
    if not username or len(password) < _MIN_LENGTH:
        raise ValidationError(f"a clerk needs a user name and a password of at least {_MIN_LENGTH} characters")
    db["clerks"].upsert({"username": username, "password_hash": hash_password(password), "created_at": now()},
                        pk="username")  # fmt: skip


def verify_clerk(db: sqlite_utils.Database, username: str, password: str) -> bool:
    """True if the user name and password belong to a clerk account."""
    row = db.execute("SELECT password_hash FROM clerks WHERE username = ?", [(username or "").strip()]).fetchone()
    if row is None:
        _matches(password or "", hash_password("timing"))  # same work whether or not the name exists
        return False
    return _matches(password or "", row[0])


# How often a session in use is marked as used: often enough for an idle limit of minutes.
_TOUCH_EVERY = 60.0


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(db: sqlite_utils.Database, username: str, lifetime: float, clock=time.time) -> str:
    """Start a session for a clerk who has just logged in; return the token for the browser."""
    token = secrets.token_urlsafe(32)
    started = clock()
    with write_transaction(db):
        db.execute("DELETE FROM clerk_sessions WHERE expires < ?", [started])
        row = {"token_hash": _token_hash(token), "username": username.strip(), "created_at": now(),
               "last_seen": started, "expires": started + lifetime}  # fmt: skip
        db["clerk_sessions"].insert(row)
    return token


def session_clerk(db: sqlite_utils.Database, token: str | None, idle_limit: float, clock=time.time) -> str | None:
    """The clerk whose valid session this token is, or None; a valid session counts as used now."""
    if not token:
        return None
    at, key = clock(), _token_hash(token)
    row = db.execute("SELECT username, last_seen, expires FROM clerk_sessions WHERE token_hash = ?", [key]).fetchone()
    if row is None:
        return None
    username, last_seen, expires = row
    if at >= expires or at - last_seen > idle_limit:
        close_session(db, token)
        return None
    if at - last_seen >= _TOUCH_EVERY:  # the workspace asks every 2 s; the idle clock needs no such precision
        with write_transaction(db):
            db.execute("UPDATE clerk_sessions SET last_seen = ? WHERE token_hash = ?", [at, key])
    return username


def close_session(db: sqlite_utils.Database, token: str | None) -> None:
    """End the session of this token (logout, or expiry found)."""
    if token:
        with write_transaction(db):
            db.execute("DELETE FROM clerk_sessions WHERE token_hash = ?", [_token_hash(token)])
