"""A witnessed draw, provably fair (commit–reveal).

Before the draw the host publishes the SHA-256 of a secret the server drew (the commitment)
on the hall display; witnesses add their own random text, on their phones (signed with a
finger) or typed at the console; at the draw the secret is revealed and the seed is

    SHA-256 hex of  "fairdraw-v1\\n" + secret + "\\n" + entropy_1 + "\\n" + … (witnesses in order)

which `contest.day.draw.shuffle` turns into the running order. Anyone can check that the
secret hashes to the commitment published before the draw and recompute the order: the
public page /draw/<venue_id> does it in the browser, `flask replay-draw` on the server.

models (DrawCommit, DrawWitness) · service · views (console actions live in contest/api).
"""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    from contest.fairdraw.views import bp

    app.register_blueprint(bp)
