"""Start the contest server: `python serve.py` (what `make run` does).

gevent must patch the standard library before anything else imports sockets or threads,
which is why this is a separate script and not a `flask` command.
"""

import os
import sys

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

from contest import create_app  # noqa: E402
from contest.extensions import socketio  # noqa: E402
from contest.live import presence  # noqa: E402
from contest.server import logs  # noqa: E402


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


def _freeze_long_lived_objects(interval: float = 5.0) -> None:
    """Keep full garbage collections short: with 1,000 viewers connected the server holds
    ~300k long-lived objects and a full collection paused everything for 100-300 ms
    (bench/fanout.py, py-spy). Freezing moves what is alive now out of the collector's
    sight; request garbage is still freed by reference counting.
    """
    import gc

    while True:
        gc.freeze()
        socketio.sleep(interval)


def _serve_gevent(app, host: str, port: int) -> None:
    """gevent's WSGI server with header and idle timeouts and connection caps (serving.py)."""
    from contest.server import serving

    limits = serving.Limits.from_environment(serving.open_file_limit())
    # gevent's own error log prints the raw request line of a request it cannot parse.
    server = serving.Server(
        (host, port), app, limits=limits, log=None, error_log=sys.stderr, backlog=2048
    )
    server.serve_forever()


def _share_presence(app) -> None:
    """Several processes behind nginx: count connections across all of them via Redis."""
    queue = app.config.get("CONTEST_MESSAGE_QUEUE")
    if not queue or not queue.startswith(("redis://", "rediss://")):
        return
    presence.share_through(queue, app.config.get("CONTEST_MESSAGE_CHANNEL", "contest"))
    socketio.start_background_task(presence.refresh_forever, socketio.sleep)
    _on_sigterm(presence.stop_sharing)


def _on_sigterm(cleanup) -> None:
    """systemd stops a process with SIGTERM: tidy up, then end as the default action would."""
    import signal

    def stop(*_args) -> None:
        cleanup()
        os._exit(128 + signal.SIGTERM)

    if ASYNC_MODE == "gevent":
        import gevent

        gevent.signal_handler(signal.SIGTERM, stop)
    else:
        signal.signal(signal.SIGTERM, stop)


def _announce_public_url(app) -> None:
    """Serve links on the address this process serves, and tell `flask links` about it."""
    from pathlib import Path

    from contest.config import remember_public_url, served_url

    url = served_url()
    app.config["CONTEST_PUBLIC_URL"], app.config["CONTEST_PUBLIC_URL_SOURCE"] = url, "serve"
    try:
        remember_public_url(url, Path(app.instance_path))
    except OSError as error:  # a read-only instance folder must not stop the contest
        app.logger.warning("could not record the public URL in %s: %s", app.instance_path, error)


def main() -> None:
    # Whatever reaches stderr (gevent's error log, tracebacks, our JSON lines) loses the
    # judges' keys on the way.
    sys.stderr = logs.RedactingStream(sys.stderr)
    _raise_open_file_limit()
    app = create_app()
    _announce_public_url(app)
    # Our own access log: the servers' built-in ones would print judges' keys from paths.
    logs.configure()
    app.wsgi_app = logs.AccessLog(app.wsgi_app)
    _share_presence(app)
    host = os.environ.get("CONTEST_HOST", "127.0.0.1")
    port = int(os.environ.get("CONTEST_PORT", "5000"))
    if ASYNC_MODE == "gevent":
        socketio.start_background_task(_freeze_long_lived_objects)
        _serve_gevent(app, host, port)
        return
    options: dict[str, object] = {"host": host, "port": port, "log_output": False}
    if ASYNC_MODE == "eventlet":
        options["max_size"] = 10_000  # eventlet's WSGI server stops at 1,024 connections
    if ASYNC_MODE == "threading":
        options["allow_unsafe_werkzeug"] = True
    socketio.run(app, **options)


if __name__ == "__main__":
    main()
