"""Failed sign-in attempts: judges' keys, typed codes and staff passwords, counted.

Each attempt is counted *before* the work, atomically (one INCR per bucket), and refunded
when it succeeds: requests sent at once cannot all pass the check before any is counted.
An attempt falls in several buckets: its client address, and for staff the account name
typed, for typed codes every typed code together. A full address bucket slows valid
credentials down instead of shutting them out (a hall shares one NAT address); a full
account or code bucket refuses until it expires or an admin clears it (登录限制 page).

Counts live in the rate-limit storage (RATELIMIT_STORAGE_URI: memory for one process, Redis
for several); if that storage fails, an in-process count takes over, never none.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote, unquote

from flask import current_app, request
from flask_babel import lazy_gettext as _l
from limits import parse_many
from limits.storage import MemoryStorage, Storage

from contest.extensions import limiter

log = logging.getLogger(__name__)

# kind → (config of the per-address limits, config of the per-target limits, label)
KINDS = {
    "key": ("CONTEST_KEY_ATTEMPTS", None, _l("评委链接")),
    "code": ("CONTEST_KEY_ATTEMPTS", "CONTEST_CODE_BUDGET", _l("卡片代码")),
    "login": ("CONTEST_LOGIN_ATTEMPTS", "CONTEST_ACCOUNT_ATTEMPTS", _l("工作人员登录")),
    # The season's 注册申请: each request that reaches a queue (refused ones are refunded).
    "register": ("CONTEST_REGISTER_ATTEMPTS", "CONTEST_REGISTER_BUDGET", _l("注册申请")),
}
SCOPES = {
    "address": _l("地址"),
    "account": _l("账号"),
    "all": _l("全部代码"),
    "queue": _l("全部注册申请"),
}
_MEMORY_LOCK = threading.Lock()  # MemoryStorage reads expiry outside its own lock


@dataclass(frozen=True)
class Bucket:
    kind: str
    scope: str
    ident: str
    amount: int
    seconds: int

    @property
    def group(self) -> str:
        """The lock this bucket belongs to (all its periods): what the page clears."""
        return f"{self.kind}/{self.scope}/{quote(self.ident, safe='')}"

    @property
    def key(self) -> str:
        return f"{_prefix()}/{self.group}/{self.amount}per{self.seconds}"


@dataclass
class Attempt:
    """One counted attempt: which buckets it went into and which of them are full."""

    hits: list[Bucket] = field(default_factory=list)
    over_address: bool = False
    over_target: bool = False

    @property
    def over(self) -> bool:
        return self.over_address or self.over_target

    def refund(self) -> None:
        """Take this attempt back out of every bucket: it succeeded."""
        for bucket in self.hits:
            _call(lambda s, b=bucket: _decr(s, b))


@dataclass(frozen=True)
class Lock:
    """A bucket over its limit, as the 登录限制 page shows it."""

    group: str
    kind: str
    scope: str
    ident: str
    failures: int
    limit: int
    seconds: int
    until: datetime


def _prefix() -> str:
    return f"{current_app.config.get('RATELIMIT_KEY_PREFIX') or 'contest'}/guess"


def _fallback() -> MemoryStorage:
    return current_app.extensions.setdefault("contest_attempts_memory", MemoryStorage())


def _storage() -> Storage:
    if current_app.extensions.get("contest_attempts_degraded_until", 0) > time.monotonic():
        return _fallback()
    return limiter.storage


def _call(work):
    """Run `work(storage)`; a failing shared storage hands over to in-process counts."""
    storage = _storage()
    try:
        if isinstance(storage, MemoryStorage):
            with _MEMORY_LOCK:
                return work(storage)
        return work(storage)
    except Exception:  # Redis down or hung: count here for the next 30 s, never not at all
        log.warning("rate-limit storage failed; counting in this process", exc_info=True)
        current_app.extensions["contest_attempts_degraded_until"] = time.monotonic() + 30
        with _MEMORY_LOCK:
            return work(_fallback())


# All of an attempt's buckets in one step: counted one by one, an attempt could be among the
# first ten of the minute yet past the hour's limit, and more than `limit` pass or fewer.
_INCR_ALL = """
local totals = {}
for i, key in ipairs(KEYS) do
    totals[i] = redis.call("incr", key)
    if totals[i] == 1 then redis.call("expire", key, ARGV[i]) end
end
return totals
"""


def _incr_all(storage: Storage, buckets: list[Bucket]) -> list[int]:
    """Add one to every bucket at once (the caller holds the memory lock)."""
    if isinstance(storage, MemoryStorage):
        return [storage.incr(b.key, b.seconds) for b in buckets]
    connection = storage.get_connection()
    script = connection.register_script(_INCR_ALL)
    keys = [storage.prefixed_key(b.key) for b in buckets]
    return [int(total) for total in script(keys=keys, args=[b.seconds for b in buckets])]


def _decr(storage: Storage, bucket: Bucket) -> None:
    if isinstance(storage, MemoryStorage):
        storage.decr(bucket.key)
    else:
        storage.incr(bucket.key, bucket.seconds, amount=-1)


def _buckets(kind: str, scope: str, ident: str, setting: str | None) -> list[Bucket]:
    if setting is None:
        return []
    items = parse_many(str(current_app.config[setting]))
    return [Bucket(kind, scope, ident, i.amount, int(i.get_expiry())) for i in items]


def client_address() -> str:
    return request.remote_addr or "unknown"


def count(kind: str, *, target: str | None = None) -> Attempt:
    """Count one attempt of `kind` from this client (and against `target`) before the work."""
    address_setting, target_setting, _label = KINDS[kind]
    attempt = Attempt()
    buckets = _buckets(kind, "address", client_address(), address_setting)
    if kind == "code":
        buckets += _buckets(kind, "all", "*", target_setting)
    elif kind == "register":
        buckets += _buckets(kind, "queue", "*", target_setting)
    elif target is not None:
        buckets += _buckets(kind, "account", target.strip().lower()[:50], target_setting)
    totals = _call(lambda storage: _incr_all(storage, buckets))
    attempt.hits = buckets
    for bucket, total in zip(buckets, totals, strict=True):
        if total > bucket.amount:
            if bucket.scope == "address":
                attempt.over_address = True
            else:
                attempt.over_target = True
    return attempt


def slow_down() -> None:
    """The pause a client past its address limit waits before its answer."""
    time.sleep(float(current_app.config["CONTEST_SLOWDOWN_SECONDS"]))


def _parse(key: str, failures: int, expires_at: float) -> Lock | None:
    parts = key.split("/")
    if len(parts) < 5 or parts[-4] not in KINDS or parts[-3] not in SCOPES:
        return None
    amount, _per, seconds = parts[-1].partition("per")
    if not (amount.isdigit() and seconds.isdigit()) or failures <= int(amount):
        return None
    kind, scope, ident = parts[-4], parts[-3], unquote(parts[-2])
    return Lock(
        group=f"{kind}/{scope}/{parts[-2]}",
        kind=kind,
        scope=scope,
        ident=ident,
        failures=failures,
        limit=int(amount),
        seconds=int(seconds),
        until=datetime.fromtimestamp(expires_at, UTC),
    )


def _stored(storage: Storage) -> list[tuple[str, int, float]]:
    """Every guess bucket in `storage`: (key, count, expiry as a Unix time)."""
    prefix = _prefix() + "/"
    if isinstance(storage, MemoryStorage):
        keys = [k for k in list(storage.storage) if k.startswith(prefix)]
        return [(k, storage.get(k), storage.get_expiry(k)) for k in keys]
    connection = storage.get_connection()
    found = []
    for raw in connection.scan_iter(match=storage.prefixed_key(prefix + "*"), count=500):
        name = raw.decode() if isinstance(raw, bytes) else raw
        key = name.split(":", 1)[1]
        found.append((key, storage.get(key), storage.get_expiry(key)))
    return found


def locks() -> list[Lock]:
    """Buckets over their limit now, one line per lock (its longest-lasting period)."""
    found: dict[str, Lock] = {}
    for key, failures, expires_at in _call(_stored):
        lock = _parse(key, failures, expires_at)
        if lock is not None and (lock.group not in found or lock.until > found[lock.group].until):
            found[lock.group] = lock
    return sorted(found.values(), key=lambda lock: (lock.kind, lock.scope, lock.ident))


def clear(group: str) -> int:
    """Empty every bucket of one lock (all its periods); returns how many were emptied."""

    def work(storage: Storage) -> int:
        keys = [k for k, _n, _t in _stored(storage) if k.startswith(f"{_prefix()}/{group}/")]
        for key in keys:
            storage.clear(key)
        return len(keys)

    return _call(work)
