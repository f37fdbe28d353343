"""Configuration read from the environment, with safe defaults for a laptop."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from contest.live import redis_link

ROOT = Path(__file__).resolve().parent.parent
# The instance folder holds the SQLite database, the secret key and demo credentials.
INSTANCE = Path(os.environ.get("CONTEST_INSTANCE_PATH") or ROOT / "instance")


def database_url(instance: Path = INSTANCE) -> str:
    """The database URL: CONTEST_DATABASE_URL, or SQLite under instance/."""
    url = os.environ.get("CONTEST_DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{instance / 'contest.sqlite3'}"
    # psycopg 3 is the driver we ship; accept the plain URLs people copy from docs.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance: Path = INSTANCE) -> str:
    """CONTEST_SECRET_KEY, or a random key kept in instance/ so sessions survive restarts."""
    key = os.environ.get("CONTEST_SECRET_KEY")
    if key:
        return key
    path = instance / "secret_key"
    if path.exists():
        return path.read_text().strip()
    instance.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


PUBLIC_URL_FILE = "public-url.json"


def served_url() -> str:
    """The address serve.py serves on: CONTEST_PUBLIC_URL, else http://host:port it binds."""
    explicit = os.environ.get("CONTEST_PUBLIC_URL", "").strip()
    if explicit:
        return explicit.rstrip("/")
    host = os.environ.get("CONTEST_HOST", "").strip() or "127.0.0.1"
    if host in ("0.0.0.0", "::"):  # every interface: this machine answers on loopback too
        host = "127.0.0.1"
    elif ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{os.environ.get('CONTEST_PORT', '5000').strip() or '5000'}"


def remember_public_url(url: str, instance: Path = INSTANCE) -> Path:
    """Write the URL the server uses to the instance folder, for commands that print links."""
    import json
    from datetime import UTC, datetime

    instance.mkdir(parents=True, exist_ok=True)
    path = instance / PUBLIC_URL_FILE
    staging = path.with_suffix(f".{os.getpid()}.tmp")  # several processes may start at once
    written = {"url": url, "written_at": datetime.now(UTC).isoformat(timespec="seconds")}
    staging.write_text(json.dumps(written, ensure_ascii=False))
    staging.replace(path)
    return path


def public_url(instance: Path = INSTANCE) -> tuple[str, str]:
    """Base URL for printed links and where it came from: environment, server or default.

    CONTEST_PUBLIC_URL wins; else what the server wrote when it last started; else the
    address serve.py would bind with this environment.
    """
    import json

    explicit = os.environ.get("CONTEST_PUBLIC_URL", "").strip()
    if explicit:
        return explicit.rstrip("/"), "environment"
    try:
        stored = json.loads((instance / PUBLIC_URL_FILE).read_text(encoding="utf-8"))
        url = str(stored["url"]).strip()
    except (OSError, ValueError, TypeError, KeyError):
        url = ""
    if url.startswith(("http://", "https://")):
        return url.rstrip("/"), "server"
    return served_url(), "default"


def ratelimit_storage(message_queue: str | None) -> str:
    """Where failed-attempt counts live: shared through Redis when several processes run."""
    explicit = os.environ.get("CONTEST_RATELIMIT_STORAGE")
    if explicit:
        return explicit
    if message_queue and message_queue.startswith(("redis://", "rediss://")):
        return message_queue
    return "memory://"


def from_environment() -> dict[str, object]:
    """Flask settings for a normal (non-test) run."""
    message_queue = os.environ.get("CONTEST_MESSAGE_QUEUE") or None
    channel = os.environ.get("CONTEST_MESSAGE_CHANNEL", "contest")
    storage = ratelimit_storage(message_queue)
    url, source = public_url()
    return {
        "SECRET_KEY": secret_key(),
        "SQLALCHEMY_DATABASE_URI": database_url(),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CONTEST_ASYNC_MODE": os.environ.get("CONTEST_ASYNC_MODE", "gevent"),
        # Several server processes: pushes, presence and rate limits go through this Redis.
        "CONTEST_MESSAGE_QUEUE": message_queue,
        # Redis pub/sub channel (and key prefix): separate contests sharing one Redis.
        "CONTEST_MESSAGE_CHANNEL": channel,
        # How many reverse proxies (nginx) stand in front: their X-Forwarded-* are trusted.
        "CONTEST_TRUSTED_PROXIES": int(os.environ.get("CONTEST_TRUSTED_PROXIES", "0")),
        # Judges' links and QR codes point here: set it to the address phones can reach.
        # serve.py replaces it with the address it serves on; commands keep this one.
        "CONTEST_PUBLIC_URL": url,
        "CONTEST_PUBLIC_URL_SOURCE": source,
        # werkzeug's method for new password hashes; scrypt unless set (the tests set pbkdf2).
        "CONTEST_PASSWORD_METHOD": os.environ.get("CONTEST_PASSWORD_METHOD") or "scrypt",
        "SESSION_COOKIE_SECURE": os.environ.get("CONTEST_SECURE_COOKIES", "0") == "1",
        "RATELIMIT_STORAGE_URI": storage,
        # A Redis that hangs must not hang sign-in: short timeouts, no retries; the limits
        # then count in this process's memory until Redis answers (see DEFAULTS).
        "RATELIMIT_STORAGE_OPTIONS": redis_link.client_options()
        if storage.startswith("redis")
        else {},
        "RATELIMIT_KEY_PREFIX": channel,
        "CONTEST_PUBLIC_SOCKETS_PER_ADDRESS": int(
            os.environ.get("CONTEST_PUBLIC_SOCKETS_PER_ADDRESS", "200")
        ),
        # E-mail for the season's notices (contest/season/notify.py); unset: in-app only.
        "CONTEST_SMTP_HOST": os.environ.get("CONTEST_SMTP_HOST", "").strip() or None,
        "CONTEST_SMTP_PORT": int(os.environ.get("CONTEST_SMTP_PORT", "25") or 25),
        "CONTEST_SMTP_FROM": os.environ.get("CONTEST_SMTP_FROM", "").strip() or None,
        "CONTEST_SMTP_USER": os.environ.get("CONTEST_SMTP_USER", "").strip() or None,
        "CONTEST_SMTP_PASSWORD": os.environ.get("CONTEST_SMTP_PASSWORD", ""),
        "CONTEST_SMTP_STARTTLS": os.environ.get("CONTEST_SMTP_STARTTLS", "0") == "1",
        # The audit log's seal (contest/audit/seal.py): a key file apart from the database.
        "CONTEST_AUDIT_KEY_FILE": os.environ.get("CONTEST_AUDIT_KEY_FILE", "").strip() or None,
    }


DEFAULTS: dict[str, object] = {
    "SQLALCHEMY_TRACK_MODIFICATIONS": False,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
    "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
    "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,
    # Failed attempts allowed per client address (counted first, refunded on success).
    "CONTEST_KEY_ATTEMPTS": "10 per minute;60 per hour",
    "CONTEST_LOGIN_ATTEMPTS": "10 per minute;50 per hour",
    # Hall displays and remote viewers' sockets one client address may hold in one server
    # process (a hall's Wi-Fi is one address: room for every phone in it); 0: no cap.
    "CONTEST_PUBLIC_SOCKETS_PER_ADDRESS": 200,
    # Failed sign-ins per account name typed (from any address): past it, that account waits
    # (or an admin clears it on the 登录限制 page).
    "CONTEST_ACCOUNT_ATTEMPTS": "10 per minute;30 per hour",
    # Failed typed codes from all addresses together: past it, codes wait; QR codes still work.
    "CONTEST_CODE_BUDGET": "300 per hour",
    # 注册申请 that reach a queue, per client address and from all addresses together: a
    # flood cannot fill the queues (each queue is also capped, contest/season/registrations).
    "CONTEST_REGISTER_ATTEMPTS": "10 per hour;30 per day",
    "CONTEST_REGISTER_BUDGET": "200 per hour",
    # Past its address limit a client waits this long for each answer; the right key, code
    # or password still gets in (a hall shares one address), a guesser is slowed down.
    "CONTEST_SLOWDOWN_SECONDS": 2.0,
    # Pushes caused by score submissions are coalesced to one per venue per this interval.
    "CONTEST_COALESCE_MS": 250,
    # Redis away: count failed attempts in this process's memory, never not at all.
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    # Only if even that fails: no 500 on sign-in.
    "RATELIMIT_SWALLOW_ERRORS": True,
    "RATELIMIT_STORAGE_URI": "memory://",
}
