"""The organiser's logo on the hall's welcome scene: uploaded, checked, served, removed."""

from __future__ import annotations

import io
import re

import sqlalchemy as sa
from PIL import Image

from contest.extensions import db
from contest.models import AuditEntry, Contest
from contest.settings import merged
from tests.conftest import sign_in


def _png(width: int = 120, height: int = 60) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 40, 255)).save(out, "PNG")
    return out.getvalue()


def _csrf(client, contest) -> str:
    page = client.get(f"/admin/contests/{contest.id}/setup/basic").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _upload(client, contest, data: bytes, name: str = "logo.png"):
    return client.post(
        f"/admin/contests/{contest.id}/setup/logo",
        data={"csrf_token": _csrf(client, contest), "logo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _logo(contest_id: int) -> str:
    return merged(db.session.get(Contest, contest_id).settings)["display"]["logo"]


def test_an_uploaded_logo_is_served_and_shown_on_the_welcome_scene(app, client, staff, demo):
    from contest.day.snapshot import venue_snapshot

    sign_in(client, "admin")
    data = _png()
    response = _upload(client, demo, data)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/admin/contests/{demo.id}/setup/basic#logo"
    name = _logo(demo.id)
    assert re.fullmatch(rf"logo-{demo.id}-[0-9a-f]{{12}}\.png", name)
    served = client.get(f"/display/contests/{demo.id}/logo?v={name}")
    assert (served.status_code, served.mimetype, served.data) == (200, "image/png", data)
    assert venue_snapshot(demo.venues[0])["contest"]["logo"] == name
    entry = db.session.scalar(sa.select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    assert (entry.action, entry.data) == ("display.logo_changed", {"bytes": len(data)})
    page = client.get(f"/admin/contests/{demo.id}/setup/basic").get_data(as_text=True)
    assert f'src="/display/contests/{demo.id}/logo?v={name}"' in page


def test_a_new_logo_replaces_the_old_file_and_removing_it_goes_back_to_the_seal(
    app, client, staff, demo
):
    from pathlib import Path

    sign_in(client, "admin")
    _upload(client, demo, _png())
    first = _logo(demo.id)
    folder = Path(app.instance_path) / "display"
    _upload(client, demo, _png(80, 80))
    second = _logo(demo.id)
    assert second != first
    assert sorted(p.name for p in folder.iterdir()) == [second]
    response = client.post(
        f"/admin/contests/{demo.id}/setup/logo/remove", data={"csrf_token": _csrf(client, demo)}
    )
    assert response.status_code == 302
    assert _logo(demo.id) == ""
    assert list(folder.iterdir()) == []
    assert client.get(f"/display/contests/{demo.id}/logo").status_code == 404
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.action.like("display.%"))
    ).all()
    assert actions == ["display.logo_changed", "display.logo_changed", "display.logo_removed"]


def test_bad_logos_are_refused_in_chinese_and_nothing_is_written(app, client, staff, demo):
    from pathlib import Path

    sign_in(client, "admin")
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, "GIF")
    huge = io.BytesIO()
    Image.new("1", (4100, 10)).save(huge, "PNG")
    cases = [
        (b"not an image at all", "标志图片无法识别，请上传 PNG 或 JPEG 图片"),
        (gif.getvalue(), "标志图片只支持 PNG 或 JPEG 格式"),
        (huge.getvalue(), "标志图片过大（4100×10 像素），请缩小到 4000 像素以内"),
        (b"\x89PNG" + b"0" * (2 * 1024 * 1024), "标志图片超过 2 MB，请缩小后再上传"),
        (b"", "请选择标志图片文件（PNG 或 JPEG）"),
    ]
    for data, message in cases:
        response = _upload(client, demo, data)
        assert response.status_code == 302
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert message in page, message
    assert _logo(demo.id) == ""
    folder = Path(app.instance_path) / "display"
    assert not folder.exists() or list(folder.iterdir()) == []
    count = sa.select(sa.func.count()).select_from(AuditEntry)
    assert db.session.scalar(count.where(AuditEntry.action.like("display.%"))) == 0
