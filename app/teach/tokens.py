"""Signed links for teacher accounts: confirming an address and resetting a password.

Each token names the teacher and a piece of the data it vouches for (the address, the password hash), so a
link stops working once that data changes: a reset link works once, a confirmation link only for its address.
"""

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app.extensions import db
from app.models import Teacher

CONFIRM_MAX_AGE = 3 * 24 * 60 * 60
# What a reset token keeps of the password hash: enough to tell that the password changed since.
PASSWORD_HASH_TAIL = 16


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _load(salt: str, token: str, max_age: int) -> tuple[Teacher, dict[str, Any]] | None:
    """The teacher a valid, unexpired token names, with the token's data; None for anything else."""
    try:
        data = _serializer(salt).loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None
    teacher_id = data.get("id") if isinstance(data, dict) else None
    if not (isinstance(teacher_id, int) and 0 < teacher_id < 2**31):
        return None
    teacher = db.session.get(Teacher, teacher_id)
    return (teacher, data) if teacher is not None else None


def confirm_token(teacher: Teacher) -> str:
    """A link token that confirms this teacher's current address, for CONFIRM_MAX_AGE seconds."""
    return _serializer("confirm-email").dumps({"id": teacher.id, "email": teacher.email})


def teacher_from_confirm_token(token: str) -> Teacher | None:
    """The teacher whose address the token confirms, or None if it is forged, expired or for another address."""
    found = _load("confirm-email", token, CONFIRM_MAX_AGE)
    if found is None or found[0].email != found[1].get("email"):
        return None
    return found[0]


def reset_token(teacher: Teacher) -> str:
    """A link token to choose a new password; it carries part of the current hash, so it works once."""
    return _serializer("password-reset").dumps({"id": teacher.id, "pw": teacher.password_hash[-PASSWORD_HASH_TAIL:]})


def teacher_from_reset_token(token: str) -> Teacher | None:
    """The teacher who may choose a new password with this token, or None if it is forged, expired or used."""
    found = _load("password-reset", token, current_app.config["PASSWORD_RESET_MAX_AGE"])
    if found is None or found[0].password_hash[-PASSWORD_HASH_TAIL:] != found[1].get("pw"):
        return None
    return found[0]
