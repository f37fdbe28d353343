"""The models keep names byte-for-byte, decimals exactly, and refuse duplicates."""

from __future__ import annotations

from datetime import UTC
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import Contest, ScoreSubmission, Team, Venue
from tests.factories import judges_of, marks_totalling, submit, team_at


def test_team_names_round_trip_exactly(app):
    contest = Contest(name="测试赛", year=2026)
    company = "上海某某（集团）有限公司(浦东)  分公司"  # mixed brackets, doubled space: kept
    team = Team(contest=contest, company_name=company, team_name="质检\u3000一班<b>&amp;")
    db.session.add_all([contest, team])
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(sa.select(Team))
    assert stored.company_name == company
    assert stored.team_name == "质检\u3000一班<b>&amp;"


def test_exact_decimals_round_trip(app, demo):
    team, judge = team_at(demo, 1), judges_of(demo)[0]
    submit(team, judge, ["14.5", "13", "22.5", "12.5", "17.5", "8.5"])
    db.session.commit()
    db.session.expire_all()
    stored = db.session.scalar(sa.select(ScoreSubmission))
    assert stored.total == Decimal("88.5")
    assert [m.value for m in sorted(stored.marks, key=lambda m: m.item.position)] == [
        Decimal("14.5"),
        Decimal("13"),
        Decimal("22.5"),
        Decimal("12.5"),
        Decimal("17.5"),
        Decimal("8.5"),
    ]


def test_float_scores_are_refused(app, demo):
    team, judge = team_at(demo, 1), judges_of(demo)[0]
    with pytest.raises((TypeError, sa.exc.StatementError)):
        submission = submit(team, judge, marks_totalling("90"))
        submission.total = 90.5
        db.session.flush()
    db.session.rollback()


def test_timestamps_come_back_in_utc(app, demo):
    db.session.expire_all()
    contest = db.session.get(Contest, demo.id)
    assert contest.created_at.tzinfo is not None
    assert contest.created_at.utcoffset() == UTC.utcoffset(None)


def test_duplicate_team_is_refused(app, demo):
    team = team_at(demo, 1)
    db.session.add(
        Team(contest_id=demo.id, company_name=team.company_name, team_name=team.team_name)
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_same_submission_version_twice_is_refused(app, demo):
    team, judge = team_at(demo, 1), judges_of(demo)[0]
    submit(team, judge, marks_totalling("90"), version=1)
    with pytest.raises(sa.exc.IntegrityError):
        submit(team, judge, marks_totalling("91"), version=1)
    db.session.rollback()


def test_venue_names_are_unique_within_a_contest(app, demo):
    db.session.add(Venue(contest_id=demo.id, name=demo.venues[0].name))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_each_areas_models_import_first_in_a_fresh_interpreter():
    """A seed or a script may import an area's models before anything else: no import cycle
    (contest/national/models.py once imported the season's classes at module level)."""
    import subprocess
    import sys

    modules = ("contest.season.models", "contest.review.models", "contest.publicity.models",
               "contest.national.models", "contest.review.outcomes", "contest.models")  # fmt: skip
    for module in modules:
        code = f"import {module}; import sqlalchemy.orm as o; o.configure_mappers()"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60)  # fmt: skip
        assert done.returncode == 0, (module, done.stderr[-500:])
