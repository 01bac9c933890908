"""Student forms: a class code and a nickname. Never an email, a password or a real name."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp

from app.forms import Form

NICKNAME_MAX = 24


def collapse_spaces(value: str | None) -> str | None:
    """"Blue  Fox " and "Blue Fox" are the same nickname."""
    return " ".join(value.split()) if value else value


class JoinForm(Form):
    code = StringField(_l("Class code"), validators=[
        DataRequired(_l("Please type the code your teacher gave you.")), Length(max=20)])
    nickname = StringField(_l("Nickname"), filters=[collapse_spaces], validators=[
        DataRequired(_l("Please choose a nickname.")),
        Length(min=2, max=NICKNAME_MAX, message=_l("A nickname has 2 to %(max)d characters.", max=NICKNAME_MAX)),
        Regexp(r"^[^<>@/\\]+$", message=_l("Please use letters, numbers and spaces only."))])


class SignBackInForm(JoinForm):
    recovery_code = StringField(_l("Recovery code"), validators=[
        DataRequired(_l("Please type your recovery code.")), Length(max=80)])
