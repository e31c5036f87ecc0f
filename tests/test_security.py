"""Clerks' passwords cannot be guessed at speed: failed logins per account and per address slow down."""

from __future__ import annotations

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
