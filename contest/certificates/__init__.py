"""Certificates (荣誉证书): numbering, the staff-edited template, PDF and public verification.

- numbering: `SQA-2026-001`-style numbers, assigned once and audited;
- template: the settings section "certificate" (title, wording with placeholders, issuer,
  date, number prefix, national line, background image);
- render: one A4-landscape PDF page per awarded team, the batch as one PDF;
- verify: what the public page /verify/<number> may show (only what the certificate prints).

This module itself runs batch jobs: a batch is laid out in a background task, chunk by
chunk (in a child process under gevent: contest.offload), so the staff page can show real
progress; the finished PDF waits in the instance folder. Progress lives in this process's
memory: behind several processes, sticky sessions (which the live screens need anyway) bring
the page back to the process running its job.
"""

from __future__ import annotations

import contextlib
import secrets
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

    from contest.certificates.render import Certificate

KEEP_SECONDS = 3600  # finished batches are deleted after an hour
FAILED = "生成证书失败，请重试或联系技术支持"


@dataclass
class Job:
    token: str
    contest_id: int
    total: int
    filename: str
    folder: Path
    done: int = 0
    ready: bool = False
    error: str = ""
    started: float = field(default_factory=time.monotonic)

    @property
    def path(self) -> Path:
        return self.folder / f"{self.token}.pdf"

    def as_json(self) -> dict[str, object]:
        return {"done": self.done, "total": self.total, "ready": self.ready, "error": self.error}


_JOBS: dict[str, Job] = {}
_JOBS_LOCK = threading.Lock()


def start_batch(
    app: Flask,
    contest_id: int,
    certs: Sequence[Certificate],
    values: dict[str, str],
    *,
    filename: str,
    actor: str,
) -> Job:
    """Lay the certificates out in the background; poll `job(token)` for progress.

    `certificate.printed` is audited once the PDF is written, not when the batch starts.
    """
    from contest.extensions import socketio

    folder = Path(app.instance_path) / "certificates" / "batches"
    folder.mkdir(parents=True, exist_ok=True)
    _prune(folder)
    job = Job(secrets.token_urlsafe(16), contest_id, len(certs), filename, folder)
    with _JOBS_LOCK:
        _JOBS[job.token] = job
    socketio.start_background_task(_run, app, job, list(certs), dict(values), actor)
    return job


def job(token: str, contest_id: int) -> Job | None:
    with _JOBS_LOCK:
        found = _JOBS.get(token)
    return found if found is not None and found.contest_id == contest_id else None


def _run(
    app: Flask, job: Job, certs: list[Certificate], values: dict[str, str], actor: str
) -> None:
    from contest import offload
    from contest.certificates.render import CertificateTooLong, render_pdf
    from contest.extensions import socketio
    from contest.fonts import MissingFontError

    def progress(done: int, _total: int) -> None:
        job.done = done
        socketio.sleep(0)  # under gevent, let the live screens run between chunks

    with app.app_context():
        try:
            # Laid out in a child process under gevent: the live screens keep running.
            pdf = offload.in_process(render_pdf, certs, values, progress=progress, app_context=True)
            job.path.write_bytes(pdf)
            _audit_printed(job, certs, actor)
            job.ready = True
        except (MissingFontError, CertificateTooLong) as error:
            job.error = str(error)
        except Exception:
            app.logger.exception("certificate batch %s failed", job.token)
            job.error = FAILED


def _audit_printed(job: Job, certs: list[Certificate], actor: str) -> None:
    from contest.transactions import atomic

    atomic(lambda: record_printed(job.contest_id, certs, actor=actor))


def record_printed(contest_id: int, certs: Sequence[Certificate], *, actor: str) -> None:
    """Audit the print and keep the names each certificate now carries (for 需重印)."""
    from contest import audit
    from contest.certificates.reprint import mark_printed

    mark_printed(printed=[(c.team_id, c.company, c.team) for c in certs])
    audit.record(
        "certificate.printed",
        actor=actor,
        subject=f"contest:{contest_id}",
        data={"certificates": [c.number for c in certs]},
        contest_id=contest_id,
    )


def _prune(folder: Path) -> None:
    """Forget batches older than KEEP_SECONDS, and delete their files (from any run)."""
    now = time.monotonic()
    with _JOBS_LOCK:
        for token in [t for t, j in _JOBS.items() if now - j.started > KEEP_SECONDS]:
            _JOBS.pop(token).path.unlink(missing_ok=True)
    for path in folder.glob("*.pdf"):
        with contextlib.suppress(OSError):  # another request may have removed it already
            if time.time() - path.stat().st_mtime > KEEP_SECONDS:
                path.unlink()
