"""Run the real server (serve.py, gevent) on a free port with its own database, for browsers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.services import CHEAP_HASH

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveServer:
    url: str
    env: dict[str, str]
    process: subprocess.Popen

    def flask(self, *args: str) -> str:
        """Run a `flask --app contest` command against this server's database."""
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "contest", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start(
    database_url: str,
    workdir: Path,
    *,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
    preexec_fn=None,
) -> LiveServer:
    """serve.py on a free port, or on `port` to restart a server where its clients expect it.

    `preexec_fn` runs in the child before serve.py starts (to lower its descriptor limit).
    """
    port = port or free_port()
    env = {
        **os.environ,
        "CONTEST_DATABASE_URL": database_url,
        "CONTEST_SECRET_KEY": "browser-test",
        "CONTEST_PORT": str(port),
        "CONTEST_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "CONTEST_ASYNC_MODE": "gevent",
        "CONTEST_PASSWORD_METHOD": CHEAP_HASH,
        **(extra_env or {}),
    }
    log = (workdir / "server.log").open("a")  # a restart's log follows the first run's
    process = subprocess.Popen(
        [sys.executable, "serve.py"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=preexec_fn,
    )
    server = LiveServer(f"http://127.0.0.1:{port}", env, process)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((workdir / "server.log").read_text())
        try:
            if requests.get(server.url + "/healthz", timeout=1).ok:
                return server
        except requests.ConnectionError:
            time.sleep(0.2)
    server.stop()
    raise RuntimeError("server did not start within 30 s")
