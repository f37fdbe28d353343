"""The shared review world builds on both databases (the helpers' tests start from it)."""

from tests.review import world


def test_the_review_world_has_twelve_accepted_applications_and_five_reviewers(app):
    built = world.build()
    assert [a.number for a in built.applications][:2] == ["2026-0001", "2026-0002"]
    assert len(built.applications) == 12
    assert [r.label for r in built.reviewers] == [f"评审专家{n}" for n in range(1, 6)]
    assert built.applications[0].submissions[-1].company_name == "上海石化股份有限公司"
    assert sum(item.maximum for item in built.round.items) == 100
