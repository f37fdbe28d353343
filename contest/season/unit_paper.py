"""Forms 2-3 and 2-4 as their paper lays them out, from a submitted version: for the
generated .docx/PDF (built elsewhere). Plain values only; the names exactly as submitted."""

from __future__ import annotations

from contest.season import form24, unit_forms
from contest.season.models import Recommender, UnitForm


def rows(recommender: Recommender, form: UnitForm, version: int | None = None) -> dict | None:
    """The form's printed content: its title, the 推荐单位, the table rows in printed order,
    the 填表人 fields, the version and its 校验码; None when that version was not submitted.

    2-3: `teams` rows are (序号, 企业名称, 班组名称, 班组人数), with `total` (班组人数总计),
    and `judges` rows (姓名, 工作单位, TGQ 评委证书号, 通讯地址, 邮编, 手机).
    2-4: `rows` are (序号, 企业/班组名称, 材料评价, 打分/排序, 评委), 材料评价 in its three parts,
    and `names` each row's (企业名称, 班组名称) apart, for a paper printing them one to a line.
    """
    found = [v for v in unit_forms.versions(recommender, form) if version in (None, v.version)]
    if not found:
        return None
    chosen = found[-1]
    content = chosen.content
    common = {
        "recommender": recommender.name,
        "filler": content["filler"],
        "phone": content["phone"],
        "date": content["date"],
        "version": chosen.version,
        "content_hash": chosen.content_hash,
    }
    if form is UnitForm.RECOMMENDATION:
        return {
            "form": "2-3",
            "title": "上海市“质量信得过班组”建设经验推荐表",
            "teams": [
                (n, row["company_name"], row["team_name"], row["member_count"])
                for n, row in enumerate(content["teams"], 1)
            ],
            "total": content["total"],
            "judges": [
                tuple(judge[key] for key in unit_forms.JUDGE_FIELDS) for judge in content["judges"]
            ],
            **common,
        }
    return {
        "form": "2-4",
        "title": "上海市“质量信得过班组”建设经验材料评审汇总表",
        "rows": [
            (
                n,
                f"{row['company_name']} {row['team_name']}",
                "\n".join(f"{label}：{row[key]}" for key, label in form24.PARTS),
                f"{row['score']}/{form24.Rank(row['rank'], row['tied']).text()}",
                "、".join(judge["name"] for judge in row["judges"]),
            )
            for n, row in enumerate(content["rows"], 1)
        ],
        "names": [(row["company_name"], row["team_name"]) for row in content["rows"]],
        **common,
    }
