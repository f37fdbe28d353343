"""What a judge's phone shows before (评审承诺书) or after (评分表签名) the score sheet."""

from __future__ import annotations

from contest.models import Judge


def step_name(judge: Judge) -> str | None:
    """ "pledge", "sign" or None (the score sheet)."""
    from contest.pledge.service import pending
    from contest.signing.service import due

    if pending(judge) is not None:
        return "pledge"
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
    if step == "sign":
        from contest.signing.views import judge_page

        return judge_page(judge)
    return None
