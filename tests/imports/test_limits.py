"""Upload limits: too big, too big unpacked, too many rows. Refused in Chinese, nothing written."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from contest.imports import ImportRefused, run_import
from contest.imports.headers import MAX_ROWS
from contest.imports.reader import MAX_UNPACKED_BYTES
from tests.conftest import sign_in
from tests.imports.files import counts, new_contest, teams_of, write_xlsx

HEADER = ["企业名称", "班组名称", "班组人数"]


@pytest.fixture
def contest(app):
    return new_contest("第一分会场")


def _csrf(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _refusal(contest, data: bytes, filename: str) -> list[str]:
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        run_import("teams", contest_id=contest.id, data=data, filename=filename, actor="test")
    assert counts() == before
    return [str(p) for p in refused.value.report.sorted_errors()]


def test_an_upload_over_8_mb_is_refused_before_it_is_read(client, staff, contest):
    sign_in(client, "admin")
    url = f"/admin/contests/{contest.id}/import/teams"
    before = counts()
    form = {
        "csrf_token": _csrf(client, url),
        "file": (io.BytesIO(b"x" * (8 * 1024 * 1024 + 1)), "报名表.xlsx"),
    }
    response = client.post(url, data=form, content_type="multipart/form-data")
    assert response.status_code == 413
    assert "上传的文件太大" in response.get_data(as_text=True)
    assert counts() == before


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(contest, tmp_path):
    """A zip bomb: a few hundred KB that would unpack past the limit."""
    real = write_xlsx(tmp_path / "real.xlsx", [HEADER, ["甲公司", "一班", "5"]]).read_bytes()
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(real)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        bomb.writestr("xl/media/padding.bin", b"\0" * (MAX_UNPACKED_BYTES + 1))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024  # small on the wire
    assert _refusal(contest, data, "报名表.xlsx") == [
        "整个文件：文件解压后超过 64 MB，不像是报名表；请只保留报名表工作表后再导入"
    ]
    assert teams_of(contest) == []


def test_more_rows_than_a_contest_can_have_are_refused(contest, tmp_path):
    rows = [HEADER] + [["甲公司", f"班组{i}", "5"] for i in range(MAX_ROWS + 1)]
    data = write_xlsx(tmp_path / "many.xlsx", rows).read_bytes()
    errors = _refusal(contest, data, "many.xlsx")
    assert len(errors) == 1 and str(MAX_ROWS) in errors[0]
    assert teams_of(contest) == []


def test_a_file_of_another_kind_is_refused_by_name(contest):
    assert _refusal(contest, b"%PDF-1.7", "报名表.pdf") == [
        "整个文件：不支持这种文件：请使用 .xlsx、.xls 或 .csv 文件"
    ]
