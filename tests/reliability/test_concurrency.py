"""Simultaneous judges, double clicks and two hosts against serve.py, on SQLite and PostgreSQL.

Requests are released together by a barrier. Whatever order the server happens to run them
in, no acknowledged score may be lost or duplicated, and the stage must follow the rules.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import requests

from tests.browser.actors import Host
from tests.reliability.conftest import (
    Judge,
    as_dict,
    assert_clean_finish,
    assert_stage_follows_the_rules,
    judges,
    press,
    public_state,
    recused,
    rows,
    score_body,
    stored,
    submit,
    teams,
    together,
)

STALE = "台上状态已被其他操作更新，请查看最新状态后再操作"
AUDITED = {
    "call": "stage.team_called",
    "open": "stage.scoring_opened",
    "close": "stage.scoring_closed",
    "reveal": "stage.revealed",
}


def last_audit_id(server) -> int:
    return rows(server, "SELECT COALESCE(MAX(id), 0) FROM audit_entries")[0][0]


def stage_log(server, after: int) -> list[tuple[str, str]]:
    """(action, actor) of every stage action audited since `after`, in order."""
    return rows(
        server,
        "SELECT action, actor FROM audit_entries WHERE id > :a AND action LIKE 'stage.%' "
        "ORDER BY id",
        a=after,
    )


def staff_actor(server, username: str) -> str:
    found = rows(server, "SELECT id FROM staff_users WHERE username = :u", u=username)
    return f"staff:{found[0][0]}"


def trimmed_mean(totals: list[Decimal]) -> Decimal:
    kept = sorted(totals)[1:-1]
    return (sum(kept) / len(kept)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def open_team(host: Host, team: int) -> int:
    host.act("call", team_id=team)
    return host.act("open")["stage"]["version"]


def everyone_scores(server, panel: list[Judge], team: int) -> None:
    away = recused(server, team)
    for judge in panel:
        if judge.id not in away:
            body = score_body(judge, team, Decimal(80 + judge.number))
            assert submit(judge.phone, body)().status_code == 201


def test_every_judge_submits_in_the_same_instant(live_server):
    server = live_server
    host = Host(server.url, "host1", server.credentials["host1"])
    panel = judges(server)
    for round_, team in enumerate(teams(server)[:5]):  # judge 3 recuses from the 4th team
        open_team(host, team)
        away = recused(server, team)
        sent = {j.id: Decimal(80 + j.number) + Decimal("0.5") * round_ for j in panel}
        bodies = [score_body(j, team, sent[j.id]) for j in panel]
        seq = public_state(server)["version"]

        answers = together(*(submit(j.phone, b) for j, b in zip(panel, bodies, strict=True)))

        for judge, answer in zip(panel, answers, strict=True):
            if judge.id in away:
                assert (answer.status_code, answer.json()["error"]) == (422, "recused")
                continue
            assert answer.status_code == 201, answer.text
            mine = answer.json()["submission"]
            assert (mine["version"], Decimal(mine["total"])) == (1, sent[judge.id])
        scored = {j: t for j, t in sent.items() if j not in away}
        assert len(scored) == (8 if round_ == 3 else 9)
        assert stored(server, team) == [(j, 1, t) for j, t in sorted(scored.items())]
        state = public_state(server)
        assert state["version"] == seq + len(scored)  # one feed step per accepted score
        assert state["stage"]["progress"] == {"submitted": len(scored), "expected": len(scored)}
        host.act("close")
        reveal = host.act("reveal")["reveal"]
        assert sorted(Decimal(m["total"]) for m in reveal["marks"]) == sorted(scored.values())
        assert Decimal(reveal["published"]) == trimmed_mean(list(scored.values()))
        assert_stage_follows_the_rules(server)
    standings = requests.get(f"{server.url}/api/contests/1/standings", timeout=10).json()
    assert len(standings["standings"]) == 5
    assert_clean_finish(server)


def test_a_judge_double_submits(live_server):
    server = live_server
    host = Host(server.url, "host1", server.credentials["host1"])
    panel = judges(server)
    team = teams(server)[0]
    open_team(host, team)
    for judge in panel[:4]:  # the same request twice at once: one row, the same answer
        body = score_body(judge, team, Decimal(90))
        first, second = together(submit(judge.phone, body), submit(judge.phone, body))
        assert sorted([first.status_code, second.status_code]) == [200, 201]
        assert {first.json()["replayed"], second.json()["replayed"]} == {True, False}
        assert first.json()["submission"] == second.json()["submission"]
        assert [r for r in stored(server, team) if r[0] == judge.id] == [(judge.id, 1, 90)]
    for judge in panel[4:8]:  # two tabs, two different scores at once: versions 1 and 2
        tab = requests.Session()
        tab.cookies.update(judge.phone.http.cookies)
        bodies = [score_body(judge, team, Decimal(t)) for t in (88, 89)]
        answers = together(submit(judge.phone, bodies[0]), submit(judge.phone, bodies[1], tab))
        assert [a.status_code for a in answers] == [201, 201]
        versions = {a.json()["submission"]["version"]: a.json()["submission"] for a in answers}
        assert sorted(versions) == [1, 2]
        mine = [r for r in stored(server, team) if r[0] == judge.id]
        assert mine == [(judge.id, v, Decimal(versions[v]["total"])) for v in (1, 2)]
    receipts = sorted(r[0] for r in rows(server, "SELECT receipt FROM score_submissions"))
    logged = rows(server, "SELECT action, data FROM audit_entries WHERE action LIKE 'score.%'")
    assert len(receipts) == 12
    assert sorted(as_dict(data)["receipt"] for _, data in logged) == receipts
    assert sorted(action for action, _ in logged) == ["score.revised"] * 4 + ["score.submitted"] * 8
    assert public_state(server)["stage"]["progress"] == {"submitted": 8, "expected": 9}
    assert_clean_finish(server)


def test_a_host_double_clicks(live_server):
    server = live_server
    host = Host(server.url, "host1", server.credentials["host1"])
    actor = staff_actor(server, "host1")
    panel = judges(server)
    version = public_state(server)["stage"]["version"]
    start = last_audit_id(server)
    done = []
    for team in teams(server)[:3]:
        for action in ("call", "open", "close", "reveal"):
            body = {"team_id": team} if action == "call" else {}
            if action == "close":
                everyone_scores(server, panel, team)
            answers = together(
                press(host, action, version, **body), press(host, action, version, **body)
            )
            assert sorted(a.status_code for a in answers) == [200, 409]
            (won,) = [a for a in answers if a.ok]
            (lost,) = [a for a in answers if not a.ok]
            assert (lost.json()["error"], lost.json()["message"]) == ("stale", STALE)
            assert won.json()["stage"]["version"] > version
            version = won.json()["stage"]["version"]
            done.append((AUDITED[action], actor))
            assert_stage_follows_the_rules(server)
        assert public_state(server)["stage"]["team"]["id"] == team  # exactly one place on
    assert stage_log(server, start) == done
    assert_clean_finish(server)


def test_two_hosts_act_at_once(live_server):
    server = live_server
    hosts = {name: Host(server.url, name, server.credentials[name]) for name in ("host1", "admin")}
    actors = {name: staff_actor(server, name) for name in hosts}
    panel = judges(server)
    first, second, third, fourth = teams(server)[:4]
    start = last_audit_id(server)
    done: list[tuple[str, str]] = []

    def race(**moves: tuple[str, int, dict]) -> dict[str, requests.Response]:
        """Each named host presses one button at the same instant."""
        answers = together(*(press(hosts[n], a, v, **b) for n, (a, v, b) in moves.items()))
        for (name, (action, _, _)), answer in zip(moves.items(), answers, strict=True):
            if answer.ok:
                done.append((AUDITED[action], actors[name]))
            else:
                assert answer.status_code == 409, answer.text
        assert_stage_follows_the_rules(server)
        return dict(zip(moves, answers, strict=True))

    def close_against_reveal(closer: str, revealer: str, team: int, version: int) -> int:
        everyone_scores(server, panel, team)
        answers = race(**{closer: ("close", version, {}), revealer: ("reveal", version, {})})
        assert answers[closer].ok
        assert answers[revealer].json()["error"] in ("stale", "not_closed")
        assert rows(server, "SELECT revealed_at FROM teams WHERE id = :t", t=team) == [(None,)]
        return answers[closer].json()["stage"]["version"]

    def both_call(team: int, version: int) -> int:
        answers = race(**{name: ("call", version, {"team_id": team}) for name in hosts})
        (winner,) = [a for a in answers.values() if a.ok]
        assert sorted(a.json().get("error", "") for a in answers.values()) == ["", "stale"]
        assert public_state(server)["stage"]["team"]["id"] == team
        return winner.json()["stage"]["version"]

    version = open_team(hosts["host1"], first)
    done += [(AUDITED["call"], actors["host1"]), (AUDITED["open"], actors["host1"])]
    version = close_against_reveal("host1", "admin", first, version)
    version = hosts["admin"].act("reveal", expected_version=version)["stage"]["version"]
    done.append((AUDITED["reveal"], actors["admin"]))

    version = both_call(second, version)  # both press 下一组 with scoring closed
    version = hosts["admin"].act("open", expected_version=version)["stage"]["version"]
    done.append((AUDITED["open"], actors["admin"]))
    everyone_scores(server, panel, second)

    # Both press 下一组 while scoring is open: each console closes, then calls the next team
    # with the version its close left, or (refused) the one it had.
    closes = race(host1=("close", version, {}), admin=("close", version, {}))
    (winner,) = [name for name, answer in closes.items() if answer.ok]
    seen = {
        name: answer.json()["stage"]["version"] if answer.ok else version
        for name, answer in closes.items()
    }
    calls = race(**{name: ("call", seen[name], {"team_id": third}) for name in hosts})
    assert [name for name, answer in calls.items() if answer.ok] == [winner]
    assert public_state(server)["stage"]["team"]["id"] == third
    version = calls[winner].json()["stage"]["version"]

    version = hosts["host1"].act("open", expected_version=version)["stage"]["version"]
    done.append((AUDITED["open"], actors["host1"]))
    version = close_against_reveal("admin", "host1", third, version)
    both_call(fourth, version)
    assert stage_log(server, start) == done
    assert_clean_finish(server)


def test_submissions_race_the_close(live_server):
    server = live_server
    host = Host(server.url, "host1", server.credentials["host1"])
    panel = judges(server)
    for team in teams(server)[:4]:
        version = open_team(host, team)
        eligible = [j for j in panel if j.id not in recused(server, team)]
        bodies = [score_body(j, team, Decimal(80 + j.number)) for j in eligible]
        start = last_audit_id(server)

        *answers, close = together(
            *(submit(j.phone, b) for j, b in zip(eligible, bodies, strict=True)),
            press(host, "close", version, confirm_missing=True),
        )

        assert close.status_code == 200, close.text
        accepted, late = {}, 0
        for judge, body, answer in zip(eligible, bodies, answers, strict=True):
            if answer.status_code == 201:
                accepted[judge.id] = Decimal(body["total"])
            else:  # after the close: kept as a late score for the host, never counted
                kept = (answer.status_code, answer.json()["late"]["status"])
                assert kept == (202, "pending")
                late += 1
        assert stored(server, team) == [(j, 1, t) for j, t in sorted(accepted.items())]
        kept_rows = rows(server, "SELECT COUNT(*) FROM late_scores WHERE team_id = :t", t=team)
        assert kept_rows[0][0] == late
        log = rows(
            server, "SELECT id, action, data FROM audit_entries WHERE id > :a ORDER BY id", a=start
        )
        ((closed_at, closing),) = [(i, d) for i, a, d in log if a == "stage.scoring_closed"]
        scored_at = [i for i, action, _ in log if action == "score.submitted"]
        assert len(scored_at) == len(accepted)
        assert all(i > closed_at for i, a, _ in log if a == "score.arrived_late")
        assert all(i < closed_at for i in scored_at)  # every acknowledged score came first
        progress = {"submitted": len(accepted), "expected": len(eligible)}
        assert as_dict(closing)["progress"] == progress
        if accepted:
            reveal = host.act("reveal", force_reason="并发测试：部分评委在结束评分后提交")
            marks = sorted(Decimal(m["total"]) for m in reveal["reveal"]["marks"])
            assert marks == sorted(accepted.values())
        assert_stage_follows_the_rules(server)
    assert_clean_finish(server)
