"""What a class did: the dashboard, one student's page (with a new recovery code or removal) and the exports.

The blueprint has already checked the sign-in and put the teacher's class on `g.classroom`, and the student of
that class on `g.student`."""

from datetime import date
from functools import cache
from types import SimpleNamespace

from flask import Response, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import format_date, format_number, format_percent
from flask_babel import gettext as _

from app.classroom.recovery import new_recovery_code, set_recovery_code
from app.extensions import db
from app.labels import right_answers
from app.lesson_status import LessonState
from app.teach.blueprint import bp, course
from app.teach.export import class_json, grid_csv, result_words
from app.teach.forms import EmptyForm
from app.teach.reports import class_grid, class_report, student_attempts


@bp.route("/classes/<int:class_id>/dashboard")
def dashboard() -> ResponseReturnValue:
    """Students × assigned lessons, completion and averages, and the most-missed questions."""
    report = class_report(g.classroom, course())
    return render_template(
        "teach/dashboard.html",
        classroom=g.classroom,
        report=report,
        course=course(),
        printed_on=_today(),
        lesson_urls={
            a.lesson_id: url_for("learn.lesson", lesson_id=a.lesson_id, age=g.classroom.age_band)
            for a in report.assignments
        },
        fmt=_number_formats(),
    )


def _number_formats() -> SimpleNamespace:
    """The locale's number formats, each distinct number formatted once per page: a class's grid prints the
    same few scores hundreds of times, and Babel's formatting is the dearest part of rendering it."""
    return SimpleNamespace(right=cache(right_answers), number=cache(format_number), percent=cache(format_percent))


def _today() -> str:
    """Today's date for a printed page's header, in the page's language."""
    return format_date(date.today(), "long")


def _student_page(new_code: str | None = None) -> str:
    return render_template(
        "teach/student.html",
        classroom=g.classroom,
        student=g.student,
        course=course(),
        attempts=student_attempts(g.student),
        form=EmptyForm(),
        new_code=new_code,
        printed_on=_today(),
    )


@bp.route("/classes/<int:class_id>/students/<int:student_id>")
def student() -> ResponseReturnValue:
    """One student's progress and answers in this class."""
    return _student_page()


@bp.route("/classes/<int:class_id>/students/<int:student_id>/reset-code", methods=["POST"])
def reset_student_code() -> ResponseReturnValue:
    """Give a student a new recovery code (shown once, to the teacher), in the class's language."""
    code = new_recovery_code(g.classroom.lang)
    set_recovery_code(g.student, code)
    db.session.commit()
    return _student_page(new_code=code)


@bp.route("/classes/<int:class_id>/students/<int:student_id>/remove", methods=["GET", "POST"])
def remove_student() -> ResponseReturnValue:
    """Remove a student from the class with all their progress, after a confirmation page."""
    form = EmptyForm()
    if form.validate_on_submit():
        db.session.delete(g.student.learner)
        db.session.commit()
        flash(_("The student and their progress were removed."), "success")
        return redirect(url_for("teach.dashboard", class_id=g.classroom.id))
    return render_template("teach/remove_student.html", classroom=g.classroom, student=g.student, form=form)


# --- exports --------------------------------------------------------------------------------------


def _csv_labels() -> dict[str, str]:
    """The CSV's headings and the states' labels, translated now: the rows are written after the request."""
    labels: dict[str, str] = {state: state.label for state in LessonState}
    return {**labels, "nickname": _("Nickname"), "status": _("Status"), "score": _("Quiz: questions right")}


@bp.route("/classes/<int:class_id>/export.csv")
def export_csv() -> ResponseReturnValue:
    """The dashboard grid as a spreadsheet, streamed."""
    grid = class_grid(g.classroom)
    chunks = grid_csv(grid, course(), g.lang, _csv_labels(), result_words(grid, right_answers))
    filename = f"unshared-class-{g.classroom.id}-{date.today().isoformat()}.csv"
    return Response(
        chunks,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/classes/<int:class_id>/export.json")
def export_json() -> ResponseReturnValue:
    """All the data the app holds about a class, streamed."""
    return Response(
        class_json(class_grid(g.classroom)),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="unshared-class-{g.classroom.id}.json"'},
    )
