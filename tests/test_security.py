"""Clerks' logins: passwords cannot be guessed at speed (failed logins per account and per address slow
down), and a session ends at its expiry, after idling and at logout."""

from __future__ import annotations

from protokoll.archive import add_clerk, close_session, open_database, open_session, session_clerk
from protokoll.interfaces.web.security import LoginThrottle


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_after_five_wrong_passwords_each_attempt_waits_at_least_thirty_seconds():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(5):
        assert throttle.wait("kaya", "10.0.0.1") == 0
        throttle.failed("kaya", "10.0.0.1")
    assert throttle.wait("kaya", "10.0.0.1") >= 30
    assert throttle.wait("kaya", "10.0.0.2") >= 30  # another address does not help: the account is braked
    assert throttle.wait("jonas", "10.0.0.1") >= 30  # nor another name from the same address
    assert throttle.wait("jonas", "10.0.0.2") == 0
    clock.now += 31
    assert throttle.wait("kaya", "10.0.0.2") == 0
    throttle.failed("kaya", "10.0.0.2")
    assert throttle.wait("kaya", "10.0.0.2") >= 60  # the wait doubles with every further failure
    clock.now += 61
    throttle.succeeded("kaya", "10.0.0.2")
    assert throttle.wait("kaya", "10.0.0.1") == 0


def test_the_wait_has_a_ceiling_and_unknown_names_are_braked_alike():
    clock = Clock()
    throttle = LoginThrottle(clock=clock)
    for _ in range(30):
        throttle.failed("niemand", None)
    assert 0 < throttle.wait("niemand", None) <= 900
    assert throttle.wait(" NIEMAND ", None) > 0  # the same account however it is typed


def test_a_clerk_session_ends_at_its_expiry_after_idling_and_at_logout(tmp_path):
    db = open_database(tmp_path / "a.db")
    add_clerk(db, "kaya", "ratssaal-2026-geheim")
    clock = Clock()
    token = open_session(db, "kaya", lifetime=3600, clock=clock)
    # Only the token's hash is stored: a copy of the archive opens no session.
    assert token not in "\n".join(db.conn.iterdump())
    assert session_clerk(db, token, idle_limit=600, clock=clock) == "kaya"
    assert session_clerk(db, token + "x", idle_limit=600, clock=clock) is None
    for _ in range(6):  # in use every 9 minutes: the idle limit never strikes, the absolute expiry does
        clock.now += 540
        assert session_clerk(db, token, idle_limit=600, clock=clock) == "kaya"
    clock.now += 540
    assert session_clerk(db, token, idle_limit=600, clock=clock) is None

    idle = open_session(db, "kaya", lifetime=3600, clock=clock)
    clock.now += 601
    assert session_clerk(db, idle, idle_limit=600, clock=clock) is None
    clock.now -= 601  # the expired session was removed, not merely refused
    assert session_clerk(db, idle, idle_limit=600, clock=clock) is None

    ended = open_session(db, "kaya", lifetime=3600, clock=clock)
    close_session(db, ended)
    assert session_clerk(db, ended, idle_limit=600, clock=clock) is None
