"""The nginx site for several processes, rendered from deploy/nginx/contest.conf.j2."""

from __future__ import annotations

import pytest

from contest.server.nginx_config import render, workers_from


def test_each_process_gets_a_pinned_group_with_the_others_as_backups():
    site = render(["127.0.0.1:5001", "127.0.0.1:5002"], listen="8080", server_name="score.test")
    assert '"w1" contest_w1;' in site and '"w2" contest_w2;' in site
    w1 = site.split("upstream contest_w1 {")[1].split("}")[0]
    assert "server 127.0.0.1:5001 max_fails=1 fail_timeout=5s;" in w1
    assert "server 127.0.0.1:5002 backup;" in w1
    assert (
        '"~(^|[ ,])127\\.0\\.0\\.1:5002$" "contest_node=w2; Path=/; HttpOnly; SameSite=Lax";'
        in site
    )
    assert "listen 8080;" in site and "server_name score.test;" in site
    assert "Secure" not in site
    assert "; Secure" in render(["127.0.0.1:5001"], secure=True)


@pytest.mark.parametrize(
    ("addresses", "message"),
    [
        ([], "至少需要一个服务进程地址"),
        (
            ["localhost:5001"],
            "服务进程地址格式不对（应为 IP:端口，如 127.0.0.1:5001）：localhost:5001",
        ),
        (["127.0.0.1:5001", "127.0.0.1:5001"], "服务进程地址有重复"),
        (
            ["127.0.0.1:5001; evil"],
            "服务进程地址格式不对（应为 IP:端口，如 127.0.0.1:5001）：127.0.0.1:5001; evil",
        ),
    ],
)
def test_addresses_nginx_could_not_pin_are_refused_in_chinese(addresses, message):
    with pytest.raises(ValueError) as refused:
        workers_from(addresses)
    assert str(refused.value) == message


def test_the_command_prints_the_site_or_the_reason(runner):
    printed = runner.invoke(args=["nginx-config", "--worker", "127.0.0.1:5001"])
    assert printed.exit_code == 0 and "upstream contest_w1 {" in printed.output
    refused = runner.invoke(args=["nginx-config", "--worker", "web1:5001"])
    assert refused.exit_code == 1
    assert "服务进程地址格式不对（应为 IP:端口，如 127.0.0.1:5001）：web1:5001" in refused.output


def test_slow_idle_and_crowding_clients_are_let_go():
    site = render(["127.0.0.1:5001"], static_root="/opt/contest/static")
    http_level = site.split("server {")[0]
    assert "limit_conn_zone $binary_remote_addr zone=contest_per_address:10m;" in http_level
    server = site.split("server {")[1]
    for line in (
        "client_header_timeout 10s;",
        "client_body_timeout 30s;",
        "send_timeout 30s;",
        "keepalive_timeout 75s;",
        "limit_conn contest_per_address 300;",
        "limit_conn_status 503;",
    ):
        assert f"\n    {line}\n" in server, line
    static = server.split("location /static/ {")[1].split("}")[0]
    assert "add_header X-Content-Type-Options nosniff always;" in static
