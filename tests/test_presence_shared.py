"""Presence across server processes: each node mirrors its counts into a real Redis."""

from __future__ import annotations

import time
import uuid

import pytest

from contest.live import presence
from tests.services import REDIS_URL, need, redis_available


@pytest.fixture
def redis_client():
    need(redis_available(), "Redis at 127.0.0.1:6379")
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client):
    name = f"test-presence-{uuid.uuid4().hex}"
    yield name
    for key in redis_client.scan_iter(f"{name}:*"):
        redis_client.delete(key)


def node(redis_client, prefix, judges=(), watchers=()):
    """A server process's counts: judges online and (venue, audience) watchers."""
    connections = presence.Connections()
    for i, judge_id in enumerate(judges):
        connections.judges[judge_id].add(f"judge-sid-{i}")
    for i, watched in enumerate(watchers):
        connections.watchers[f"watcher-sid-{i}"] = watched
    shared = presence.SharedCounts(redis_client, prefix)
    shared.publish(connections.counts)
    return shared


def test_counts_add_up_over_every_node(redis_client, prefix):
    node(redis_client, prefix, judges=[7], watchers=[(1, "viewer"), (1, "viewer")])
    b = node(redis_client, prefix, judges=[9], watchers=[(1, "display"), (2, "viewer")])
    online, audience = presence.merge(b.read())
    assert online == {7, 9}
    assert audience[1] == {"display": 1, "viewer": 2}
    assert audience[2] == {"display": 0, "viewer": 1}


def test_a_node_that_stopped_refreshing_drops_out(redis_client, prefix):
    alive = node(redis_client, prefix, judges=[3], watchers=[(1, "viewer")])
    dead = node(redis_client, prefix, judges=[4], watchers=[(1, "viewer")] * 5)
    # The dead process's last refresh was longer ago than the TTL.
    redis_client.zadd(f"{prefix}:presence:nodes", {dead.node: time.time() - presence.NODE_TTL - 1})
    online, audience = presence.merge(alive.read())
    assert online == {3}
    assert audience[1] == {"display": 0, "viewer": 1}
    assert redis_client.zscore(f"{prefix}:presence:nodes", dead.node) is None


def test_a_node_that_stops_takes_its_counts_out_at_once(redis_client, prefix):
    staying = node(redis_client, prefix, judges=[1])
    leaving = node(redis_client, prefix, judges=[2])
    leaving.forget()
    assert presence.merge(staying.read())[0] == {1}


def test_joins_and_leaves_are_mirrored_as_they_happen(redis_client, prefix):
    other = node(redis_client, prefix, watchers=[(1, "display")])
    presence.reset()
    presence.share_through(REDIS_URL, prefix)
    try:
        presence.joined(5, "sid-a")
        presence.watching("sid-b", 1, "viewer")
        assert presence.online_judges() == {5}
        assert presence.audience(1) == {"display": 1, "viewer": 1}
        # What another process reads, straight from Redis.
        online, audience = presence.merge(other.read())
        assert online == {5}
        assert audience[1] == {"display": 1, "viewer": 1}

        assert presence.left("sid-a") == 5
        assert presence.left("sid-b") is None
        online, audience = presence.merge(other.read())
        assert online == set()
        assert audience[1] == {"display": 1, "viewer": 0}
    finally:
        presence.share_through(None)
        presence.reset()


def test_without_redis_a_process_counts_its_own_connections():
    presence.share_through(None)
    presence.reset()
    presence.joined(11, "s1")
    presence.joined(11, "s2")
    presence.watching("s3", 4, "display")
    assert presence.online(11)
    assert presence.left("s1") == 11
    assert presence.online(11)  # still one page open
    assert presence.left("s2") == 11
    assert not presence.online(11)
    assert presence.audience(4) == {"display": 1, "viewer": 0}
    presence.reset()


def test_a_storm_of_connections_ends_with_every_one_counted(redis_client, prefix):
    """Many connects publishing at once: a stale snapshot never overwrites a newer one."""
    import threading

    connections = presence.Connections()
    shared = presence.SharedCounts(redis_client, prefix)
    start = threading.Barrier(40)

    def connect(i: int) -> None:
        start.wait()
        with connections.lock:
            connections.watchers[f"sid-{i}"] = (1, "viewer")
        shared.publish(connections.counts)

    threads = [threading.Thread(target=connect, args=(i,)) for i in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert presence.merge(shared.read())[1][1] == {"display": 0, "viewer": 40}
    assert shared.written == shared.wanted  # the last change asked for is in Redis


def test_a_process_starts_and_counts_its_own_while_redis_is_away():
    presence.reset()
    presence.share_through("redis://127.0.0.1:1/0", "test-presence-away")  # nothing listens
    try:
        presence.joined(8, "sid-x")
        assert presence.online_judges() == {8}  # this process's own, while Redis is away
        assert presence.left("sid-x") == 8
    finally:
        presence.share_through(None)
        presence.reset()
