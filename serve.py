"""Start the contest server: `python serve.py` (what `make run` does).

gevent must patch the standard library before anything else imports sockets or threads,
which is why this is a separate script and not a `flask` command.
"""

import os

ASYNC_MODE = os.environ.setdefault("CONTEST_ASYNC_MODE", "gevent")
if ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()
elif ASYNC_MODE == "eventlet":
    # eventlet is kept only as an option; see README "Why gevent". Without this, psycopg
    # blocks eventlet's whole loop during each PostgreSQL query.
    os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
    import eventlet

    eventlet.monkey_patch()

from contest import create_app, logs  # noqa: E402
from contest.extensions import socketio  # noqa: E402


def _raise_open_file_limit() -> None:
    """Each viewer holds a socket; the usual soft limit of 1,024 would cap the hall at that."""
    try:
        import resource
    except ImportError:  # not on this platform
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = hard if hard != resource.RLIM_INFINITY else 65_536
    if soft < wanted:
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def main() -> None:
    _raise_open_file_limit()
    app = create_app()
    # Our own access log: the servers' built-in ones would print judges' keys from paths.
    logs.configure()
    app.wsgi_app = logs.AccessLog(app.wsgi_app)
    host = os.environ.get("CONTEST_HOST", "127.0.0.1")
    port = int(os.environ.get("CONTEST_PORT", "5000"))
    options: dict[str, object] = {"host": host, "port": port, "log_output": False}
    if ASYNC_MODE == "eventlet":
        options["max_size"] = 10_000  # eventlet's WSGI server stops at 1,024 connections
    if ASYNC_MODE == "threading":
        options["allow_unsafe_werkzeug"] = True
    socketio.run(app, **options)


if __name__ == "__main__":
    main()
