"""The set-up area (比赛设置): contests, settings, score sheet, venues, accounts, people.

Admins change; the 监督 may look. Each module registers its routes on the admin blueprint
and adds its entry to `hub.SECTIONS`.
"""

# Route modules register on import; one name a line, so concurrent additions merge cleanly.
from contest.admin.setup import (  # noqa: F401
    accounts,
    contests,
    hub,
    judges,
    locks,
    logo,
    recusals,
    rules,
    sheet,
    stream,
    teams,
    venues,
)
