"""The base of every form: no NUL byte or control character reaches the database or a page."""

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, RadioField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # newer than types-wtforms
from wtforms.validators import AnyOf, DataRequired

from app.age_bands import AGE_BANDS, OLDER, YOUNGER

# Tabs and line breaks are whitespace that the fields' filters collapse or strip; the rest of Unicode's
# "Cc" category (NUL, ESC, DEL, the C1 controls) has no business in a name, an email or a password.
ALLOWED_CONTROLS = frozenset("\t\n\r")
CONTROL_MESSAGE = _l("Please remove the invisible control characters from this field.")


def has_control_characters(value: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROLS for ch in value)


class Form(FlaskForm):
    """A FlaskForm that refuses control characters in any field, with a translated error on that field."""

    def validate(self, extra_validators: Mapping[str, Sequence[Any]] | None = None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if field is getattr(self, "csrf_token", None):
                continue
            if any(isinstance(raw, str) and has_control_characters(raw) for raw in field.raw_data or ()):
                field.errors = [*field.errors, CONTROL_MESSAGE]
                valid = False
        return valid


def add_error(field: Field, message: str) -> None:
    """Show a message under a field after validation, as its own validators would."""
    field.errors = [*field.errors, message]


def age_band_field(label: Any, message: Any, default: str | None = None) -> RadioField:
    """A choice of age route, with one message in the reader's words whatever was sent."""
    return RadioField(
        label,
        choices=[SelectChoice(YOUNGER, _l("Ages 12 to 14")), SelectChoice(OLDER, _l("Ages 15 to 18"))],
        default=default,
        validators=[DataRequired(message), AnyOf(AGE_BANDS, message)],
        validate_choice=False,
    )
