"""CSRF: every POST route, asked by someone it would serve, refuses a missing or foreign token."""

from __future__ import annotations

import pytest

from tests.security.identities import (
    IDENTITIES,
    applicant_world,
    clerk_and_supervisor,
    fingerprint,
    identity,
    second_venue,
)
from tests.security.routes import calls, refusal, send

HTML_MESSAGE = "页面已过期或表单无效，请刷新页面后重试"


def _served_by(call) -> str:
    """The first identity (least privileged first) the route lets in."""
    return next(who for who in IDENTITIES if refusal(call, who) is None)


def _is_csrf_refusal(response, path: str) -> bool:
    if response.status_code != 400:
        return False
    if path.startswith("/api/"):
        return response.get_json() == {"error": "csrf", "message": HTML_MESSAGE}
    return HTML_MESSAGE in response.get_data(as_text=True)


@pytest.fixture
def people(app, staff, demo):
    second_venue(demo)
    clerk_and_supervisor()
    applicant_world()
    return {who: identity(app, who) for who in IDENTITIES}


def test_every_post_without_its_sessions_token_is_refused_and_writes_nothing(app, demo, people):
    posts = [c for c in calls(app, demo) if c.method == "POST"]
    assert len(posts) > 20
    before = fingerprint()
    wrong = []
    for call in posts:
        person = people[_served_by(call)]
        stranger = people["judge" if person.name == "anonymous" else "anonymous"]
        for token in (None, "", stranger.csrf):
            response = send(person.client(app), call, demo, token)
            if not _is_csrf_refusal(response, call.path):
                wrong.append(f"{call.path} token={token!r} -> {response.status_code}")
    assert wrong == []
    assert fingerprint() == before
    # The same requests with the session's own token get past the check (so the token, and
    # nothing else, was what the refusals above were about).
    for call in posts:
        person = people[_served_by(call)]
        response = send(person.client(app), call, demo, person.csrf)
        if _is_csrf_refusal(response, call.path) or response.status_code >= 500:
            wrong.append(f"{call.path} with its token -> {response.status_code}")
    assert wrong == []
    assert fingerprint() != before
