"""典型经验 (/experiences): published teams' summaries, by year, industry and district."""

from __future__ import annotations

from flask import render_template, request

from contest.national import sharing
from contest.national.views import public_bp


@public_bp.get("/")
def index():
    year_text = request.args.get("year", "")
    year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else None
    industry = request.args.get("industry", "")[:200] or None
    district = request.args.get("district", "")[:200] or None
    body = render_template(
        "national/experiences.html",
        found=sharing.experiences(year=year, industry=industry, district=district),
        choices=sharing.choices(),
        chosen={"year": year, "industry": industry or "", "district": district or ""},
    )
    return body
