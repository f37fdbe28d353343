"""`flask links` / `judge-links` print the address the server uses, and the demo's passwords
only for the demo."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from contest import config
from contest.extensions import db
from contest.models import Contest, Judge
from tests.browser import server as live


def _bare_flask(instance, *args: str) -> subprocess.CompletedProcess:
    """A `flask` command from a shell with nothing set but where the instance folder is."""
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "contest", *args],
        env={"CONTEST_INSTANCE_PATH": str(instance)},
        cwd=live.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def running(tmp_path):
    """serve.py on a random port with its own instance folder and the default SQLite there.

    CONTEST_PUBLIC_URL is left empty, so the server's address is the one it binds.
    """
    instance = tmp_path / "instance"
    instance.mkdir()
    server = live.start(
        f"sqlite:///{instance / 'contest.sqlite3'}",
        tmp_path,
        extra_env={"CONTEST_INSTANCE_PATH": str(instance), "CONTEST_PUBLIC_URL": ""},
    )
    server.flask("db", "upgrade")
    server.flask("demo", "--if-empty")
    yield server, instance
    server.stop()


def test_judge_links_from_a_bare_shell_are_the_running_servers(running):
    server, instance = running
    assert not server.url.endswith(":5000")

    result = _bare_flask(instance, "judge-links")

    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 9
    for line in lines:
        _name, url = line.split("\t")
        assert url.startswith(server.url + "/j/"), url
        opened = requests.get(url, allow_redirects=False, timeout=10)
        assert (opened.status_code, opened.headers["Location"]) == (302, "/judge/")
    stored = json.loads((instance / "public-url.json").read_text())
    assert stored["url"] == server.url


def test_links_before_any_server_say_they_use_the_default(tmp_path):
    instance = tmp_path / "instance"
    assert _bare_flask(instance, "db", "upgrade").returncode == 0
    assert _bare_flask(instance, "demo").returncode == 0

    result = _bare_flask(instance, "judge-links")

    assert result.returncode == 0
    assert result.stderr == (
        "服务器尚未启动过，链接按默认地址 http://127.0.0.1:5000 生成；"
        "启动服务器（make run 或 python serve.py）后重新运行，"
        "或设置 CONTEST_PUBLIC_URL 为评委手机能访问的地址\n"
    )
    assert all(
        line.split("\t")[1].startswith("http://127.0.0.1:5000/j/")
        for line in result.stdout.strip().splitlines()
    )


@pytest.mark.parametrize(
    ("environment", "stored", "expected"),
    [
        (
            {"CONTEST_PUBLIC_URL": "http://192.168.1.20:8000/"},
            "http://127.0.0.1:5555",
            (
                "http://192.168.1.20:8000",
                "environment",
            ),
        ),
        ({"CONTEST_PORT": "6000"}, "http://127.0.0.1:5555", ("http://127.0.0.1:5555", "server")),
        ({"CONTEST_PORT": "6000"}, None, ("http://127.0.0.1:6000", "default")),
        ({}, "not a url", ("http://127.0.0.1:5000", "default")),
    ],
)
def test_public_url_prefers_environment_then_server_then_default(
    monkeypatch, tmp_path, environment, stored, expected
):
    for name in ("CONTEST_PUBLIC_URL", "CONTEST_PORT", "CONTEST_HOST"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    if stored is not None:
        config.remember_public_url(stored, tmp_path)

    assert config.public_url(tmp_path) == expected


@pytest.mark.parametrize(
    ("host", "port", "expected"),
    [
        ("0.0.0.0", "8080", "http://127.0.0.1:8080"),
        ("192.168.1.20", "5000", "http://192.168.1.20:5000"),
        ("::1", "5001", "http://[::1]:5001"),
        ("", "", "http://127.0.0.1:5000"),
    ],
)
def test_served_url_is_the_address_serve_binds(monkeypatch, host, port, expected):
    monkeypatch.delenv("CONTEST_PUBLIC_URL", raising=False)
    monkeypatch.setenv("CONTEST_HOST", host)
    monkeypatch.setenv("CONTEST_PORT", port)

    assert config.served_url() == expected


def test_links_print_demo_passwords_only_for_the_demo(runner, app):
    loaded = runner.invoke(args=["demo"])
    assert loaded.exit_code == 0
    demo = db.session.scalar(sa.select(Contest).where(Contest.is_demo.is_(True)))
    real = Contest(name="2026年上海市质量信得过班组建设经验发表赛（正式）", year=2026)
    db.session.add(real)
    db.session.commit()
    passwords = json.loads((Path(app.instance_path) / "demo-credentials.json").read_text())

    for_demo = runner.invoke(args=["links", "--contest", str(demo.id)])
    for_real = runner.invoke(args=["links", "--contest", str(real.id)])

    assert for_demo.exit_code == 0
    shown = [line.strip() for line in for_demo.output.splitlines() if "演示账号" in line]
    assert shown == [f"演示账号 {user} / 密码 {word}" for user, word in passwords.items()]
    assert len(shown) == 2
    assert for_real.exit_code == 0
    assert "演示账号" not in for_real.output
    assert all(word not in for_real.output for word in passwords.values())
    assert "这场比赛还没有评委：先在 管理后台 → 导入评委 导入评委名单" in for_real.output


def test_links_for_server_use_the_address_serve_will_bind(runner, demo, monkeypatch):
    monkeypatch.delenv("CONTEST_PUBLIC_URL", raising=False)
    monkeypatch.setenv("CONTEST_PORT", "8123")
    monkeypatch.delenv("CONTEST_HOST", raising=False)

    output = runner.invoke(args=["links", "--for-server"]).output

    key = db.session.scalar(sa.select(Judge.access_key).where(Judge.number == 1))
    assert f"http://127.0.0.1:8123/j/{key}" in output
    assert "http://contest.test" not in output
    # The season's two doors: the secretariat's page and the channels' sign-in.
    assert "在线申报（秘书处）          http://127.0.0.1:8123/admin/season/" in output
    assert "在线申报（申报单位登录）    http://127.0.0.1:8123/apply/login" in output
