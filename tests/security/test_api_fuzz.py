"""Schemathesis fuzzes every documented API operation as a host, a judge and a stranger.

The spec is read from the app itself (/api/openapi.json). Each operation gets schema-valid
and schema-invalid requests (Hypothesis, derandomized, bounded) on the demo contest with
scoring open. For every answer: never a 5xx; status, content type and body as documented;
schema-invalid data refused; a 4xx carries a Chinese message and leaves every table exactly
as it was. Afterwards the audit chain verifies and every stored submission adds up.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import schemathesis
import sqlalchemy as sa
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from contest import audit
from contest.extensions import db
from contest.models import ScoreSubmission
from tests.conftest import sign_in
from tests.factories import judges_of
from tests.judge_helpers import judge_client, open_team, post_json

MAX_EXAMPLES = 10  # per operation and generation mode, for a session the operation accepts
REFUSED_EXAMPLES = 2  # for a session it refuses: sign-in is checked before the body is read
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# The session comes from the signed-in test client, never from a generated `session` cookie.
CONFIG = schemathesis.Config.from_dict({"generation": {"with-security-parameters": False}})
ROLES = {"judge": "judgeSession", "host": "staffSession", "anonymous": None}


def database_rows() -> dict[str, list[tuple]]:
    """Every row of every table in primary-key order: what 'nothing was written' compares."""
    with db.engine.connect() as connection:  # sees exactly what the requests committed
        return {
            table.name: connection.execute(
                sa.select(table).order_by(*table.primary_key.columns)
            ).all()
            for table in db.metadata.sorted_tables
        }


class Unchanged:
    """Asserts a refused request wrote nothing; reads the tables again only after a change."""

    def __init__(self) -> None:
        self.known: dict[str, list[tuple]] | None = None

    def before(self) -> None:
        if self.known is None:
            self.known = database_rows()

    def after(self, response, what: str) -> None:
        if 400 <= response.status_code < 500:
            assert database_rows() == self.known, f"{what} was refused but wrote"
        else:
            self.known = None  # accepted: it may have written


def assert_refused_in_chinese(response) -> None:
    body = response.json() if hasattr(response, "json") else response.get_json()
    assert set(body) >= {"error", "message"}, body
    assert CHINESE.search(body["message"]), body


def csrf_token(client, page: str) -> str:
    html = client.get(page).get_data(as_text=True)
    found = re.search(r'name="csrf[-_]token" (?:content|type="hidden" value)="([^"]+)"', html)
    return found.group(1)


@pytest.fixture
def scoring_open(app, staff, demo):
    """The demo contest with the first team on stage, scoring open, judge 2's marks in."""
    team = open_team(demo, 1)
    marks = {str(item.id): str(item.maximum) for item in demo.items}
    total = str(sum((item.maximum for item in demo.items), Decimal(0)))
    stored = post_json(
        judge_client(app, 2),
        "/api/judge/scores",
        {"team_id": team.id, "marks": marks, "total": total, "idempotency_key": "k" * 32},
    )
    assert stored.status_code == 201, stored.get_data(as_text=True)
    return team


def _signed_in(app, role: str, demo):
    """A test client for `role` and the CSRF header its page would send."""
    if role == "judge":
        client = judge_client(app, 1)
        return client, {"X-CSRFToken": client.csrf}
    client = app.test_client()
    if role == "host":
        sign_in(client, "host1")
        return client, {"X-CSRFToken": csrf_token(client, f"/host/venues/{demo.venues[0].id}")}
    return client, {"X-CSRFToken": csrf_token(client, "/staff/login")}  # a stranger's own token


def _cases(operation, mode: GenerationMode, real_ids: dict[str, int]):
    """Cases with the demo's real ids in the path (so requests reach the logic) or any ids."""
    names = {p.name for p in operation.path_parameters}
    fixed = {name: value for name, value in real_ids.items() if name in names}
    generated = operation.as_strategy(generation_mode=mode)
    path_only = not (operation.body or operation.headers or operation.query)
    if not fixed or (mode is GenerationMode.NEGATIVE and path_only):
        return generated  # nothing left to make invalid but the path itself
    return st.one_of(operation.as_strategy(generation_mode=mode, path_parameters=fixed), generated)


def test_every_operation_survives_fuzzing(app, demo, scoring_open):
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app, config=CONFIG)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 22  # 8 routes + 14 host actions, each documented
    real_ids = {"venue_id": demo.venues[0].id, "contest_id": demo.id}
    real_ids["judge_id"] = judges_of(demo)[0].id
    unchanged = Unchanged()
    for role in ROLES:  # all three at once on the same contest, as on the day
        answered = _fuzz_as(role, app, demo, operations, real_ids, unchanged)
        # The sessions were real: each role got through where it may, and only there.
        assert 200 in answered["GET /api/venues/{venue_id}/state"]
        assert (200 in answered["GET /api/judge/state"]) is (role == "judge")
        assert (200 in answered["GET /api/venues/{venue_id}/audience"]) is (role == "host")
        stage_answers = set().union(*(v for k, v in answered.items() if "/stage/" in k))
        assert (200 in stage_answers) is (role == "host")

    db.session.commit()
    assert audit.verify_chain().ok
    for submission in db.session.scalars(sa.select(ScoreSubmission)):
        assert sum(m.value for m in submission.marks) == submission.total


def _fuzz_as(role, app, demo, operations, real_ids, unchanged) -> dict[str, set[int]]:
    """Fuzz every operation with `role`'s session; the statuses each one answered."""
    client, headers = _signed_in(app, role, demo)
    answered: dict[str, set[int]] = {}
    for operation in operations:
        # Invalid data matters where a request gets past sign-in: for everyone else the
        # valid-looking requests show that the wrong session is refused and writes nothing.
        security = operation.definition.raw.get("security") or [{}]
        reaches_logic = set(security[0]) <= {ROLES[role]}
        if not (operation.body or list(operation.iter_parameters())):
            reaches_logic = False  # nothing to make invalid (GET /api/judge/state)
        modes = [GenerationMode.POSITIVE] + [GenerationMode.NEGATIVE] * reaches_logic
        for mode in modes:

            @settings(
                max_examples=MAX_EXAMPLES if reaches_logic else REFUSED_EXAMPLES,
                derandomize=True,
                database=None,
                deadline=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=_cases(operation, mode, real_ids))
            def fuzz(case):
                unchanged.before()
                response = case.call(session=client, headers=headers)
                answered.setdefault(case.operation.label, set()).add(response.status_code)
                case.validate_response(response, checks=CHECKS, headers=headers)
                if 400 <= response.status_code < 500:
                    assert_refused_in_chinese(response)
                unchanged.after(response, f"{role}: {case.method} {case.formatted_path}")

            fuzz()
    return answered


# Hand-written: what a generator from the schema does not send.

SCORES = "/api/judge/scores"
NOT_JSON = (400, "bad_request", "请求内容不是有效的 JSON")
NOT_OBJECT = (400, "bad_request", "请求内容必须是 JSON 对象")
BAD_CHARACTERS = (400, "bad_request", "请求内容包含无效字符")
TOO_LARGE = (413, "too_large", "上传的文件太大")


def _raw_post(client, url: str, data: bytes | str, content_type="application/json"):
    headers = {"X-CSRFToken": client.csrf, "Content-Type": content_type}
    return client.post(url, data=data, headers=headers)


def _scores_json(demo, team, marks: list[str], total: str, key: str) -> str:
    pairs = ", ".join(f'"{item.id}": {m}' for item, m in zip(demo.items, marks, strict=True))
    return (
        f'{{"team_id": {team}, "marks": {{{pairs}}}, "total": {total}, "idempotency_key": "{key}"}}'
    )


def test_malformed_score_bodies_are_refused_in_chinese(app, demo, scoring_open):
    phone = judge_client(app, 1)
    limit = app.config["MAX_CONTENT_LENGTH"]
    team, full = scoring_open.id, ['"15"', '"15"', '"25"', '"15"', '"20"', '"10"']

    def with_mark(first: str, total: str = '"100"') -> str:
        return _scores_json(demo, team, [first, *full[1:]], total, "m" * 20)

    first = f"“{demo.items[0].name}”的分数"
    not_a_number = (422, "bad_mark", f"{first}不是有效数字")
    out_of_range = (422, "out_of_range", f"{first}必须在 0 到 15 之间")
    off_step = (422, "off_step", f"“{demo.items[0].name}”请以 0.5 分为单位")
    mismatch = (422, "total_mismatch", "总分与各项之和不符（各项合计 100）")
    unknown_team = (422, "unknown_team", "没有这个班组，请刷新页面")
    json_bodies = [
        (b'{"pad": "' + b"x" * limit + b'"}', TOO_LARGE),
        (b'{"team_id": 1, "total": "\xff\xfe"}', NOT_JSON),  # not UTF-8
        ('{"a":' * 100_000 + "1" + "}" * 100_000, NOT_JSON),
        ("[" * 100_000 + "]" * 100_000, NOT_JSON),
        ("[1, 2]", NOT_OBJECT),
        ("", NOT_OBJECT),
        ('{"team_id": 1, "total": "1\\u0000"}', BAD_CHARACTERS),
        ('{"team_id": 1, "marks": {"\\ud800": 1}}', BAD_CHARACTERS),
        (with_mark("NaN"), not_a_number),
        (with_mark("Infinity"), not_a_number),
        (with_mark('"-Infinity"'), not_a_number),
        (with_mark('"sNaN"'), not_a_number),
        (with_mark("1e999999999"), out_of_range),
        (with_mark("9" * 4000), out_of_range),
        (with_mark('"1E-999999999"'), off_step),
        (with_mark('"14.5000000000000000000000000001"'), off_step),
        (with_mark('"15"', total="Infinity"), mismatch),
        (with_mark('"15"', total="1e999999999"), mismatch),
        (_scores_json(demo, "true", full, '"100"', "t" * 20), unknown_team),
        (_scores_json(demo, str(2**63), full, '"100"', "t" * 20), unknown_team),
    ]
    multipart = b"--b\r\nContent-Disposition: form-data; name=team_id\r\n\r\n1\r\n--b--\r\n"
    cases = [(data, "application/json", expected) for data, expected in json_bodies] + [
        ("team_id=1&total=100", "application/x-www-form-urlencoded", NOT_OBJECT),
        (multipart, "multipart/form-data; boundary=b", NOT_OBJECT),
        ("<scores team='1'/>", "text/xml", NOT_JSON),
    ]
    before = database_rows()
    for data, content_type, (status, code, message) in cases:
        response = _raw_post(phone, SCORES, data, content_type)
        shown = (data if isinstance(data, str) else data.decode("utf-8", "replace"))[:80]
        assert response.status_code == status, (shown, response.get_data(as_text=True))
        assert response.get_json()["error"] == code, shown
        assert response.get_json()["message"] == message, shown
    assert database_rows() == before


def test_malformed_host_actions_are_refused_in_chinese(app, demo, scoring_open):
    host = app.test_client()
    sign_in(host, "host1")
    venue = demo.venues[0].id
    host.csrf = csrf_token(host, f"/host/venues/{venue}")
    stage = f"/api/venues/{venue}/stage"
    bad_version = (400, "bad_request", "版本号无效，请刷新页面后重试")
    no_team = (400, "bad_request", "请指定要请上台的班组")
    missing = (404, "not_found", "页面不存在")
    cases = [
        (f"{stage}/open", '{"pad": "' + "x" * app.config["MAX_CONTENT_LENGTH"] + '"}', TOO_LARGE),
        (f"{stage}/open", '{"a":' * 100_000 + "1" + "}" * 100_000, NOT_JSON),
        (f"{stage}/open", "null", NOT_OBJECT),
        (f"{stage}/close", '{"expected_version": "3"}', bad_version),
        (f"{stage}/close", '{"expected_version": true}', bad_version),
        (f"{stage}/close", '{"expected_version": 1.0}', bad_version),
        (f"{stage}/close", '{"expected_version": NaN}', bad_version),
        (f"{stage}/call", '{"team_id": true}', no_team),
        (f"{stage}/call", '{"team_id": "2"}', no_team),
        (f"{stage}/call", f'{{"team_id": {2**31}}}', no_team),
        (f"{stage}/call", f'{{"team_id": {10**40}}}', no_team),
        (
            f"{stage}/online_ready",
            f'{{"team_id": {2**63}, "ready": true}}',
            (400, "bad_request", "请指定班组和连线状态"),
        ),
        (f"{stage}/draw", '{"seed": "2026\\u0000"}', BAD_CHARACTERS),
        (f"{stage}/reveal", '{"force_reason": "\\u0000"}', BAD_CHARACTERS),
        (f"{stage}/scene", '{"scene": ["reveal"]}', (400, "bad_request", "未知的大屏场景")),
        (f"{stage}/launch", "{}", (400, "bad_request", "未知的操作")),
        (f"/api/venues/{2**31}/stage/open", "{}", missing),
        (f"/api/venues/{10**30}/judges/1/nudge", "{}", missing),
        (f"/api/venues/{venue}/judges/{2**63}/nudge", "{}", missing),
    ]
    before = database_rows()
    for url, data, (status, code, message) in cases:
        response = _raw_post(host, url, data)
        assert response.status_code == status, (url, data[:60], response.get_data(as_text=True))
        assert response.get_json() == {"error": code, "message": message}, (url, data[:60])
    for url in (f"/api/venues/{10**30}/state", f"/api/contests/{2**63}/standings"):
        assert host.get(url).get_json() == {"error": "not_found", "message": "页面不存在"}
    assert database_rows() == before

    # Every documented action is one the server knows (none answers 未知的操作).
    document = host.get("/api/openapi.json").get_json()
    for path in document["paths"]:
        if "/stage/" in path:
            response = _raw_post(host, path.replace("{venue_id}", str(venue)), "{}")
            assert response.get_json().get("message") != "未知的操作", path


def test_a_replayed_key_returns_what_was_stored_whatever_else_it_carries(app, demo, scoring_open):
    """Judge 2's phone retried with key k…k: its first marks (all full) were stored."""
    phone, other = judge_client(app, 2), judge_client(app, 3)
    stored = phone.get("/api/judge/state").get_json()["mine"]
    key, team = "k" * 32, scoring_open.id
    lower = ['"14"', '"15"', '"25"', '"15"', '"20"', '"10"']
    before = database_rows()

    for body in (
        _scores_json(demo, team, lower, '"99"', key),  # revised marks under the old key
        _scores_json(demo, team, ["NaN"] * 6, "Infinity", key),  # garbage under the old key
    ):
        response = _raw_post(phone, SCORES, body)
        assert response.status_code == 200
        assert response.get_json() == {"accepted": True, "replayed": True, "submission": stored}

    conflict = {
        "error": "idempotency_conflict",
        "item_id": None,
        "message": "提交编号重复，请刷新页面后重新提交",
    }
    for client, team_id in ((phone, 2), (phone, "true"), (other, team)):
        response = _raw_post(client, SCORES, _scores_json(demo, team_id, lower, '"99"', key))
        assert (response.status_code, response.get_json()) == (409, conflict)
    assert database_rows() == before

    # A mark of "-0" is a mark of 0, stored and shown without the sign.
    zero = _scores_json(demo, team, ['"-0"', *lower[1:]], '"85"', "z" * 32)
    response = _raw_post(other, SCORES, zero)
    assert response.status_code == 201
    assert response.get_json()["submission"]["marks"][str(demo.items[0].id)] == "0"
