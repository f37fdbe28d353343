"""Ids in a query string that are not sane ids get a 400 in words, never a 500, never ignored."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in

MESSAGE = "链接中的分会场或评委编号格式不正确；请回到「评委链接」页重新点击打印"


@pytest.mark.parametrize(
    "query",
    [
        "venue=99999999999999999999",
        "venue=-1",
        "venue=1e3",
        "judge=abc",
        "judge=%EF%BC%91",  # a full-width digit
        "judge=0",
        "judge=2147483648",
    ],
)
def test_judge_cards_refuse_a_bad_id_in_words(client, staff, demo, query):
    sign_in(client, "admin")
    response = client.get(f"/admin/contests/{demo.id}/judge-cards.pdf?{query}")
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_judge_cards_for_an_unknown_judge_are_a_404(client, staff, demo):
    sign_in(client, "admin")
    assert client.get(f"/admin/contests/{demo.id}/judge-cards.pdf?judge=999999").status_code == 404
