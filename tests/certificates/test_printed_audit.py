"""`certificate.printed` is written when the batch's PDF is done, with every number in it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from tests.certificates import give_awards, need_pdf_tools
from tests.certificates.test_routes import _post, _wait
from tests.conftest import sign_in


def _printed() -> list[AuditEntry]:
    db.session.rollback()  # see what the background job committed
    query = sa.select(AuditEntry).where(AuditEntry.action == "certificate.printed")
    return list(db.session.scalars(query))


def test_batch_print_is_audited_when_the_pdf_is_done(client, staff, demo):
    need_pdf_tools()
    give_awards(demo, 12)
    sign_in(client, "admin")
    response = _post(client, demo, "/batch")
    token = parse_qs(urlparse(response.headers["Location"]).query)["job"][0]
    state = client.get(f"/admin/contests/{demo.id}/certificates/job/{token}").get_json()
    if not state["ready"]:
        assert _printed() == []  # twelve certificates take longer than one request
    assert _wait(client, demo, token)["ready"] is True
    entries = _printed()
    assert [e.data for e in entries] == [
        {"certificates": [f"SQA-2026-{n:03d}" for n in range(1, 13)]}
    ]
    assert entries[0].actor == f"staff:{staff['admin'].id}"
