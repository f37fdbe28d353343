"""Commit, add witnesses, draw, and everything a checker needs. Callers commit."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from contest import audit
from contest.day.stage import StageRefused
from contest.extensions import db
from contest.fairdraw.models import DrawCommit, DrawWitness
from contest.models import Team, Venue

VERSION = "fairdraw-v1"
MAX_WITNESSES = 20
NAME_LENGTH = 20
ENTROPY_LENGTH = 64


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def final_seed(secret: str, entropies: list[str]) -> str:
    """The seed of the shuffle: the secret and every witness's text, in the order added."""
    return sha256_hex("\n".join([VERSION, secret, *entropies]))


def open_commit(venue_id: int) -> DrawCommit | None:
    """The venue's published commitment not yet used by a draw."""
    return db.session.scalar(
        sa.select(DrawCommit)
        .where(DrawCommit.venue_id == venue_id, DrawCommit.draw_id.is_(None))
        .order_by(DrawCommit.id.desc())
        .limit(1)
    )


def latest(venue_id: int) -> DrawCommit | None:
    return db.session.scalar(
        sa.select(DrawCommit)
        .where(DrawCommit.venue_id == venue_id)
        .order_by(DrawCommit.id.desc())
        .limit(1)
    )


def commit(venue: Venue, *, actor: str) -> DrawCommit:
    """The server draws a secret and publishes its hash (before any draw of the venue)."""
    from contest.day.running_order import latest_draw

    if latest_draw(venue.id) is not None:
        raise StageRefused("drawn", _("本分会场已经抽签"))
    existing = open_commit(venue.id)
    if existing is not None:
        return existing
    secret = secrets.token_hex(32)
    row = DrawCommit(
        contest_id=venue.contest_id,
        venue_id=venue.id,
        secret=secret,
        commitment=sha256_hex(secret),
        created_by=actor[:40],
    )
    db.session.add(row)
    db.session.flush()
    audit.record(
        "draw.committed",
        actor=actor,
        subject=f"venue:{venue.id}",
        contest_id=venue.contest_id,
        data={"commitment": row.commitment},
    )
    from contest.day.stage import set_scene
    from contest.models import Scene

    set_scene(venue, Scene.DRAW, actor=actor)  # the hall display shows the commitment
    return row


def _clean(text: object, limit: int) -> str:
    return " ".join(str(text or "").split())[:limit] if isinstance(text, str) else ""


def add_witness(
    venue: Venue,
    *,
    name: object,
    entropy: object,
    via: str,
    actor: str,
    data_url: str | None = None,
) -> DrawWitness:
    """A witness's random text, before the draw; from a phone it is signed."""
    row = open_commit(venue.id)
    if row is None:
        raise StageRefused("no_commit", _("抽签承诺尚未公布，或已经抽签；请向主持人确认"))
    name_text, entropy_text = _clean(name, NAME_LENGTH), _clean(entropy, ENTROPY_LENGTH)
    if not name_text:
        raise StageRefused("need_name", _("请填写监督人姓名"))
    if not entropy_text:
        raise StageRefused("need_entropy", _("请填写随机数（任意数字或文字，最多 64 个字符）"))
    if len(row.witnesses) >= MAX_WITNESSES:
        raise StageRefused("too_many", _("监督人已满 %(n)s 位", n=MAX_WITNESSES))
    witness = DrawWitness(commit_id=row.id, name=name_text, entropy=entropy_text, via=via)
    db.session.add(witness)
    db.session.flush()
    if via == "phone":
        from contest.signatures import store

        signed = store.record(
            contest_id=venue.contest_id,
            signer_kind="witness",
            signer_id=None,
            signer_name=name_text,
            purpose="draw_witness",
            subject=f"drawcommit:{row.id}",
            payload={"commitment": row.commitment, "name": name_text, "entropy": entropy_text},
            data_url=data_url,
            actor=actor,
        )
        witness.signature_id = signed.id
    audit.record(
        "draw.witnessed",
        actor=actor,
        subject=f"venue:{venue.id}",
        contest_id=venue.contest_id,
        data={"commitment": row.commitment, "name": name_text, "entropy": entropy_text},
    )
    from contest.live import feed

    feed.bump(venue.id)
    db.session.refresh(row)
    return witness


def draw(venue: Venue, *, actor: str, staff, expected_version: int | None):
    """The draw from the open commitment: the secret revealed, the seed computed, the order."""
    from contest.day.running_order import draw_lots

    row = open_commit(venue.id)
    if row is None:
        raise StageRefused("no_commit", _("没有已公布的抽签承诺"))
    seed = final_seed(row.secret, [w.entropy for w in row.witnesses])
    names = "、".join(w.name for w in row.witnesses)
    record = draw_lots(
        venue, seed, witnesses=names, actor=actor, staff=staff, expected_version=expected_version
    )
    db.session.flush()
    row.draw_id = record.id
    row.seed = seed
    audit.record(
        "draw.revealed",
        actor=actor,
        subject=f"venue:{venue.id}",
        contest_id=venue.contest_id,
        data={"commitment": row.commitment, "secret": row.secret, "seed": seed},
    )
    return record


def for_screens(venue_id: int) -> dict[str, Any] | None:
    """What the hall display and the console show of an open commitment (never the secret)."""
    row = open_commit(venue_id)
    if row is None:
        return None
    return {
        "commitment": row.commitment,
        "witnesses": [{"name": w.name, "entropy": w.entropy, "via": w.via} for w in row.witnesses],
    }


def record_of(venue: Venue) -> dict[str, Any] | None:
    """Everything a checker needs: the commitment, the witnesses, then the secret, the
    seed, the entrants (ascending id, as the shuffle takes them) and the order."""
    row = latest(venue.id)
    if row is None:
        return None
    drawn = row.draw_id is not None
    out: dict[str, Any] = {
        "version": VERSION,
        "venue": venue.name,
        "commitment": row.commitment,
        "committed_at": row.created_at.isoformat(),
        "witnesses": [
            {"name": w.name, "entropy": w.entropy, "via": w.via, "signature_id": w.signature_id}
            for w in row.witnesses
        ],
        "drawn": drawn,
    }
    if drawn:
        from contest.day.running_order import latest_draw

        record = latest_draw(venue.id)
        teams = {
            t.id: t for t in db.session.scalars(sa.select(Team).where(Team.venue_id == venue.id))
        }

        def card(team_id: int) -> dict[str, Any]:
            team = teams.get(team_id)
            return {
                "id": team_id,
                "company_name": team.company_name if team else "",
                "team_name": team.team_name if team else "",
            }

        out.update(
            secret=row.secret,
            seed=row.seed,
            algorithm=record.algorithm,
            entrants=[card(i) for i in record.entrants],
            order=[card(i) for i in record.order],
            drawn_at=record.drawn_at.isoformat(),
        )
    return out
