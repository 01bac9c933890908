"""A teacher's classes: creating, the class page with its join code and QR code, changes, deletion and
assigned lessons. The blueprint has already checked the sign-in and put the teacher's class on `g.classroom`."""

import io

import segno
from flask import Response, abort, flash, g, jsonify, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import func, select
from wtforms.fields.choices import SelectChoice  # type: ignore[attr-defined]  # newer than types-wtforms

from app.confidence import class_changes
from app.extensions import db
from app.hosting import absolute_url
from app.learners import insert_or_ignore
from app.live.results import live_summaries
from app.models import Assignment, Classroom, Student
from app.models.base import utcnow
from app.models.classroom import new_join_code
from app.teach.blueprint import bp, course, polled
from app.teach.forms import AgeBandForm, AssignForm, ClassForm, EmptyForm, RenameForm
from app.teach.maintenance import delete_classroom

# The flash category of the assign form's message, which the class page shows inside the assignments section.
ASSIGNED_FLASH = "assigned"


@bp.route("/classes", methods=["GET", "POST"])
def classes() -> ResponseReturnValue:
    """The teacher's classes, and a form to create one."""
    form = ClassForm(lang=g.lang)
    if form.validate_on_submit():
        classroom = Classroom(
            teacher_id=current_user.id,
            name=(form.name.data or "").strip(),
            lang=form.lang.data,
            age_band=form.age_band.data,
            join_code=_unused_join_code(),
        )
        db.session.add(classroom)
        db.session.commit()
        flash(_("Class created. Share the code with your students."), "success")
        return redirect(url_for("teach.classroom", class_id=classroom.id))
    rows = db.session.execute(
        select(Classroom, func.count(Student.id))
        .outerjoin(Student, Student.classroom_id == Classroom.id)
        .where(Classroom.teacher_id == current_user.id)
        .group_by(Classroom.id)
        .order_by(Classroom.created_at.desc())
    ).all()
    return render_template("teach/classes.html", form=form, rows=rows), 400 if form.errors else 200


def _unused_join_code() -> str:
    while True:
        code = new_join_code()
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


@bp.route("/classes/<int:class_id>")
def classroom() -> ResponseReturnValue:
    """The class page: join code, link and QR code, students, and assigned lessons."""
    return _classroom_page(AssignForm(formdata=None))


def _classroom_page(assign_form: AssignForm) -> str:
    """The class page, with the assign form as given (empty, or as the teacher sent it with its errors)."""
    classroom = g.classroom
    lessons = course().ordered_lessons(g.lang, classroom.age_band)  # in the order of the class's age route
    assign_form.lesson_ids.choices = [SelectChoice(lesson.id, lesson.title) for lesson in lessons]
    return render_template(
        "teach/classroom.html",
        classroom=classroom,
        join_page=_join_url(classroom, with_code=False),
        join_url=_join_url(classroom),
        assign_form=assign_form,
        course_lessons=lessons,
        assigned={a.lesson_id for a in classroom.assignments},
        assigned_flash=ASSIGNED_FLASH,
        rename_form=RenameForm(name=classroom.name),
        age_band_form=AgeBandForm(formdata=None, age_band=classroom.age_band),
        lessons={lesson.id: lesson for lesson in lessons},
        live_sessions=live_summaries(classroom.id),
        confidence_changes=class_changes(classroom.id),
    )


def _join_url(classroom: Classroom, with_code: bool = True) -> str:
    """The join page in the class's language; with the code filled in for links and the QR code."""
    code = classroom.join_code if with_code else None
    return absolute_url("classroom.join", lang=classroom.lang, code=code)


@bp.route("/classes/<int:class_id>/projector")
def projector() -> ResponseReturnValue:
    """The join address, code and QR code, as large as the screen allows, for the class to read, and how many
    students have joined (static/projector.js asks joined.json every few seconds)."""
    return render_template(
        "teach/projector.html",
        classroom=g.classroom,
        join_page=_join_url(g.classroom, with_code=False),
        joined=_joined_text(_student_count(g.classroom)),
    )


@bp.route("/classes/<int:class_id>/joined.json")
@polled
def joined() -> ResponseReturnValue:
    """How many students have joined, for the projector page's script: the number and its sentence."""
    count = _student_count(g.classroom)
    return jsonify(count=count, text=_joined_text(count))


def _student_count(classroom: Classroom) -> int:
    return db.session.scalar(select(func.count(Student.id)).where(Student.classroom_id == classroom.id)) or 0


def _joined_text(count: int) -> str:
    return ngettext("%(num)d student has joined", "%(num)d students have joined", count)


@bp.route("/classes/<int:class_id>/qr.svg")
def qr_code() -> ResponseReturnValue:
    """The join link as an SVG QR code, big enough to project."""
    buffer = io.BytesIO()
    # A standalone SVG document (with its XML namespace), so that browsers show it in an <img>.
    segno.make(_join_url(g.classroom), error="m").save(
        buffer, kind="svg", scale=10, border=2, dark="#000", light="#fff", title=g.classroom.name
    )
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/classes/<int:class_id>/rename", methods=["POST"])
def rename() -> ResponseReturnValue:
    """Rename the class."""
    form = RenameForm()
    if form.validate_on_submit():
        g.classroom.name = (form.name.data or "").strip()
        db.session.commit()
        flash(_("Class renamed."), "success")
    else:
        flash(" ".join(str(e) for e in form.name.errors) or _("Please try again."), "error")
    return redirect(url_for("teach.classroom", class_id=g.classroom.id))


@bp.route("/classes/<int:class_id>/age-band", methods=["POST"])
def change_age_band() -> ResponseReturnValue:
    """The class's age route: its students' lessons, their order, live lessons and packs follow it from now on.
    Progress is kept: a lesson is the same lesson in either version."""
    form = AgeBandForm()
    if form.validate_on_submit():
        g.classroom.age_band = form.age_band.data
        db.session.commit()
        flash(_("Age group changed. Your students' lessons follow it from now on."), "success")
    else:
        flash(" ".join(str(e) for e in form.age_band.errors) or _("Please try again."), "error")
    return redirect(url_for("teach.classroom", class_id=g.classroom.id))


@bp.route(
    "/classes/<int:class_id>/<any(archive, unarchive, 'rotate-code', 'close-joining', 'open-joining'):action>",
    methods=["POST"],
)
def class_action(action: str) -> ResponseReturnValue:
    """One-button changes to a class."""
    classroom = g.classroom
    messages = {
        "archive": _("Class archived. Students can no longer join it."),
        "unarchive": _("Class restored."),
        "rotate-code": _("New join code made. The old code no longer works."),
        "close-joining": _("Joining is closed. Students already in the class can still sign back in."),
        "open-joining": _("Joining is open again."),
    }
    if action == "archive":
        classroom.archived_at = utcnow()
    elif action == "unarchive":
        classroom.archived_at = None
    elif action == "rotate-code":
        classroom.join_code = _unused_join_code()
    else:
        classroom.joining_open = action == "open-joining"
    db.session.commit()
    flash(messages[action], "success")
    return redirect(url_for("teach.classroom", class_id=classroom.id))


@bp.route("/classes/<int:class_id>/delete", methods=["GET", "POST"])
def delete() -> ResponseReturnValue:
    """Delete a class with its students and all their progress, after a confirmation."""
    form = EmptyForm()
    if form.validate_on_submit():
        delete_classroom(g.classroom)
        db.session.commit()
        flash(_("The class and all its students' data were deleted."), "success")
        return redirect(url_for("teach.classes"))
    return render_template("teach/delete.html", classroom=g.classroom, form=form)


# --- assignments ----------------------------------------------------------------------------------


@bp.route("/classes/<int:class_id>/assignments", methods=["POST"])
def assign() -> ResponseReturnValue:
    """Assign one or more lessons to the class, at the end of the list in its age route's order, with one optional
    due date. The message shows inside the assigned lessons' section, where the teacher is looking; a form with
    errors comes back with them, and with what was chosen and typed."""
    classroom = g.classroom
    form = AssignForm()
    route = course().route(classroom.age_band)
    form.lesson_ids.choices = [SelectChoice(lid, lid) for lid in route]
    if not form.validate_on_submit():
        return _classroom_page(form), 400
    chosen = set(form.lesson_ids.data or ())
    assigned = {a.lesson_id for a in classroom.assignments}
    after = max((a.position for a in classroom.assignments), default=0)
    new = [lesson_id for lesson_id in route if lesson_id in chosen and lesson_id not in assigned]
    made = 0
    for offset, lesson_id in enumerate(new, start=1):
        # A double-clicked Assign sends this twice: both requests give each lesson the same place, and the second
        # insert meets the unique key and does nothing.
        made += insert_or_ignore(
            Assignment,
            classroom_id=classroom.id,
            lesson_id=lesson_id,
            position=after + offset,
            due_date=form.due_date.data,
        )
    db.session.commit()
    if made:
        flash(ngettext("%(num)d lesson assigned.", "%(num)d lessons assigned.", made), ASSIGNED_FLASH)
    else:
        flash(_("These lessons were already assigned."), ASSIGNED_FLASH)
    return redirect(url_for("teach.classroom", class_id=classroom.id) + "#assignments")


@bp.route("/classes/<int:class_id>/assignments/<int:assignment_id>/<any(up, down, remove):action>", methods=["POST"])
def assignment_action(assignment_id: int, action: str) -> ResponseReturnValue:
    """Move an assigned lesson up or down, or unassign it (progress is kept)."""
    ordered = list(g.classroom.assignments)
    target = next((a for a in ordered if a.id == assignment_id), None) or abort(404)
    if action == "remove":
        db.session.delete(target)
    else:
        i = ordered.index(target)
        j = i - 1 if action == "up" else i + 1
        if 0 <= j < len(ordered):
            ordered[i].position, ordered[j].position = ordered[j].position, ordered[i].position
    db.session.commit()
    return redirect(url_for("teach.classroom", class_id=g.classroom.id) + "#assignments")
