"""Logs without personal data: no form body, email, nickname, token or hash ever reaches a log line.

SQLAlchemy hides statement parameters (`hide_parameters=True` in app/config.py), but an exception's message can
still quote data: PostgreSQL's "Key (email)=(…) already exists", Python's "invalid literal for int(): '…'". So an
unhandled error is logged by where it happened (the endpoint, the exception types and the stack), never by its
message or the request's path, which can hold a reset token.
"""

import traceback
from types import TracebackType

from flask import Flask, request
from sqlalchemy.exc import StatementError


def describe_exception(exc: BaseException) -> str:
    """The exception's type, the SQL statement (never its parameters) and the stack: no message text."""
    lines = []
    seen = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        name = f"{type(current).__module__}.{type(current).__qualname__}"
        if isinstance(current, StatementError):
            orig = current.orig
            if orig is not None:
                name += f" from {type(orig).__module__}.{type(orig).__qualname__}"
            if current.statement:
                name += f"\nSQL: {current.statement}"  # placeholders only, the values are not in it
        lines.append("".join(traceback.format_tb(current.__traceback__)) + name)
        current = current.__cause__ or current.__context__
    return "\n-- while handling --\n".join(reversed(lines))


class UnsharedFlask(Flask):
    """Flask, except that unhandled exceptions are logged without request data or exception messages."""

    def log_exception(self, exc_info: tuple[type, BaseException, TracebackType] | tuple[None, None, None]) -> None:
        exc = exc_info[1]
        self.logger.error(
            "Exception on %s [%s]\n%s",
            request.endpoint or "(no endpoint)",
            request.method,
            describe_exception(exc) if exc is not None else "",
        )
