"""The live session's forms: starting one, the teacher's controls, and a student's answer built from the step."""

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, RadioField, SelectField
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # newer than types-wtforms
from wtforms.validators import AnyOf, DataRequired, InputRequired, NumberRange, Optional, ValidationError

from app.content.course import Course
from app.forms import Form
from app.learn.forms import Answered, KnownChoices
from app.live.sessions import ACTIONS
from app.live.steps import Step


class StartForm(Form):
    lesson = SelectField(_l("Lesson"), validators=[DataRequired(_l("Choose a lesson."))], validate_choice=False)
    with_quiz = BooleanField(_l("Ask the quiz questions live at the end"))

    def validate_lesson(self, field: SelectField) -> None:
        if field.data not in dict(field.choices or []):  # type: ignore[arg-type]
            raise ValidationError(_l("Choose a lesson."))


def start_form(course: Course, lang: str, band: str, assigned: list[str], **kwargs: Any) -> StartForm:
    """The lessons assigned to the class first, then the rest of the course in the order of the class's route."""
    order = assigned + [lid for lid in course.route(band) if lid not in assigned]
    form = StartForm(**kwargs)
    form.lesson.choices = [(lid, course.lessons[lang][lid].title) for lid in order if course.lesson(lang, lid)]
    return form


class ControlForm(Form):
    action = HiddenField(validators=[AnyOf(ACTIONS)])
    version = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=2**31)])
    goto = IntegerField(_l("Go to step"), validators=[Optional(), NumberRange(min=1, max=500)])


class PresenceForm(Form):
    """Sent by the student's phone now and then (and by the no-JS "show the current step" button)."""


def answer_form(step: Step, labels: list[tuple[str, str]], **kwargs: Any) -> Form:
    """One field, `answer`, in the kind of the poll or question: radio buttons, or checkboxes for several answers."""

    key = step.key

    class AnswerForm(Form):
        step = HiddenField(default=key)

    validators = [Answered(), KnownChoices()]
    if step.question is not None:
        field = step.question.type.form_field("", labels, validators)
    else:
        choices = [SelectChoice(value, label) for value, label in labels]
        field = RadioField("", choices=choices, validators=validators, validate_choice=False)
    AnswerForm.answer = field
    return AnswerForm(**kwargs)
