"""Signatures: the ink is checked, bound to the hash of what was signed, never edited."""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal

import pytest
import sqlalchemy as sa

from contest.extensions import db
from contest.models import AuditEntry
from contest.signatures.digest import canonical, digest
from contest.signatures.image import SignatureRefused, decode_png
from contest.signatures.models import Signature
from contest.signatures.store import current, record, supersede, verify
from tests.signatures.ink import data_url, png

SHEET = {"judge": 3, "teams": [{"team": "丙烯酸装置运行三班", "total": Decimal("85.50")}]}


def test_the_hash_is_of_the_canonical_form_names_and_exact_decimals_kept():
    assert canonical({"b": Decimal("85.50"), "a": "丙烯酸装置运行三班"}) == (
        '{"a":"丙烯酸装置运行三班","b":"85.50"}'.encode()
    )
    assert digest({"b": Decimal("85.50"), "a": "x"}) == digest({"a": "x", "b": Decimal("85.50")})
    assert digest({"total": Decimal("85.50")}) != digest({"total": Decimal("85.5")})
    assert digest(SHEET) == hashlib.sha256(canonical(SHEET)).hexdigest()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "请先在签名框内用手指（或鼠标）签名，再提交"),
        ("data:image/jpeg;base64,AAAA", "签名图像无法识别，请清除后重新签名"),
        ("data:image/png;base64,@@@@", "签名图像无法识别，请清除后重新签名"),
        (
            "data:image/png;base64," + base64.b64encode(b"GIF89a" * 10).decode(),
            "签名图像无法识别，请清除后重新签名",
        ),
        (data_url(png(stroke=False)), "签名框内几乎没有笔迹，请用手指写下您的姓名后再提交"),
        (data_url(png(3000, 100)), "签名图像尺寸异常，请清除后重新签名"),
        ("data:image/png;base64," + "A" * 400_000, "签名图像过大，请清除后重新签名"),
    ],
)
def test_ink_that_is_not_a_signature_is_refused_saying_what_to_do(app, text, message):
    with app.test_request_context(), pytest.raises(SignatureRefused) as refused:
        decode_png(text)
    assert str(refused.value) == message


def test_a_png_whose_header_lies_about_its_size_is_refused_before_its_pixels(app):
    data = bytearray(png())
    data[16:24] = (100_000).to_bytes(4, "big") + (100_000).to_bytes(4, "big")
    with app.test_request_context(), pytest.raises(SignatureRefused) as refused:
        decode_png(data_url(bytes(data)))
    assert str(refused.value) == "签名图像尺寸异常，请清除后重新签名"


def test_a_signature_is_bound_to_the_hash_of_what_was_signed_and_superseded_not_edited(app, demo):
    with app.test_request_context(headers={"User-Agent": "Phone/1.0"}):
        contest_id = demo.id
        first = record(
            contest_id=contest_id,
            signer_kind="judge",
            signer_id=3,
            signer_name="评委3",
            purpose="judge_sheet",
            subject="venue:1:judge:3",
            payload=SHEET,
            data_url=data_url(),
            actor="judge:3",
        )
        db.session.commit()
        assert first.subject_hash == digest(SHEET)
        assert first.device == "Phone/1.0"
        assert first.image == png()
        assert verify(first, SHEET)
        changed = {**SHEET, "teams": [{"team": "丙烯酸装置运行三班", "total": Decimal("86.00")}]}
        assert not verify(first, changed)

        assert (
            supersede(contest_id, "judge_sheet", "venue:1:judge:3", reason="更正", actor="admin")
            == 1
        )
        second = record(
            contest_id=contest_id,
            signer_kind="judge",
            signer_id=3,
            signer_name="评委3",
            purpose="judge_sheet",
            subject="venue:1:judge:3",
            payload=changed,
            data_url=data_url(),
            actor="judge:3",
        )
        db.session.commit()
        assert current(contest_id, "judge_sheet", "venue:1:judge:3") == [second]
        kept = db.session.get(Signature, first.id)
        assert kept.superseded_reason == "更正"
        assert verify(kept, SHEET)  # the old signature still proves the old version
        actions = db.session.scalars(
            sa.select(AuditEntry.action)
            .where(AuditEntry.action.like("signature.%"))
            .order_by(AuditEntry.id)
        ).all()
        assert actions == ["signature.signed", "signature.superseded", "signature.signed"]


def test_signing_again_supersedes_the_signers_own_earlier_signature_only(app, demo):
    with app.test_request_context():
        kwargs = dict(contest_id=1, purpose="countersign", subject="team:1", payload={"t": 1})
        judge = record(
            signer_kind="judge",
            signer_id=1,
            signer_name="评委1",
            data_url=data_url(),
            actor="judge:1",
            **kwargs,
        )
        boss = record(
            signer_kind="supervisor",
            signer_id=9,
            signer_name="监督",
            data_url=data_url(),
            actor="staff:9",
            **kwargs,
        )
        again = record(
            signer_kind="judge",
            signer_id=1,
            signer_name="评委1",
            data_url=data_url(),
            actor="judge:1",
            **kwargs,
        )
        db.session.commit()
        assert current(1, "countersign", "team:1") == [boss, again]
        assert judge.superseded_reason == "重新签名"
