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


def teacher_tag(session_id: int, version: int, answers_version: int, following: int) -> str:
    """What the presenter and the projector show changes with a teacher action, an answer or a phone arriving."""
    return f"{session_id}-{version}-{answers_version}-{following}"


def student_tag(session_id: int, version: int, answers_version: int, answered: bool, sees_results: bool) -> str:
    """A phone's view changes with a teacher action, its own answer, and the counts only once it may see them (a
    student still choosing is not disturbed by everyone else's answers)."""
    return f"{session_id}-{version}-{answers_version if sees_results else 0}-{int(answered)}"


def quoted(tag: str) -> str:
    """The tag as the ETag header carries it, for the page to start its polling from."""
    return f'W/"{tag}"'
