"""Build documents off the live server's event loop, in a child process.

serve.py is one gevent process: every hall display, viewer and judge phone it serves waits
while any request computes. Laying out PDFs (WeasyPrint) and ranking and writing workbooks
(standings, openpyxl) is CPU-bound Python that never yields, so a 200-certificate batch used
to freeze every screen for seconds (bench/event_loop.py measures it). Every caller goes
through `in_process(fn, ...)`:

- `fn` runs in a fresh child process (`python -m contest.offload`), fed its arguments as a
  pickle on stdin; the child answers with length-prefixed pickle frames on stdout: progress
  reports, then the result or the error. Its own interpreter, so the GIL is not shared; a
  lower CPU priority, so on a small machine the live server still comes first; one process
  per job, so the memory a batch took (~500 MB for 200 certificates) goes back to the
  system and a crash takes nothing else with it. At most WORKERS run at once.
- `app_context=True` gives `fn` a Flask app like the caller's (templates, static and
  instance folders, translations) without a database; `database=True` adds the caller's
  database, for work that reads its own rows (the exports). The child only reads.
- The caller's database transaction is committed first (`_end_transaction`).

Outside gevent (the tests' threading mode and Flask test client, the CLI, the benchmarks)
`fn` simply runs here, as it does on a server started with CONTEST_OFFLOAD=inline (the
"before" of bench.event_loop). An exception raised in the child is raised here again as the
same class with the same arguments (MissingFontError's Chinese message, CertificateTooLong,
...). The child is always waited for, and killed first if the caller gives up (its timeout,
or the greenlet being killed), so none is left behind.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from typing import Any

from contest.config import ROOT

TIMEOUT = 240.0  # seconds: under nginx's 5 min (deploy/); 200 certificates take ~15 s
NICE = 10  # the child's CPU priority below the server's (0): screens first
WORKERS = 2  # document processes at a time; more wait their turn
_SLOTS = threading.BoundedSemaphore(WORKERS)  # a gevent semaphore once serve.py has patched
_HEADER = 8  # bytes of a frame's length, big-endian


class OffloadError(RuntimeError):
    """The document process ended without an answer (killed, timed out, crashed)."""


def offloading() -> bool:
    """Whether heavy work leaves this process: only under gevent, unless told otherwise."""
    if os.environ.get("CONTEST_OFFLOAD", "auto") == "inline":
        return False
    if "gevent" not in sys.modules:
        return False
    from gevent import monkey

    return monkey.is_module_patched("threading") and monkey.is_module_patched("subprocess")


def in_process(
    fn: Callable[..., Any],
    /,
    *args: Any,
    progress: Callable[[int, int], None] | None = None,
    app_context: bool = False,
    database: bool = False,
    timeout: float = TIMEOUT,
    memory: int | None = None,
    **kwargs: Any,
) -> Any:
    """`fn(*args, **kwargs)` in a child process (here when not offloading).

    `fn` must be a module-level function; its arguments and result must pickle. When
    `progress` is given, `fn` gets a `progress(done, total)` of its own whose calls are
    relayed to this one. `memory` caps the child's address space in bytes (RLIMIT_AS): past
    it the work fails with MemoryError (or the child dies), never the server.
    """
    if progress is not None:
        kwargs["progress"] = progress
    if not offloading():
        return fn(*args, **kwargs)
    kwargs.pop("progress", None)
    config = app_config(database=database) if app_context or database else None
    _end_transaction()
    with _SLOTS:
        return child(
            fn, args, kwargs, progress=progress, config=config, timeout=timeout, memory=memory
        )


def child(
    fn: Callable[..., Any],
    args: Sequence[Any] = (),
    kwargs: dict[str, Any] | None = None,
    *,
    progress: Callable[[int, int], None] | None = None,
    config: dict[str, Any] | None = None,
    timeout: float = TIMEOUT,
    memory: int | None = None,
) -> Any:
    """Always in a child process, whatever the mode: what `in_process` does when offloading.

    With `config` (from `app_config()`), `fn` runs in an app context of an app built from it.
    """
    request = {
        "target": (fn.__module__, fn.__qualname__),
        "args": tuple(args),
        "kwargs": dict(kwargs or {}),
        "progress": progress is not None,
        "config": config,
        "memory": memory,
    }
    payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
    process = subprocess.Popen(
        [sys.executable, "-m", "contest.offload"],
        cwd=str(ROOT),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=None,  # WeasyPrint's warnings go to the server's own log, as before
    )
    timer = threading.Timer(timeout, process.kill)
    timer.daemon = True
    timer.start()
    try:
        with contextlib.suppress(BrokenPipeError):  # it died at once: reported below
            process.stdin.write(payload)
            process.stdin.close()
        while True:
            frame = _read_frame(process.stdout)
            if frame is None:
                code = process.wait()
                why = f"timed out after {timeout:.0f} s" if timer.finished.is_set() else ""
                raise OffloadError(
                    f"document process {process.pid} ended without an answer (exit code "
                    f"{code}){'; ' + why if why else ''}"
                )
            kind, value = frame
            if kind == "progress":
                if progress is not None:
                    progress(*value)
            elif kind == "result":
                return value
            else:
                raise _rebuilt(*value)
    finally:
        timer.cancel()
        if process.poll() is None:
            process.kill()
        process.wait()  # reaped: no zombie
        for stream in (process.stdin, process.stdout):
            with contextlib.suppress(OSError):
                stream.close()


def _end_transaction() -> None:
    """Commit the caller's session before it waits: other requests run meanwhile.

    Holding a transaction across seconds of waiting keeps PostgreSQL locks and, on SQLite,
    a read snapshot that can no longer write once another request has committed ("database
    is locked" on the audit entry the route writes afterwards). The callers only read before
    building a document, so this commits nothing; their objects are reloaded when used again.
    (And a child reading the database sees what this request has seen.)
    """
    from flask import has_app_context

    if has_app_context():
        from contest.extensions import db

        session = db.session()
        if session.new or session.dirty or session.deleted:
            # A caller with unsaved changes would have them committed even if the build
            # then failed: build first, write afterwards.
            raise RuntimeError("offload: commit or discard pending changes before building")
        session.commit()


def app_config(*, database: bool) -> dict[str, Any]:
    """What the child's app needs to work like this one; never a message queue."""
    from flask import current_app

    copied = ("CONTEST_PUBLIC_URL", "BABEL_DEFAULT_LOCALE", "BABEL_DEFAULT_TIMEZONE")
    return {
        **{key: current_app.config[key] for key in copied if current_app.config.get(key)},
        "CONTEST_INSTANCE_PATH": current_app.instance_path,
        "SECRET_KEY": "document-process",  # it serves no request and signs nothing
        # Without `database`, never connected: the work gets plain values.
        "SQLALCHEMY_DATABASE_URI": (
            current_app.config["SQLALCHEMY_DATABASE_URI"] if database else "sqlite://"
        ),
        "CONTEST_ASYNC_MODE": "threading",
    }


def _read_frame(stream) -> tuple[str, Any] | None:
    header = stream.read(_HEADER)
    if len(header) < _HEADER:
        return None
    size = int.from_bytes(header, "big")
    body = stream.read(size)
    if len(body) < size:
        return None
    return pickle.loads(body)


def _rebuilt(module: str, qualname: str, args: tuple, state: dict, remote: str) -> BaseException:
    """The child's exception as the same class with the same arguments, where it imports.

    Not by unpickling it: that calls the class with its message as the first argument,
    which CertificateTooLong would wrap in its message a second time.
    """
    found: Any = None
    with contextlib.suppress(Exception):
        found = importlib.import_module(module)
        for part in qualname.split("."):
            found = getattr(found, part)
    if isinstance(found, type) and issubclass(found, Exception):
        error = found.__new__(found)
        error.args = args  # str(error) is the child's message, exactly
        error.__dict__.update(state)
    else:
        error = OffloadError(f"{module}.{qualname}: {args[0] if args else ''}")
    error.add_note(f"raised in the document process:\n{remote}")
    return error


# -- the child process ----------------------------------------------------------------------


def _serve_one() -> int:
    frames = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed goes to stderr, never into the frames
    with contextlib.suppress(OSError):
        os.nice(NICE)

    def send(kind: str, value: Any) -> None:
        body = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        frames.write(len(body).to_bytes(_HEADER, "big") + body)
        frames.flush()

    try:
        request = pickle.load(sys.stdin.buffer)
        if request.get("memory"):
            import resource

            # numpy (openpyxl imports it) starts a BLAS thread per core, each reserving
            # address space: under a cap that fails at random. This work needs none.
            for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
                os.environ[name] = "1"
            resource.setrlimit(resource.RLIMIT_AS, (request["memory"], request["memory"]))
        module, qualname = request["target"]
        fn: Any = importlib.import_module(module)
        for part in qualname.split("."):
            fn = getattr(fn, part)
        kwargs = request["kwargs"]
        if request["progress"]:
            kwargs["progress"] = lambda done, total: send("progress", (done, total))
        with contextlib.ExitStack() as stack:
            if request["config"] is not None:
                from contest import create_app
                from contest.extensions import db

                stack.enter_context(create_app(request["config"]).app_context())
                stack.callback(db.engine.dispose)  # say goodbye to the database server
                stack.callback(db.session.remove)
            result = fn(*request["args"], **kwargs)
    except Exception as error:
        args, state = error.args, vars(error)
        try:
            pickle.dumps((args, state))
        except Exception:
            args, state = (str(error),), {}
        kind = type(error)
        send("error", (kind.__module__, kind.__qualname__, args, state, traceback.format_exc()))
        return 1
    send("result", result)
    return 0


if __name__ == "__main__":
    raise SystemExit(_serve_one())
