"""Anyone can check a certificate: /verify/<number>, the address its QR code carries."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from contest.certificates.verify import MAX_LENGTH, lookup
from contest.extensions import limiter
from contest.public import bp
from contest.publicity import gate

# Only unknown numbers count: a person checking real certificates is never slowed down.
LOOKUP_FAILURES = "30 per minute;300 per hour"


@bp.route("/verify")
def verify_form():
    """A box to type the number printed on a certificate."""
    number = request.args.get("no", "").strip()
    if number:
        return redirect(url_for("public.verify", certificate_no=number[:MAX_LENGTH]))
    return render_template("public/verify.html", certificate=None, number="", asked=False)


@bp.route("/verify/<certificate_no>")
@limiter.limit(LOOKUP_FAILURES, deduct_when=lambda response: response.status_code == 404)
def verify(certificate_no: str):
    found = lookup(certificate_no)  # exact: the form strips what people type
    status = 200 if found else 404
    held = not found and len(certificate_no) <= MAX_LENGTH and gate.number_held(certificate_no)
    page = render_template(
        "public/verify.html", certificate=found, number=certificate_no, asked=True, held=held
    )
    return page, status
