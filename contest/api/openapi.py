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
                "description": "Set by opening the judge's personal link /j/{key}.",
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
        "/api/venues/{venue_id}/judges/{judge_id}/nudge": {
            "post": {
                "summary": "Nudge a judge: their phone vibrates and flashes (hosts)",
                "security": [{"staffSession": []}],
                "parameters": [
                    _id("venue_id"),
                    _id("judge_id"),
                ],
                "responses": {"200": _json({"type": "object"}), **_errors(403, 404)},
            }
        },
        "/api/judge/state": {
            "get": {
                "summary": "The signed-in judge's view: team on stage, sheet, own current score",
                "security": [{"judgeSession": []}],
                "responses": {"200": _json({"type": "object"}), **_errors(401)},
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
                                        "description": "score-sheet item id -> mark",
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
                    "201": _json({"type": "object"}, "stored as a new version"),
                    "200": _json({"type": "object"}, "already stored under this key"),
                    **_errors(400, 401, 409, 422),
                },
            }
        },
        "/api/venues/{venue_id}/stage/{action}": {
            "post": {
                "summary": "Host action on the stage or the running order",
                "security": [{"staffSession": []}],
                "parameters": [
                    _id("venue_id"),
                    {
                        "name": "action",
                        "in": "path",
                        "required": True,
                        "schema": {
                            "enum": [
                                "call",
                                "open",
                                "close",
                                "reveal",
                                "scene",
                                "timer",
                                "online_ready",
                                "draw",
                                "move",
                                "team_status",
                                "overtime",
                            ]
                        },
                    },
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "expected_version": {"type": "integer"},
                                    "team_id": {"type": "integer"},
                                    "force_reason": {"type": "string"},
                                    "do": {"enum": ["start", "pause", "reset", "talk", "qa"]},
                                    "ready": {"type": "boolean"},
                                    "seed": {"type": "string", "maxLength": 200},
                                    "witnesses": {"type": "string"},
                                    "to": {"enum": ["up", "down", "end"]},
                                    "status": {"enum": ["waiting", "absent", "withdrawn"]},
                                    "scene": {
                                        "enum": [
                                            "welcome",
                                            "draw",
                                            "on_stage",
                                            "scoring",
                                            "reveal",
                                            "standings",
                                            "results",
                                        ]
                                    },
                                },
                            }
                        }
                    }
                },
                "responses": {"200": _json({"type": "object"}), **_errors(400, 401, 403, 404, 409)},
            }
        },
    },
}


@bp.get("/openapi.json")
def openapi_document():
    return jsonify(DOCUMENT)
