"""评委组长 countersigns each team's result (setting `countersign.enabled`, off by default).

`countersign.when = before_reveal`: when a team's scoring closes, the chair's phone (or
laptop: the same personal link) shows the result (every judge's total, the trimmed mean,
deductions, the final score) and a pad; the reveal waits for the signature and the host
console says who is pending. `venue_end`: the chair signs all the venue's results at once
when its last team is revealed. A later correction supersedes the signature.

service (setting, payloads, status, pending, sign, reveal check, after_change) · views.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.countersign.views import bp

    app.register_blueprint(bp)
