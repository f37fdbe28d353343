"""Error pages in Chinese: never a bare English stack or a 500 without a message."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from contest.server.logs import redact

MESSAGES = {
    400: _l("请求无效"),
    401: _l("请先登录"),
    403: _l("您没有权限访问此页面"),
    404: _l("页面不存在"),
    405: _l("不支持此操作"),
    413: _l("上传的文件太大"),
    429: _l("尝试次数过多，请稍后再试"),
    500: _l("服务器出错，请联系会务组"),
}


CODES = {
    400: "bad_request",
    401: "not_signed_in",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
}


def _respond(status: int, message: object, code: str | None = None):
    message = str(message)
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(error=code or CODES.get(status, "error"), message=message), status
    return render_template("error.html", status=status, message=message), status


def answer(status: int, message: object = None, code: str | None = None):
    """An error answer in Chinese (HTML, or JSON for the API), e.g. a 429 from a view."""
    return _respond(status, MESSAGES[status] if message is None else message, code)


def register(app: Flask) -> None:
    @app.before_request
    def refuse_unstorable_text():
        """A NUL in the path, the query or a form field is a clear 400, never a 500.

        PostgreSQL text cannot hold NUL: looked up or stored, it fails as a database error.
        """
        fields = [request.path]
        for values in (request.args, request.form):
            fields.extend(text for pair in values.items(multi=True) for text in pair)
        if any("\x00" in text for text in fields):
            return _respond(400, _l("请求内容包含无效字符"), "bad_request")
        return None

    @app.errorhandler(CSRFError)
    def csrf_error(_error: CSRFError):
        return _respond(400, _l("页面已过期或表单无效，请刷新页面后重试"), "csrf")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        return _respond(code, MESSAGES.get(code, error.name))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        # Redacted: a judge's key travels in the path of /j/<key>.
        app.logger.exception("unhandled error on %s %s", request.method, redact(request.path))
        return _respond(500, MESSAGES[500])
