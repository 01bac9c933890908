"""Student forms: a class code and a nickname. Never an email, a password or a real name."""

from flask_babel import lazy_gettext as _l
from wtforms import Field, StringField
from wtforms.form import BaseForm
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from app.forms import Form
from app.nicknames import has_invisible_characters, normalise_nickname

NICKNAME_MAX = 24


def visible_characters_only(form: BaseForm, field: Field) -> None:
    """Zero-width, bidirectional and control characters would let two different names look the same."""
    if field.data and has_invisible_characters(field.data):
        raise ValidationError(_l("Please use only visible letters, numbers and spaces."))


class JoinForm(Form):
    code = StringField(
        _l("Class code"), validators=[DataRequired(_l("Please type the code your teacher gave you.")), Length(max=20)]
    )
    nickname = StringField(
        _l("Nickname"),
        filters=[normalise_nickname],
        validators=[
            DataRequired(_l("Please choose a nickname.")),
            visible_characters_only,
            Length(min=2, max=NICKNAME_MAX, message=_l("A nickname has 2 to %(max)d characters.", max=NICKNAME_MAX)),
            Regexp(r"^[^<>@/\\]+$", message=_l("Please use letters, numbers and spaces only.")),
        ],
    )


class SignBackInForm(JoinForm):
    recovery_code = StringField(
        _l("Recovery code"), validators=[DataRequired(_l("Please type your recovery code.")), Length(max=80)]
    )
