"""Teacher forms. Labels and messages are lazy so that each request gets its own language."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # newer than types-wtforms
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.forms import Form
from app.languages import LANGUAGE_NAMES

PASSWORD_MIN_LENGTH = 10


def _language_choices() -> list[SelectChoice]:
    return [SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]


def new_password_field(label: str) -> PasswordField:
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Please choose a password.")),
            Length(
                min=PASSWORD_MIN_LENGTH,
                max=200,
                message=_l("Your password needs at least %(num)d characters.", num=PASSWORD_MIN_LENGTH),
            ),
        ],
    )


class SignUpForm(Form):
    name = StringField(_l("Your name"), validators=[DataRequired(_l("Please enter your name.")), Length(max=100)])
    email = EmailField(
        _l("School email"),
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Email(_l("Please enter a valid email address."), check_deliverability=False),
            Length(max=254),
        ],
    )
    password = new_password_field(_l("Password"))
    confirm = PasswordField(
        _l("Password again"), validators=[EqualTo("password", _l("The two passwords are not the same."))]
    )
    lang = SelectField(_l("Preferred language"), choices=_language_choices())


class SignInForm(Form):
    email = EmailField(_l("Email"), validators=[DataRequired(_l("Please enter your email address."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Please enter your password."))])
    remember = BooleanField(_l("Keep me signed in on this device for 30 days"))


class ResetRequestForm(Form):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(_l("Please enter your email address.")),
            Email(_l("Please enter a valid email address."), check_deliverability=False),
        ],
    )


class NewPasswordForm(Form):
    password = new_password_field(_l("New password"))
    confirm = PasswordField(
        _l("New password again"), validators=[EqualTo("password", _l("The two passwords are not the same."))]
    )


class ClassForm(Form):
    name = StringField(
        _l("Class name"), validators=[DataRequired(_l("Please give the class a name.")), Length(max=100)]
    )
    lang = SelectField(_l("Course language"), choices=_language_choices())


class RenameForm(Form):
    name = StringField(
        _l("Class name"), validators=[DataRequired(_l("Please give the class a name.")), Length(max=100)]
    )


class AssignForm(Form):
    lesson_id = SelectField(_l("Lesson"), choices=[], validate_choice=True)
    due_date = DateField(_l("Due date (optional)"), validators=[Optional()])


class EmptyForm(Form):
    """For buttons that change something: CSRF protection and nothing else."""
