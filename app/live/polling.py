"""The small JSON state that phones and the projector ask for every 2 s, with a weak ETag made from the session's
versions: when nothing changed the answer is a bodiless 304, and the page's script does nothing."""

from flask import current_app, jsonify
from flask.typing import ResponseReturnValue

POLL_SECONDS = 2


def state_response(state: dict, tag: str) -> ResponseReturnValue:
    response = jsonify(state)
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = "no-cache, private"
    return response


def not_modified(tag: str) -> ResponseReturnValue:
    response = current_app.response_class(status=304)
    response.set_etag(tag, weak=True)
    response.headers["Cache-Control"] = "no-cache, private"
    return response
