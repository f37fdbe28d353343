"""Who is connected right now: judges' pages, hall displays, remote viewers.

Each server process knows its own connections. With one process that is the whole
picture. With several (CONTEST_MESSAGE_QUEUE=redis://…), each process also mirrors its
counts into Redis under its own node key, and readers add up every live node's counts, so
the host sees a judge online whichever process the judge's phone reached. A node's key
expires when its process stops refreshing it (it crashed, or was killed), so the counts of
a dead process vanish within NODE_TTL seconds; its clients reconnect to another one.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from threading import Lock
from typing import Any

from contest.live import redis_link

logger = logging.getLogger(__name__)

NODE_TTL = 30  # seconds a node's counts outlive its last refresh
REFRESH_EVERY = 10  # seconds between refreshes of this node's key


class Connections:
    """This process's connections, by Socket.IO session id."""

    def __init__(self) -> None:
        self.judges: dict[int, set[str]] = defaultdict(set)
        self.watchers: dict[str, tuple[int, str]] = {}  # sid -> (venue id, "display" | "viewer")
        self.passes: dict[str, str] = {}  # sid -> its display pass: one display per pass
        self.addresses: dict[str, str] = {}  # sid -> client address, for public sockets
        self.per_address: Counter[str] = Counter()
        self.lock = Lock()

    def counts(self) -> dict[str, int]:
        """Flat counts, as stored in Redis: `j:<judge id>` and `w:<venue id>:<audience>`."""
        with self.lock:
            flat = {f"j:{judge_id}": len(sids) for judge_id, sids in self.judges.items() if sids}
            displays: dict[int, set[str]] = defaultdict(set)
            viewers: Counter[int] = Counter()
            for sid, (venue_id, kind) in self.watchers.items():
                if kind == "display":
                    displays[venue_id].add(self.passes.get(sid, sid))
                else:
                    viewers[venue_id] += 1
            for venue_id, seen in displays.items():
                flat[f"w:{venue_id}:display"] = len(seen)
            for venue_id, n in viewers.items():
                flat[f"w:{venue_id}:viewer"] = n
        return flat


def merge(nodes: list[dict[str, int]]) -> tuple[set[int], dict[int, dict[str, int]]]:
    """Judges online and audience per venue from the flat counts of every node."""
    online: set[int] = set()
    audience: dict[int, dict[str, int]] = defaultdict(lambda: {"display": 0, "viewer": 0})
    for counts in nodes:
        for field, n in counts.items():
            kind, _, rest = field.partition(":")
            if n <= 0:
                continue
            if kind == "j":
                online.add(int(rest))
            elif kind == "w":
                venue, _, audience_kind = rest.partition(":")
                if audience_kind in ("display", "viewer"):
                    audience[int(venue)][audience_kind] += n
    return online, audience


class SharedCounts:
    """This node's counts mirrored into Redis, and every live node's counts read back."""

    def __init__(self, redis: Any, prefix: str, breaker: redis_link.Breaker | None = None) -> None:
        self.redis = redis
        self.breaker = breaker
        self.nodes_key = f"{prefix}:presence:nodes"
        self.prefix = prefix
        self.node = uuid.uuid4().hex
        self.publish_lock = Lock()
        self.generation_lock = Lock()
        self.wanted = 0  # changes asked for
        self.written = 0  # changes known to be in Redis

    def node_key(self, node: str) -> str:
        return f"{self.prefix}:presence:node:{node}"

    def publish(self, counts: Callable[[], dict[str, int]]) -> None:
        """Bring this node's key up to date with `counts()`; return once it is in Redis.

        Callers that queue behind a write already covering their change skip theirs: a
        storm of viewers connecting costs a few writes, not one each, and a later, smaller
        snapshot can never overwrite a newer one.
        """
        with self.generation_lock:
            self.wanted += 1
            mine = self.wanted
        with self.publish_lock:
            if self.written >= mine:
                return
            if self.breaker is not None and not self.breaker.available():
                return  # those queued behind a write that failed do not try again
            with self.generation_lock:
                generation = self.wanted
            self._write(counts())
            self.written = generation

    def _write(self, counts: dict[str, int]) -> None:
        """Replace this node's counts in one transaction: readers never see a half write."""
        key = self.node_key(self.node)
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(key)
        if counts:
            pipe.hset(key, mapping=counts)
        pipe.expire(key, NODE_TTL)
        pipe.zadd(self.nodes_key, {self.node: time.time()})
        pipe.execute()

    def read(self) -> list[dict[str, int]]:
        cutoff = time.time() - NODE_TTL
        pipe = self.redis.pipeline(transaction=False)
        pipe.zremrangebyscore(self.nodes_key, "-inf", cutoff)
        pipe.zrange(self.nodes_key, 0, -1)
        nodes = pipe.execute()[1]
        pipe = self.redis.pipeline(transaction=False)
        for node in nodes:
            pipe.hgetall(self.node_key(node.decode() if isinstance(node, bytes) else node))
        return [{_text(field): int(n) for field, n in counts.items()} for counts in pipe.execute()]

    def forget(self) -> None:
        """This node stops: take its counts out at once rather than waiting for the TTL."""
        pipe = self.redis.pipeline(transaction=True)
        pipe.delete(self.node_key(self.node))
        pipe.zrem(self.nodes_key, self.node)
        pipe.execute()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


_local = Connections()
_shared: SharedCounts | None = None


def share_through(redis_url: str | None, prefix: str = "contest") -> None:
    """Mirror counts into Redis (several server processes), or stop doing so (None)."""
    global _shared
    if redis_url is None:
        _shared = None
        return
    import redis

    # A Redis that hangs must not hang every connect and disconnect with it.
    client = redis.Redis.from_url(redis_url, **redis_link.client_options())
    _shared = SharedCounts(client, prefix, redis_link.link)
    _changed()  # Redis away at start: the process serves anyway; the refresh catches up


def stop_sharing() -> None:
    """This process stops: take its counts out of Redis now, not after NODE_TTL."""
    global _shared
    shared, _shared = _shared, None
    if shared is not None:
        try:
            shared.forget()
        except Exception:
            logger.warning("presence: could not remove this node's counts", exc_info=True)


def refresh_forever(sleep) -> None:
    """Keep this node's key alive (a background task of the server process)."""
    while _shared is not None:
        _changed()
        sleep(REFRESH_EVERY)


def _changed() -> None:
    shared = _shared
    if shared is None:
        return
    # Redis away: counts catch up at the next refresh once it answers again.
    redis_link.link.call(lambda: shared.publish(_local.counts), lambda: None)


def joined(judge_id: int, sid: str) -> None:
    with _local.lock:
        _local.judges[judge_id].add(sid)
    _changed()


def watching(
    sid: str,
    venue_id: int,
    audience: str,
    *,
    display_pass: str | None = None,
    address: str | None = None,
    cap: int = 0,
) -> bool:
    """Count a public screen; False (and nothing counted) when its address is at `cap`."""
    with _local.lock:
        if address is not None:
            if cap and _local.per_address[address] >= cap:
                return False
            _local.per_address[address] += 1
            _local.addresses[sid] = address
        _local.watchers[sid] = (venue_id, audience)
        if display_pass is not None:
            _local.passes[sid] = display_pass
    _changed()
    return True


def left(sid: str) -> int | None:
    """Forget a connection; return the judge it belonged to, if any."""
    found = None
    with _local.lock:
        watched = _local.watchers.pop(sid, None)
        _local.passes.pop(sid, None)
        address = _local.addresses.pop(sid, None)
        if address is not None:
            _local.per_address[address] -= 1
            if _local.per_address[address] <= 0:
                del _local.per_address[address]
        for judge_id, sids in _local.judges.items():
            if sid in sids:
                sids.discard(sid)
                found = judge_id
                break
    if watched is not None or found is not None:
        _changed()
    return found


def _everyone() -> tuple[set[int], dict[int, dict[str, int]]]:
    nodes = [_local.counts()]
    shared = _shared
    if shared is not None:
        # Redis away: this process's own connections are better than none.
        nodes = redis_link.link.call(shared.read, lambda: nodes)
    return merge(nodes)


def online_judges() -> set[int]:
    """Ids of the judges with a page connected to any server process."""
    return _everyone()[0]


def online(judge_id: int) -> bool:
    return judge_id in online_judges()


def audience(venue_id: int) -> dict[str, int]:
    """How many hall displays and remote viewers follow this venue, over all processes."""
    return dict(_everyone()[1][venue_id])


def reset() -> None:
    """Forget every connection (a fresh server process, or a test's fresh app)."""
    with _local.lock:
        _local.judges.clear()
        _local.watchers.clear()
        _local.passes.clear()
        _local.addresses.clear()
        _local.per_address.clear()
    _changed()
