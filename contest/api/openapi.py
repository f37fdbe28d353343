"""The OpenAPI 3.1 description of the JSON API, served at /api/openapi.json."""

from __future__ import annotations

from flask import jsonify

from contest.api import bp

_ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string", "description": "machine-readable code"},
        "message": {"type": "string", "description": "what went wrong, in Chinese"},
        "item_id": {"type": ["integer", "null"]},
    },
}
_DECIMAL = {"type": "string", "pattern": r"^\d+(\.\d+)?$", "examples": ["88.5"]}
_TEAM = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "company_name": {"type": "string", "description": "企业名称, exactly as submitted"},
        "team_name": {"type": "string", "description": "班组名称, exactly as submitted"},
        "unit": {"type": "string", "description": "推荐单位"},
        "mode": {"enum": ["in_hall", "online"]},
        "order": {"type": ["integer", "null"]},
        "status": {
            "enum": ["waiting", "presenting", "scored", "absent", "withdrawn", "disqualified"]
        },
        "online_ready": {"type": "boolean"},
    },
}
_SUBMISSION = {
    "type": "object",
    "properties": {
        "team_id": {"type": "integer"},
        "version": {"type": "integer", "minimum": 1},
        "total": _DECIMAL,
        "marks": {"type": "object", "additionalProperties": _DECIMAL},
        "receipt": {"type": "string", "description": "short code the judge can quote to staff"},
        "channel": {"enum": ["phone", "paper", "correction", "import"]},
        "at": {"type": "string", "format": "date-time"},
    },
}

_ACCEPTED = {
    "type": "object",
    "required": ["accepted", "replayed", "submission"],
    "properties": {
        "accepted": {"const": True},
        "replayed": {"type": "boolean"},
        "submission": {"$ref": "#/components/schemas/Submission"},
    },
}


def _id(name: str) -> dict:
    """An integer path parameter."""
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _errors(*codes: int) -> dict:
    return {
        str(code): {
            "description": "refused",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for code in codes
    }


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_TEAM_ID = {"type": "integer", "minimum": 1}

# Each host action's body: its own fields (required, optional). Every body may also carry
# expected_version; the server ignores fields an action does not use.
STAGE_ACTIONS: dict[str, tuple[dict, tuple[str, ...], str]] = {
    "call": ({"team_id": _TEAM_ID}, ("team_id",), "Put a team on stage (请上台)"),
    "open": ({}, (), "Open scoring for the team on stage"),
    "close": (
        {"confirm_missing": {"type": "boolean", "description": "close with judges missing"}},
        (),
        "Close and lock scoring; without confirm_missing, missing judges refuse it (409)",
    ),
    "reopen": (
        {"team_id": _TEAM_ID, "reason": {"type": "string", "minLength": 1}},
        ("team_id", "reason"),
        "Reopen scoring for the closed team on stage (before its reveal), accepting late scores",
    ),
    "reveal": (
        {"force_reason": {"type": "string", "description": "needed while judges are missing"}},
        (),
        "Reveal the team's marks and final score",
    ),
    "scene": (
        {
            "scene": {
                "enum": ["welcome", "draw", "on_stage", "scoring", "reveal", "standings", "results"]
            }
        },
        ("scene",),
        "Switch the hall display's scene",
    ),
    "timer": (
        {"do": {"enum": ["start", "pause", "reset", "talk", "qa"]}},
        ("do",),
        "Start, pause or reset the timer, or switch to the talk or Q&A phase",
    ),
    "online_ready": (
        {"team_id": _TEAM_ID, "ready": {"type": "boolean"}},
        ("team_id", "ready"),
        "Mark an online team as connected (已连线) or not",
    ),
    "overtime": (
        {"points": {"type": "string", "description": "the deduction the host confirmed"}},
        (),
        "Apply the contest's overtime rule to the talk that just ran",
    ),
    "draw": (
        {
            "seed": {"type": "string", "minLength": 1, "maxLength": 200},
            "witnesses": {"type": "string"},
        },
        (),
        "Draw the running order (抽签) before the first call: from the typed seed, or from "
        "the published commitment and the witnesses' entropy when one is open",
    ),
    "draw_commit": (
        {},
        (),
        "Publish the hash of a secret the server draws (witnessed draw, commit)",
    ),
    "draw_witness": (
        {
            "name": {"type": "string", "maxLength": 20},
            "entropy": {"type": "string", "maxLength": 64},
        },
        ("name", "entropy"),
        "Add a witness's random text typed at the console (witnessed draw)",
    ),
    "move": (
        {"team_id": _TEAM_ID, "to": {"enum": ["up", "down", "end"]}},
        ("team_id", "to"),
        "Move a waiting team one place up or down, or to the end",
    ),
    "team_status": (
        {"team_id": _TEAM_ID, "status": {"enum": ["waiting", "absent", "withdrawn"]}},
        ("team_id", "status"),
        "Mark a waiting team absent or withdrawn, or back to waiting",
    ),
}


def _stage_action(action: str, fields: dict, required: tuple[str, ...], summary: str) -> dict:
    expected = {
        "type": "integer",
        "description": "the stage version the host acted on; 409 `stale` if it has moved on",
    }
    body = {"type": "object", "properties": {"expected_version": expected, **fields}}
    if required:
        body["required"] = list(required)
    return {
        "post": {
            "summary": f"{summary} (hosts of the venue, admins)",
            "security": [{"staffSession": []}],
            "parameters": [_id("venue_id")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": {
                "200": _json({"type": "object"}, "the host's snapshot after the action"),
                **_errors(400, 401, 403, 404, 409, 413),
            },
        }
    }


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "发表赛评分系统 API",
        "version": "1",
        "description": "Live state of each venue and judges' score submission. Decimal values "
        "are strings or JSON numbers parsed exactly; the server never uses floats.",
    },
    "components": {
        "schemas": {"Error": _ERROR, "Team": _TEAM, "Submission": _SUBMISSION},
        "securitySchemes": {
            "judgeSession": {
                "type": "apiKey",
                "in": "cookie",
                "name": "session",
                "description": "Set by opening the judge's personal link /j/{key}; POSTs "
                "also need the X-CSRFToken header (the judge page's csrf-token meta tag).",
            },
            "staffSession": {
                "type": "apiKey",
                "in": "cookie",
                "name": "session",
                "description": "Set by staff sign-in; POSTs also need the X-CSRFToken header.",
            },
        },
    },
    "paths": {
        "/api/venues/{venue_id}/state": {
            "get": {
                "summary": "Public snapshot of a venue (what the hall display shows)",
                "parameters": [_id("venue_id")],
                "responses": {
                    "200": _json({"type": "object", "required": ["version", "stage", "standings"]}),
                    **_errors(404),
                },
            }
        },
        "/api/contests/{contest_id}/standings": {
            "get": {
                "summary": "Public standings of a contest (revealed teams, all venues)",
                "description": "Sends an ETag; send If-None-Match to get 304 when unchanged.",
                "parameters": [
                    _id("contest_id"),
                    {"name": "If-None-Match", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": _json({"type": "object", "required": ["contest", "standings"]}),
                    "304": {"description": "not modified since the ETag you sent"},
                    **_errors(404),
                },
            }
        },
        "/api/venues/{venue_id}/audience": {
            "get": {
                "summary": "How many hall displays and remote viewers are connected (hosts)",
                "security": [{"staffSession": []}],
                "parameters": [_id("venue_id")],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "properties": {
                                "display": {"type": "integer"},
                                "viewer": {"type": "integer"},
                            },
                        }
                    ),
                    **_errors(403, 404),
                },
            }
        },
        "/api/venues/{venue_id}/overtime": {
            "get": {
                "summary": "The overtime deduction the rule gives the team on stage now (hosts)",
                "security": [{"staffSession": []}],
                "parameters": [_id("venue_id")],
                "responses": {
                    "200": _json({"type": "object", "required": ["points", "overrun_ms", "text"]}),
                    **_errors(403, 404, 409),
                },
            }
        },
        "/api/venues/{venue_id}/judges/{judge_id}/nudge": {
            "post": {
                "summary": "Nudge a judge: their phone vibrates and flashes (hosts)",
                "security": [{"staffSession": []}],
                "parameters": [
                    _id("venue_id"),
                    _id("judge_id"),
                ],
                "responses": {
                    "200": _json({"type": "object", "required": ["nudged"]}),
                    **_errors(400, 403, 404),
                },
            }
        },
        "/api/judge/state": {
            "get": {
                "summary": "The signed-in judge's view: team on stage, sheet, own current score",
                "security": [{"judgeSession": []}],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["version", "judge", "venue", "team", "scoring_open"],
                            "properties": {
                                "team": {
                                    "anyOf": [
                                        {"$ref": "#/components/schemas/Team"},
                                        {"type": "null"},
                                    ]
                                },
                                "mine": {
                                    "anyOf": [
                                        {"$ref": "#/components/schemas/Submission"},
                                        {"type": "null"},
                                    ]
                                },
                            },
                        }
                    ),
                    **_errors(401),
                },
            }
        },
        "/api/judge/marks": {
            "get": {
                "summary": "「我的评分」: the signed-in judge's current marks in their venue",
                "description": "One row per team, in running order: the judge's current total "
                "and marks, or recused (回避) once a recused team's turn has come.",
                "security": [{"judgeSession": []}],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["items", "teams"],
                            "properties": {
                                "items": {"type": "array", "items": {"type": "object"}},
                                "teams": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["team_id", "team_name", "recused"],
                                        "properties": {
                                            "recused": {"type": "boolean"},
                                            "total": {"type": "string"},
                                            "marks": {
                                                "type": "object",
                                                "additionalProperties": {"type": "string"},
                                            },
                                        },
                                    },
                                },
                            },
                        }
                    ),
                    **_errors(401),
                },
            }
        },
        "/api/judge/scores": {
            "post": {
                "summary": "Submit or revise the judge's marks for the team open for scoring",
                "description": "Idempotent by idempotency_key: resending the same key returns "
                "the stored submission (200) instead of creating another (201).",
                "security": [{"judgeSession": []}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["team_id", "marks", "total", "idempotency_key"],
                                "properties": {
                                    "team_id": {"type": "integer"},
                                    "marks": {
                                        "type": "object",
                                        "description": "score-sheet item id -> mark (full-width "
                                        "digits and 。 are read too)",
                                        "additionalProperties": {"type": ["string", "number"]},
                                    },
                                    "total": {"type": ["string", "number"]},
                                    "idempotency_key": {
                                        "type": "string",
                                        "pattern": "^[A-Za-z0-9_-]{16,64}$",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json(_ACCEPTED, "stored as a new version"),
                    "200": _json(_ACCEPTED, "already stored under this key"),
                    **_errors(400, 401, 409, 413, 422),
                },
            }
        },
        **{
            f"/api/venues/{{venue_id}}/stage/{action}": _stage_action(action, *spec)
            for action, spec in STAGE_ACTIONS.items()
        },
    },
}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(DOCUMENT)
