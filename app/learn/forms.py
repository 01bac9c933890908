"""The quiz form, built from quiz data so that no quiz has a hand-written form."""

import secrets
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, HiddenField
from wtforms.fields.choices import SelectField, SelectMultipleField
from wtforms.form import BaseForm
from wtforms.validators import StopValidation, ValidationError

from app.content.course import Quiz
from app.forms import Form, age_band_field

SEED_LIMIT = 2**31  # fits an INTEGER column on every database


class Answered:
    """Every question needs an answer; the message says which, in the learner's language."""

    def __call__(self, form: BaseForm, field: Field) -> None:
        if not field.data:
            raise StopValidation(_l("Please answer this question."))


class KnownChoices:
    """A forged or stale answer is refused with a message, never a 500."""

    def __call__(self, form: BaseForm, field: SelectField | SelectMultipleField) -> None:
        # kinds.py passes SelectChoice objects (WTForms 3.3), which types-wtforms 3.2 does not know yet.
        allowed = {choice.value for choice in field.choices}  # type: ignore[union-attr]
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(value not in allowed for value in chosen):
            raise ValidationError(_l("That answer is not one of the choices. Please choose again."))


def field_name(question_id: str) -> str:
    return "q_" + question_id.replace("-", "_")


def option_seed(raw: str | None) -> int:
    """The posted seed of this attempt's option order, or a fresh one (first view, or a forged value)."""
    if raw and raw.isascii() and raw.isdigit() and int(raw) < SEED_LIMIT:
        return int(raw)
    return secrets.randbelow(SEED_LIMIT)


def build_quiz_form(quiz: Quiz, lang: str, seed: int, **kwargs: Any) -> FlaskForm:
    """A FlaskForm with one field per question, in quiz order, built by the question's kind; the options in the
    order `seed` gives them, carried in a hidden field so a re-shown form keeps the same order."""

    class QuizForm(FlaskForm):
        order = HiddenField(default=str(seed))

    words = quiz.words[lang]
    for question in quiz.questions:
        text = words[question.id]
        choices = [(oid, text.options[oid].label) for oid in question.type.option_order(question, seed)]
        setattr(
            QuizForm,
            field_name(question.id),
            question.type.form_field(text.prompt, choices, validators=[Answered(), KnownChoices()]),
        )
    return QuizForm(**kwargs)


def chosen_answers(form: FlaskForm, quiz: Quiz) -> dict[str, set[str]]:
    answers = {}
    for question in quiz.questions:
        data = form[field_name(question.id)].data
        answers[question.id] = set(data) if isinstance(data, list) else {data}
    return answers


class AgeForm(Form):
    """A self-study learner's age route: which version of the lessons they read, and in which order."""

    band = age_band_field(_l("Which version of the course suits you?"), _l("Please choose one of the two versions."))
