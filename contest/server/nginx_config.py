"""The nginx site for several server processes, rendered from deploy/nginx/contest.conf.j2.

The test of the multi-process topology renders the same template, so what the deployment
guide tells people to install is what was tested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from contest.config import ROOT

TEMPLATE = ROOT / "deploy" / "nginx" / "contest.conf.j2"
# IP:port or a unix socket: nginx's $upstream_addr holds the resolved address, and the
# pinning cookie is chosen by matching it, so a host name would never match.
_ADDRESS = re.compile(
    r"^(\d{1,3}\.){3}\d{1,3}:\d{1,5}$|^\[[0-9a-fA-F:]+\]:\d{1,5}$|^unix:/[^\s;]+$"
)


@dataclass(frozen=True)
class Worker:
    name: str
    address: str  # host:port (or unix:/path) of one `serve.py` process


def workers_from(addresses: list[str]) -> list[Worker]:
    """Name the processes w1, w2, … in the order given; reject what nginx would choke on."""
    if len(addresses) < 1:
        raise ValueError("至少需要一个服务进程地址")
    bad = [a for a in addresses if not _ADDRESS.match(a)]
    if bad:
        raise ValueError(
            f"服务进程地址格式不对（应为 IP:端口，如 127.0.0.1:5001）：{', '.join(bad)}"
        )
    if len(set(addresses)) != len(addresses):
        raise ValueError("服务进程地址有重复")
    return [Worker(f"w{i}", address) for i, address in enumerate(addresses, start=1)]


def render(
    addresses: list[str],
    *,
    listen: str = "80",
    server_name: str = "_",
    static_root: str | None = None,
    secure: bool = False,
) -> str:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE.parent)),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )
    return env.get_template(TEMPLATE.name).render(
        workers=workers_from(addresses),
        listen=listen,
        server_name=server_name,
        static_root=static_root,
        secure=secure,
    )
