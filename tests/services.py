"""Where the tests find PostgreSQL, Redis and Chromium, and what to do when they are absent."""

from __future__ import annotations

import os
import shutil
import socket

import pytest
from sqlalchemy.engine import make_url

BASE_POSTGRES_URL = os.environ.get(
    "CONTEST_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# pytest-xdist names each worker (gw0, gw1 …): each gets a database of its own, test_gw0 …,
# since the suite drops and rebuilds the schema it works in.
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def _worker_url(base: str) -> str:
    if not WORKER:
        return base
    url = make_url(base)
    return url.set(database=f"{url.database}_{WORKER}").render_as_string(hide_password=False)


POSTGRES_URL = _worker_url(BASE_POSTGRES_URL)
# Password hashes in tests: werkzeug's pbkdf2 with few rounds. scrypt (the product's default)
# costs ~0.1 s a hash; thousands of set-ups and sign-ins would spend minutes in it. The
# sign-in timing test switches back to scrypt (tests/security/test_guess_limits.py).
CHEAP_HASH = "pbkdf2:sha256:1000"
REDIS_URL = os.environ.get("CONTEST_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
CHROMIUM = os.environ.get("CONTEST_CHROMIUM", "/usr/bin/chromium")
REQUIRED = os.environ.get("CONTEST_REQUIRE_SERVICES") == "1"


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need(available: bool, what: str) -> None:
    """Skip (on a laptop) or fail (in CI, CONTEST_REQUIRE_SERVICES=1) when a service is absent."""
    if available:
        return
    message = f"{what} is not available"
    if REQUIRED:
        pytest.fail(f"{message}, and CONTEST_REQUIRE_SERVICES=1 requires it")
    pytest.skip(f"{message}; skipped (set CONTEST_REQUIRE_SERVICES=1 to make this a failure)")


def postgres_available() -> bool:
    return reachable("127.0.0.1", 5432) if "127.0.0.1:5432" in POSTGRES_URL else True


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)


def redis_available() -> bool:
    return reachable("127.0.0.1", 6379) if "127.0.0.1:6379" in REDIS_URL else True


def ensure_postgres_database() -> None:
    """Create this worker's database if it is missing (the base database must exist)."""
    if not WORKER or not postgres_available():
        return
    import sqlalchemy as sa

    name = make_url(POSTGRES_URL).database
    admin = sa.create_engine(BASE_POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            found = conn.execute(
                sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
            ).scalar()
            if not found:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
