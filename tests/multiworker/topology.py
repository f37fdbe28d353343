"""Several serve.py processes behind nginx, sharing PostgreSQL and a Redis message queue.

What deploy/README.md describes, on loopback: the nginx site is rendered from the same
template (`flask nginx-config`); only the paths of nginx's own files differ. Used by
tests/multiworker and by `python -m bench.fanout --workers 2`.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import requests
import sqlalchemy as sa

from tests.browser import server as live
from tests.services import POSTGRES_URL, REDIS_URL

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_MAIN = """\
daemon off;
master_process off;
worker_rlimit_nofile 65536;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 32768; }}
http {{
    access_log off;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/contest.conf;
}}
"""


def nginx_available() -> bool:
    return Path(NGINX).exists()


def own_database(base_url: str, suffix: str) -> str:
    """A PostgreSQL database of its own (created if missing), emptied for a fresh start."""
    url = sa.engine.make_url(base_url)
    name = f"{url.database}_{suffix}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}
        ).scalar()
        if not exists:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    own = url.set(database=name)
    engine = sa.create_engine(own)
    with engine.begin() as conn:
        conn.execute(sa.text("DROP SCHEMA public CASCADE"))
        conn.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return own.render_as_string(hide_password=False)


@dataclass
class Topology:
    url: str  # nginx: what browsers, phones and viewers use
    workers: list[live.LiveServer]
    nginx: subprocess.Popen
    database_url: str
    channel: str
    workdir: Path
    redis_url: str
    credentials: dict = field(default_factory=dict)

    def flask(self, *args: str) -> str:
        return self.workers[0].flask(*args)

    def presence_by_process(self) -> list[dict[str, int]]:
        """Each live process's connection counts, as it mirrors them into Redis."""
        import redis

        from contest.live.presence import SharedCounts

        client = redis.Redis.from_url(self.redis_url)
        try:
            return SharedCounts(client, self.channel).read()
        finally:
            client.close()

    def worker_log(self, index: int) -> str:
        return (self.workdir / f"w{index + 1}" / "server.log").read_text()

    def stop(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.nginx.terminate()
        try:
            self.nginx.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.nginx.kill()


def _start_nginx(workdir: Path, port: int, addresses: list[str]) -> subprocess.Popen:
    from contest.server.nginx_config import render

    nginx_dir = workdir / "nginx"
    nginx_dir.mkdir()
    (nginx_dir / "contest.conf").write_text(render(addresses, listen=f"127.0.0.1:{port}"))
    (nginx_dir / "nginx.conf").write_text(NGINX_MAIN.format(dir=nginx_dir))
    log = (nginx_dir / "stdout.log").open("w")
    process = subprocess.Popen(
        [
            NGINX,
            "-p",
            str(nginx_dir),
            "-c",
            str(nginx_dir / "nginx.conf"),
            "-e",
            str(nginx_dir / "nginx-error.log"),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError((nginx_dir / "nginx-error.log").read_text())
        try:
            if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1).ok:
                return process
        except requests.ConnectionError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("nginx did not start within 15 s")


def start(
    workdir: Path,
    *,
    workers: int = 2,
    database_url: str | None = None,
    redis_url: str = REDIS_URL,
    extra_env: dict[str, str] | None = None,
) -> Topology:
    """Migrate and load the demo once, then start the processes and nginx in front."""
    database_url = database_url or own_database(POSTGRES_URL, "multiworker")
    channel = f"contest-test-{uuid.uuid4().hex[:12]}"  # parallel runs never hear each other
    nginx_port = live.free_port()
    env = {
        "CONTEST_MESSAGE_QUEUE": redis_url,
        "CONTEST_MESSAGE_CHANNEL": channel,
        "CONTEST_TRUSTED_PROXIES": "1",
        "CONTEST_PUBLIC_URL": f"http://127.0.0.1:{nginx_port}",
        "CONTEST_INSTANCE_PATH": str(workdir),
        **(extra_env or {}),
    }
    started: list[live.LiveServer] = []
    try:
        for index in range(workers):
            own = workdir / f"w{index + 1}"
            own.mkdir()
            started.append(live.start(database_url, own, extra_env=env))
            if index == 0:
                started[0].flask("db", "upgrade")
                started[0].flask("demo", "--if-empty")
        addresses = [w.url.removeprefix("http://") for w in started]
        nginx = _start_nginx(workdir, nginx_port, addresses)
    except BaseException:
        for worker in started:
            worker.stop()
        raise
    topology = Topology(
        f"http://127.0.0.1:{nginx_port}", started, nginx, database_url, channel, workdir, redis_url
    )
    topology.credentials = json.loads((workdir / "demo-credentials.json").read_text())
    return topology
