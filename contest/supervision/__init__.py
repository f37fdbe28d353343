"""监督: the supervisor's live page and co-signature (setting `supervision.cosign`, off by
default). With it on, a staff correction and a forced reveal wait as a request until the
监督 signs it on their phone (or refuses it with a reason); the correction is then applied
in the same transaction as the signature, the forced reveal may go ahead once.

models (CosignRequest) · service (setting, requests, approve, refuse, forced-reveal check) ·
live (what the 监督's page shows) · views.
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.supervision.views import bp

    app.register_blueprint(bp)
