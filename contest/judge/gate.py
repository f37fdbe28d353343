"""What a judge's phone shows instead of the score sheet: the 评审承诺书 before scoring, the
评委组长's countersign while a result waits for it, the day's 评分表 to sign at the end."""

from __future__ import annotations

from contest.models import Judge


def step_name(judge: Judge) -> str | None:
    """Which page first: "pledge", "countersign", "sign", or None (the score sheet)."""
    from contest.countersign.service import pending_for
    from contest.pledge.service import pending
    from contest.signing.service import due

    if pending(judge) is not None:
        return "pledge"
    if pending_for(judge) is not None:
        return "countersign"
    if due(judge):
        return "sign"
    return None


def step_page(judge: Judge):
    """The page of the judge's pending step, or None for the score sheet."""
    step = step_name(judge)
    if step == "pledge":
        from contest.pledge.service import pending
        from contest.pledge.views import judge_page

        return judge_page(judge, pending(judge))
    if step == "countersign":
        from contest.countersign.service import pending_for
        from contest.countersign.views import judge_page as countersign_page

        return countersign_page(judge, pending_for(judge))
    if step == "sign":
        from contest.signing.views import judge_page as signing_page

        return signing_page(judge)
    return None
