"""The link between server processes through Redis, on a budget.

Several processes share presence counts, Socket.IO pushes and failed-attempt counts
through Redis (CONTEST_MESSAGE_QUEUE). A Redis that hangs (SIGSTOP, a full disk, a network
stall) used to freeze every host action for ~34 s: redis-py retries three times with
backoff by default, python-socketio publishes twice, and each call waited 2 s per try.

Now every client the app makes waits at most TIMEOUT per operation and never retries, and
the first failure opens a breaker: for PAUSE seconds nothing here talks to Redis, so a
request spends at most one TIMEOUT (about 0.3 s) on a bad Redis, whatever it does. In the
meantime each process carries on alone: its own viewers still get their pushes, presence
counts are this process's own, and the guess limits count in memory (RATELIMIT_IN_MEMORY_
FALLBACK_ENABLED). The host console says the link is degraded until Redis answers again.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from threading import Lock
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

TIMEOUT = 0.3  # seconds for one Redis operation: connect, send or read
PAUSE = 5.0  # seconds without Redis after a failure, before trying it again

T = TypeVar("T")


def client_options(timeout: float = TIMEOUT) -> dict[str, Any]:
    """Keyword arguments for redis.Redis(...): short timeouts and no retries."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "socket_timeout": timeout,
        "socket_connect_timeout": timeout,
        "retry": Retry(NoBackoff(), 0),
    }


def listener_options() -> dict[str, Any]:
    """For the one connection that waits for pushes from other processes: it may sit silent
    for minutes, so no read timeout; keepalive and a PING every 30 s find a dead peer."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return {
        "socket_timeout": None,
        "socket_connect_timeout": TIMEOUT,
        "socket_keepalive": True,
        "health_check_interval": 30,
        "retry": Retry(NoBackoff(), 0),
    }


class Breaker:
    """Whether to talk to Redis now; trips on a failure, closes on the next success."""

    def __init__(self, pause: float = PAUSE) -> None:
        self.pause = pause
        self.failed_at: float | None = None
        self.lock = Lock()

    def available(self) -> bool:
        failed_at = self.failed_at
        return failed_at is None or time.monotonic() - failed_at >= self.pause

    def degraded(self) -> bool:
        return self.failed_at is not None

    def failed(self, error: BaseException) -> None:
        with self.lock:
            first = self.failed_at is None
            self.failed_at = time.monotonic()
        if first:
            logger.warning("redis link degraded, going on without it: %s", error)

    def succeeded(self) -> None:
        with self.lock:
            was = self.failed_at is not None
            self.failed_at = None
        if was:
            logger.warning("redis link restored")

    def call(self, operation: Callable[[], T], fallback: Callable[[], T]) -> T:
        """`operation()` if Redis is to be tried now and answers; else `fallback()`."""
        if not self.available():
            return fallback()
        try:
            result = operation()
        except Exception as error:  # redis.RedisError, OSError, a timeout: all the same here
            self.failed(error)
            return fallback()
        self.succeeded()
        return result


link = Breaker()


def degraded() -> bool:
    """The host console's notice: Redis is configured and did not answer lately."""
    return link.degraded()


def socketio_manager(url: str, channel: str):
    """Socket.IO's Redis manager, publishing within the budget (and not at all while the
    breaker is open: the emit has already reached this process's own clients)."""
    import socketio

    class BoundedRedisManager(socketio.RedisManager):
        def _redis_connect(self) -> None:
            super()._redis_connect()
            import redis

            listener = redis.Redis.from_url(self.redis_url, **listener_options())
            self.pubsub = listener.pubsub(ignore_subscribe_messages=True)

        def _publish(self, data: Any) -> Any:
            def send() -> Any:
                if not self.connected:
                    self._redis_connect()
                try:
                    return self.redis.publish(self.channel, self.json.dumps(data))
                except Exception:
                    self.connected = False  # a fresh connection next time
                    raise

            return link.call(send, lambda: None)

    return BoundedRedisManager(url, channel=channel, redis_options=client_options())
