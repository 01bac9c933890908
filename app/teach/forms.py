"""Teacher forms. Labels and messages are lazy so that each request gets its own language."""

from datetime import UTC, datetime, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    ValidationError,
)
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # newer than types-wtforms
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from app.age_bands import OLDER
from app.forms import Form, age_band_field
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
    age_band = age_band_field(_l("Age group"), _l("Please choose the class's age group."), default=OLDER)


class AgeBandForm(Form):
    age_band = age_band_field(_l("Age group"), _l("Please choose the class's age group."))


class RenameForm(Form):
    name = StringField(
        _l("Class name"), validators=[DataRequired(_l("Please give the class a name.")), Length(max=100)]
    )


class AssignForm(Form):
    """Several lessons at once, with one due date. The view sets the choices: every lesson of the course, so that
    a lesson assigned in the meantime (a double submit, another tab) is accepted and skipped, not an error."""

    lesson_ids = SelectMultipleField(
        _l("Lessons"), choices=[], validators=[DataRequired(_l("Choose at least one lesson to assign."))]
    )
    due_date = DateField(  # type: ignore[call-arg]  # invalid_value_message is newer than types-wtforms
        _l("Due date (optional)"),
        validators=[Optional()],
        invalid_value_message=_l("Please enter a date such as 2026-12-01 (year, month, day)."),
    )

    def validate_due_date(self, field: DateField) -> None:
        # A day's grace: the server's date is UTC's, which runs ahead of the teacher's in the Americas.
        if field.data is not None and field.data < datetime.now(UTC).date() - timedelta(days=1):
            raise ValidationError(_l("This date has passed. Choose a due date from today on."))


class EmptyForm(Form):
    """For buttons that change something: CSRF protection and nothing else."""


class LetterForm(Form):
    """The school's name for the letter home: sent with GET and never stored, so no CSRF token."""

    class Meta:
        csrf = False

    school = StringField(
        _l("Your school's name"),
        validators=[Optional(), Length(max=120, message=_l("Please keep the school's name under 120 characters."))],
    )
