"""Public standings JSON: revealed teams only, exact names, ETag revalidation."""

from __future__ import annotations

from tests.factories import close_scoring, judges_of, marks_totalling, submit, team_at


def _score(demo, order, total, reveal=True):
    team = team_at(demo, order)
    for judge in judges_of(demo)[:5]:
        submit(team, judge, marks_totalling(total))
    close_scoring(team, reveal=reveal)
    return team


def test_standings_show_revealed_teams_with_exact_names(client, demo):
    _score(demo, 3, "90")
    _score(demo, 1, "85")
    _score(demo, 2, "95", reveal=False)  # closed but not yet revealed: not public
    body = client.get(f"/api/contests/{demo.id}/standings").get_json()
    assert [(r["rank"], r["published"], r["team"]["company_name"]) for r in body["standings"]] == [
        (1, "90.00", "上海浦东国际机场货运站有限公司（东区）"),
        (2, "85.00", "上海电气电站设备有限公司上海汽轮机厂"),
    ]
    assert body["standings"][0]["venue"] == "第一分会场"


def test_standings_revalidate_with_etag(client, demo):
    first = client.get(f"/api/contests/{demo.id}/standings")
    assert first.headers["Cache-Control"] == "public, max-age=5"
    etag = first.headers["ETag"]
    again = client.get(f"/api/contests/{demo.id}/standings", headers={"If-None-Match": etag})
    assert again.status_code == 304
    _score(demo, 1, "88")
    changed = client.get(f"/api/contests/{demo.id}/standings", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_unknown_contest_is_a_json_404(client, demo):
    response = client.get("/api/contests/999/standings")
    assert response.status_code == 404
    assert response.get_json() == {"error": "not_found", "message": "页面不存在"}
