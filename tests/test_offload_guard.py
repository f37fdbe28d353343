"""A build in a child process never commits changes its caller had not saved."""

from __future__ import annotations

import pytest

from contest import offload
from contest.extensions import db
from contest.models import Team


def test_pending_changes_refuse_the_build_and_stay_unsaved(app, demo):
    team = db.session.get(Team, 1)
    original = team.team_name
    team.team_name = "未保存的名称"
    with pytest.raises(RuntimeError, match="pending changes"):
        offload._end_transaction()
    db.session.rollback()
    assert db.session.get(Team, 1).team_name == original


def test_a_clean_session_ends_its_transaction(app, demo):
    db.session.get(Team, 1)
    offload._end_transaction()
    assert not db.session().in_transaction()
