"""Clerk accounts: scrypt-hashed passwords in the archive, checked in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

import sqlite_utils

from protokoll.archive.schema import now
from protokoll.errors import ValidationError

__all__ = ["add_clerk", "verify_clerk", "hash_password"]

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
