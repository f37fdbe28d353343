"""Seed a live server's database (python -m tests.national.browser_seed, with the server's
environment): the national world on the demo contest loaded by `flask demo`."""

from __future__ import annotations

import sqlalchemy as sa

from contest import create_app
from contest.extensions import db
from contest.models import Contest
from tests.national import world


def main() -> None:
    app = create_app()
    with app.app_context():
        demo = db.session.scalar(sa.select(Contest).order_by(Contest.id).limit(1))
        world.build(demo)


if __name__ == "__main__":
    main()
