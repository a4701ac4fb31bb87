"""Slowing down password guessing without locking out the person guessed at.

A failed log-in is counted three ways, in the rate limiter's storage (memory on a laptop, Redis
when REDIS_URL is set, so that every worker counts together):

* for the account and the address together (LOGIN_LIMIT_PER_ACCOUNT_ADDRESS): one address
  guessing at one account is refused for a few minutes, then for up to an hour;
* for the address (LOGIN_LIMIT_PER_ADDRESS): one address guessing across many accounts. It is
  sized for a whole school behind one NAT address, where many people mistype at 9 o'clock;
* for the account, from anywhere (LOGIN_LIMIT_PER_ACCOUNT): many addresses guessing at one
  account. Past it the account is under attack, and every address that has itself failed at the
  account within that window is refused until the window has passed.

An address that has not failed at the account is never refused for the account's sake: the
owner, logging in from home or from school, gets in with the right password while an attack
goes on, and an attacker with many addresses gets one guess from each. So nobody can lock a
classmate (or the safeguarding lead) out by typing wrong passwords under their name, except
from the very same address (the school's, say), and then for minutes, up to an hour.

Only failures count: logging in is free, and it clears that address's failures at the account.
If the storage cannot be reached (Redis down), failures are counted in this worker's memory
instead, with a warning in the log, and Redis is tried again after RETRY_STORAGE_AFTER seconds:
the limits still hold, per worker, and nobody gets a 500.
"""

from __future__ import annotations

import functools
import hashlib
import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from .accounts import username_key
from .extensions import limiter


def _limits(key: str) -> list[RateLimitItem]:
    return parse_many(current_app.config[key])


def _ids(scope: str, *parts: str) -> tuple[str, ...]:
    prefix = current_app.config.get("RATELIMIT_KEY_PREFIX") or ""
    return (prefix, scope, *parts) if prefix else (scope, *parts)


RETRY_STORAGE_AFTER = 10.0  # seconds between tries of a storage that failed


class _Fallback:
    """This worker's own counters, used while the limiter's storage does not answer."""

    def __init__(self):
        self.strategy = MovingWindowRateLimiter(MemoryStorage())
        self.retry_at = 0.0

    def in_use(self) -> bool:
        return time.monotonic() < self.retry_at

    def take_over(self) -> None:
        if not self.in_use():
            current_app.logger.warning(
                "Rate-limit storage unreachable: failed log-ins are counted in this worker's "
                "memory for now"
            )
        self.retry_at = time.monotonic() + RETRY_STORAGE_AFTER


def _fallback() -> _Fallback:
    return current_app.extensions.setdefault("board.attempts.fallback", _Fallback())


def counted_in_memory_if_storage_fails(method):
    @functools.wraps(method)
    def guarded(self, *args):
        try:
            return method(self, *args)
        except Exception:  # noqa: BLE001 - redis, its driver or the network: any of them
            fallback = _fallback()
            if self.strategy is fallback.strategy:
                raise
            fallback.take_over()
            self.strategy = fallback.strategy
            return method(self, *args)

    return guarded


class LoginCounters:
    """The failure counters one log-in attempt (a username, from this request's address) is
    judged by."""

    def __init__(self, username: str):
        # Hashed: a typed username may hold anything, and keys stay short.
        account = hashlib.sha256(username_key(username).encode()).hexdigest()[:32]
        address = get_remote_address()
        self.pair = _ids("login-pair", account, address)
        # The same pair, counted over the account limit's windows: "has it failed within it?"
        self.seen = _ids("login-seen", account, address)
        self.account = _ids("login-account", account)
        self.address = _ids("login-address", address)
        fallback = _fallback()
        self.strategy = fallback.strategy if fallback.in_use() else limiter.limiter

    @counted_in_memory_if_storage_fails
    def wait(self) -> int:
        """Seconds until this address may try this account again; 0 if it may now."""
        waits = [
            self._full_for(limit, self.pair) for limit in _limits("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS")
        ] + [self._full_for(limit, self.address) for limit in _limits("LOGIN_LIMIT_PER_ADDRESS")]
        for limit in _limits("LOGIN_LIMIT_PER_ACCOUNT"):
            under_attack = not self.strategy.test(limit, *self.account)
            if under_attack and self._failed_within(limit):
                # Until this address's failures leave the window: at most the whole window.
                waits.append(limit.get_expiry())
        return max(waits, default=0)

    @counted_in_memory_if_storage_fails
    def record_failure(self) -> None:
        for limit in _limits("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS"):
            self.strategy.hit(limit, *self.pair)
        for limit in _limits("LOGIN_LIMIT_PER_ADDRESS"):
            self.strategy.hit(limit, *self.address)
        for limit in _limits("LOGIN_LIMIT_PER_ACCOUNT"):
            self.strategy.hit(limit, *self.account)
            self.strategy.hit(limit, *self.seen)

    @counted_in_memory_if_storage_fails
    def forget_failures(self) -> None:
        """The right password from this address: its earlier failures here were typing slips."""
        for limit in _limits("LOGIN_LIMIT_PER_ACCOUNT_ADDRESS"):
            self.strategy.clear(limit, *self.pair)
        for limit in _limits("LOGIN_LIMIT_PER_ACCOUNT"):
            self.strategy.clear(limit, *self.seen)

    def _full_for(self, limit: RateLimitItem, ids: tuple[str, ...]) -> int:
        if self.strategy.test(limit, *ids):
            return 0
        reset_at = self.strategy.get_window_stats(limit, *ids).reset_time
        return max(1, math.ceil(reset_at - time.time()))

    def _failed_within(self, limit: RateLimitItem) -> bool:
        return self.strategy.get_window_stats(limit, *self.seen).remaining < limit.amount


def wait_text(seconds: int) -> str:
    """ "in 1 minute", "in 12 minutes", "in about an hour"."""
    minutes = math.ceil(seconds / 60)
    if minutes >= 55:
        hours = round(minutes / 60)
        return "in about an hour" if hours <= 1 else f"in about {hours} hours"
    return f"in {minutes} minute" if minutes == 1 else f"in {minutes} minutes"
