"""Views for learners studying on their own: no account, progress kept by an anonymous id."""

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from app import confidence
from app.age_choice import QUERY_ARG, chosen_band, class_band, current_band
from app.content.course import Course
from app.content.kinds import option_order
from app.extensions import db
from app.languages import LANG_PREFIX
from app.learn.forms import AgeForm, build_quiz_form, chosen_answers, field_name, option_seed
from app.learners import (
    assigned_lessons_for_learner,
    current_learner_id,
    current_learner_or_new,
    note_lesson_opened,
    record_attempt,
    remember_opened,
    reserve_learner_id,
    statuses_in_this_browser,
)
from app.models import QuizAttempt

bp = Blueprint("learn", __name__, url_prefix=LANG_PREFIX)


def course() -> Course:
    return current_app.extensions["course"]


def is_teacher() -> bool:
    return bool(getattr(current_user, "is_authenticated", False))


@bp.route("/")
def index() -> ResponseReturnValue:
    """Home: what the course is, where to start, and the help routes."""
    lessons = course().ordered_lessons(g.lang, current_band())
    statuses = statuses_in_this_browser()
    return render_template("learn/index.html", lessons=lessons, statuses=statuses)


@bp.route("/lessons/")
def overview() -> ResponseReturnValue:
    """The course overview: every lesson with this learner's progress, and the choice of age route."""
    return overview_page()


def overview_page(age_form: AgeForm | None = None) -> str:
    """The course page, with the age form as sent with its error, or showing the band this learner reads."""
    band = current_band()
    return render_template(
        "learn/overview.html",
        lessons=course().ordered_lessons(g.lang, band),
        statuses=statuses_in_this_browser(),
        assigned=assigned_lessons_for_learner(current_learner_id()),
        band=band,
        age_form=age_form or AgeForm(formdata=None, band=band),
        class_band=class_band(),
        chosen=chosen_band(),
    )


@bp.route("/lessons/<lesson_id>")
def lesson(lesson_id: str) -> ResponseReturnValue:
    """A lesson: content note first, then the body, then previous and next."""
    band = current_band()
    item = course().lesson(g.lang, lesson_id, band) or abort(404)
    note_lesson_opened(lesson_id, g.lang)  # a reader's in their cookie only: no row, no commit
    prev_id, next_id = course().neighbours(lesson_id, band)
    notes = course().lesson_notes(g.lang, lesson_id, band) if is_teacher() else None
    safeguarding = course().safeguarding.get(g.lang) if notes else None
    check = course().confidence.get(lesson_id)
    own = confidence.own_ratings(lesson_id) if check else {}
    return render_template(
        "learn/lesson.html",
        lesson=item,
        check=check,
        own_ratings=own,
        own_change=confidence.own_change(check, own) if check else [],
        notes=notes,
        safeguarding=safeguarding,
        quiz=course().quizzes.get(lesson_id),
        prev=course().lesson(g.lang, prev_id, band) if prev_id else None,
        next=course().lesson(g.lang, next_id, band) if next_id else None,
        position=course().position(lesson_id, band),
        total=len(course().lesson_ids),
        band=band,
        # A preview asked for by the URL keeps its band on the way to the next lesson.
        band_query={QUERY_ARG: band} if request.args.get(QUERY_ARG) == band else {},
        help_services=course().featured_services(course().default_country[g.lang]),
    )


@bp.route("/lessons/<lesson_id>/quiz", methods=["GET", "POST"])
def quiz(lesson_id: str) -> ResponseReturnValue:
    """The quiz: GET shows the form; POST grades it and shows the result page."""
    item = course().lesson(g.lang, lesson_id) or abort(404)
    quiz = course().quizzes.get(lesson_id) or abort(404)
    seed = option_seed(request.form.get("order"))
    form = build_quiz_form(quiz, g.lang, seed)
    if current_learner_id() is None:
        reserve_learner_id()  # in the cookie before the form is sent, so that a double tap makes one learner
    if form.validate_on_submit():
        learner = current_learner_or_new(g.lang)
        attempt = record_attempt(learner, quiz, g.lang, chosen_answers(form, quiz), shuffle_seed=seed)
        db.session.commit()
        remember_opened(lesson_id)  # its progress row exists now: opening the lesson again writes nothing
        return redirect(url_for("learn.result", lesson_id=lesson_id, attempt_id=attempt.id), code=303)
    # The questions still to answer (or answered with a choice that isn't one), numbered as on the page.
    fields = [(n, form[field_name(q.id)]) for n, q in enumerate(quiz.questions, 1)]
    problems = [(n, field) for n, field in fields if field.errors]
    return render_template(
        "learn/quiz.html",
        lesson=item,
        quiz=quiz,
        form=form,
        words=quiz.words[g.lang],
        field_name=field_name,
        problems=problems,
    ), 400 if form.errors else 200


@bp.route("/lessons/<lesson_id>/quiz/results/<int:attempt_id>")
def result(lesson_id: str, attempt_id: int) -> ResponseReturnValue:
    """Feedback on every question of one attempt. Only the learner who made it can see it."""
    item = course().lesson(g.lang, lesson_id) or abort(404)
    quiz = course().quizzes.get(lesson_id) or abort(404)
    attempt = db.session.get(QuizAttempt, attempt_id)
    if attempt is None or attempt.lesson_id != lesson_id or attempt.learner_id != current_learner_id():
        abort(404)
    answers = {a.question_id: a for a in attempt.answers}
    band = current_band()
    _prev_id, next_id = course().neighbours(lesson_id, band)
    orders = {q.id: option_order(q, attempt.shuffle_seed) for q in quiz.questions}
    return render_template(
        "learn/result.html",
        lesson=item,
        quiz=quiz,
        attempt=attempt,
        answers=answers,
        orders=orders,
        words=quiz.words[g.lang],
        next=course().lesson(g.lang, next_id, band) if next_id else None,
    )


@bp.route("/help")
def help() -> ResponseReturnValue:
    """Help routes for a country (default by language), and what to do right now."""
    countries = course().countries
    country = request.args.get("country", "").upper()
    if country not in countries:
        country = course().default_country[g.lang]
    services = course().services_for(country)
    has_national = any("INTL" not in s.countries for s in services)
    # The international page shows the crisis lines of the countries this edition is written for.
    danger_countries = course().crisis_countries[g.lang] if country == "INTL" else (country,)
    danger = list({s.id: s for c in danger_countries for s in course().danger_services(c)}.values())
    danger.sort(key=lambda s: s.kind != "crisis")  # every crisis line first, then the emergency numbers
    return render_template(
        "learn/help.html",
        country=country,
        countries=countries,
        services=services,
        danger=danger,
        has_national=has_national,
        right_now=course().pages[g.lang]["right-now"],
    )


@bp.route("/pages/<page_id>")
def page(page_id: str) -> ResponseReturnValue:
    """About, privacy, staying safe online, what to do right now."""
    item = course().pages[g.lang].get(page_id) or abort(404)
    return render_template("learn/page.html", page=item)
