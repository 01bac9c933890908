"""Teacher pages: accounts, classes, assignments, the dashboard and exports. Teachers see only their classes."""

import hmac
import io
import secrets
from datetime import date

import segno
from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash
from wtforms.fields.choices import SelectChoice

from app import limits
from app.classroom.recovery import new_recovery_code, set_recovery_code
from app.content.course import Course
from app.extensions import db, limiter, login_manager
from app.hosting import absolute_url
from app.learners import insert_or_ignore
from app.mail import send_mail
from app.models import Assignment, Classroom, Student, Teacher
from app.models.base import utcnow
from app.models.classroom import new_join_code
from app.models.teacher import normalise_email
from app.security import same_site_path
from app.teach.export import class_json, grid_csv
from app.teach.forms import (
    AssignForm,
    ClassForm,
    EmptyForm,
    NewPasswordForm,
    RenameForm,
    ResetRequestForm,
    SignInForm,
    SignUpForm,
)
from app.teach.maintenance import delete_classroom
from app.teach.reports import class_report, student_attempts

bp = Blueprint("teach", __name__, url_prefix="/<any(ko, fr, en):lang>/teacher")

login_manager.login_view = "teach.sign_in"
login_manager.login_message = _l("Please sign in to see this page.")
login_manager.login_message_category = "info"
# A real hash of a password nobody knows: an unknown email costs the same check as a known one, so the time an
# answer takes doesn't tell which addresses have an account.
DUMMY_PASSWORD_HASH = generate_password_hash(secrets.token_hex(16))
CONFIRM_MAX_AGE = 3 * 24 * 60 * 60


@login_manager.user_loader
def load_teacher(session_id: str) -> Teacher | None:
    """The teacher whose current session token is in the cookie: after a sign-out or a new password, nobody."""
    teacher_id, _sep, token = session_id.partition(":")
    if not (teacher_id.isdigit() and len(teacher_id) < 10 and token):
        return None
    teacher = db.session.get(Teacher, int(teacher_id))
    if teacher is None or not hmac.compare_digest(teacher.session_token.encode(), token.encode("utf-8", "replace")):
        return None
    return teacher


def course() -> Course:
    return current_app.extensions["course"]


def owned_classroom(class_id: int) -> Classroom:
    """The signed-in teacher's class, or a 404: another teacher's class does not exist for them."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None or classroom.teacher_id != current_user.id:
        abort(404)
    return classroom


# --- accounts -------------------------------------------------------------------------------------

@bp.route("/sign-up", methods=["GET", "POST"])
@limiter.limit(limits.SIGN_UPS_PER_ADDRESS, methods=["POST"], deduct_when=limits.only_redirects)
@limiter.limit(limits.SIGN_UPS_PER_EMAIL, methods=["POST"], key_func=limits.email_in_form,
               deduct_when=limits.only_redirects)
def sign_up():
    """Create a teacher account, confirmed by an emailed link. The answer never says whether the email has one."""
    form = SignUpForm(lang=g.lang)
    if form.validate_on_submit():
        email = normalise_email(form.email.data)
        password_hash = generate_password_hash(form.password.data)  # the same work whether or not it is used
        made = insert_or_ignore(Teacher, email=email, name=form.name.data.strip(), lang=form.lang.data,
                                password_hash=password_hash)
        db.session.commit()
        teacher = db.session.scalar(select(Teacher).where(Teacher.email == email))
        if made or teacher.confirmed_at is None:
            # An unconfirmed account keeps its first password: only the owner of the inbox can confirm it, and
            # they can choose a new password with a reset link.
            _send_confirmation(teacher)
        else:
            send_mail(teacher.email, _("Your Unshared teacher account"),
                      _("Someone, maybe you, tried to create an Unshared teacher account with this email address. "
                        "You already have one.\n\nSign in here:\n%(sign_in)s\n\n"
                        "Forgot your password? Choose a new one here:\n%(reset)s\n\n"
                        "If it wasn't you, ignore this email: nothing has changed.",
                        sign_in=absolute_url("teach.sign_in", lang=teacher.lang),
                        reset=absolute_url("teach.reset_request", lang=teacher.lang)))
        flash(_("Almost done: we have sent an email to this address. Open the link in it to confirm the "
                "address, then sign in."), "success")
        return redirect(url_for("teach.sign_in"))
    return render_template("teach/sign_up.html", form=form), 400 if form.errors else 200


def _confirm_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="confirm-email")


def _send_confirmation(teacher: Teacher) -> None:
    token = _confirm_serializer().dumps({"id": teacher.id, "email": teacher.email})
    link = absolute_url("teach.confirm_email", token=token, lang=teacher.lang)
    send_mail(teacher.email, _("Confirm your email address for Unshared"),
              _("To finish creating your Unshared teacher account, open this link within 3 days:\n%(link)s\n\n"
                "If it wasn't you, ignore this email: the account can't be used without this link.", link=link))


def teacher_from_confirm_token(token: str) -> Teacher | None:
    try:
        data = _confirm_serializer().loads(token, max_age=CONFIRM_MAX_AGE)
    except (SignatureExpired, BadSignature):
        return None
    teacher_id = data.get("id") if isinstance(data, dict) else None
    teacher = db.session.get(Teacher, teacher_id) if isinstance(teacher_id, int) and 0 < teacher_id < 2**31 else None
    if teacher is None or teacher.email != data.get("email"):
        return None
    return teacher


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """Confirm the address from the emailed link. Opening the link only shows a button: mail scanners open links."""
    teacher = teacher_from_confirm_token(token)
    if teacher is None:
        flash(_("This confirmation link has expired. Sign up again to get a new one."), "error")
        return redirect(url_for("teach.sign_up"))
    form = EmptyForm()
    if teacher.confirmed_at is None and form.validate_on_submit():
        teacher.confirm()
        db.session.commit()
    if teacher.confirmed_at is not None:
        flash(_("Your email address is confirmed. You can sign in now."), "success")
        return redirect(url_for("teach.sign_in", lang=teacher.lang))
    return render_template("teach/confirm.html", form=form)


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(limits.SIGN_IN_FAILURES_PER_ACCOUNT, methods=["POST"], key_func=limits.address_and_email_in_form,
               deduct_when=limits.only_failed_guesses)
@limiter.limit(limits.SIGN_IN_FAILURES_PER_ADDRESS, methods=["POST"], deduct_when=limits.only_failed_guesses)
@limiter.limit(limits.SIGN_IN_CEILING, methods=["POST"])
def sign_in():
    """Sign in with email and password; "keep me signed in" sets a cookie for 30 days."""
    form = SignInForm()
    if form.validate_on_submit():
        teacher = db.session.scalar(select(Teacher).where(Teacher.email == normalise_email(form.email.data)))
        password_ok = check_password_hash(teacher.password_hash if teacher else DUMMY_PASSWORD_HASH,
                                          form.password.data)
        if teacher is None or not password_ok:
            limits.failed_guess()
            form.password.errors.append(_("That email and password don't match an account."))
        elif teacher.confirmed_at is None:
            limits.failed_guess()  # each try sends an email: count it
            _send_confirmation(teacher)
            form.email.errors.append(_("Please confirm your email address first: we have sent you a new link."))
        else:
            login_user(teacher, remember=form.remember.data)
            session.permanent = bool(form.remember.data)  # otherwise the session ends with the browser
            target = same_site_path(request.args.get("next")) or url_for("teach.classes", lang=teacher.lang)
            return redirect(target)
    return render_template("teach/sign_in.html", form=form), 400 if form.errors else 200


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    """Sign out everywhere: a new session token ends every session and remember-me cookie of this teacher."""
    form = EmptyForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.end_all_sessions()
            db.session.commit()
        logout_user()
    return redirect(url_for("learn.index"))


def _reset_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_token(teacher: Teacher) -> str:
    # The token carries part of the current password hash, so it stops working once it has been used.
    return _reset_serializer().dumps({"id": teacher.id, "pw": teacher.password_hash[-16:]})


def teacher_from_reset_token(token: str) -> Teacher | None:
    try:
        data = _reset_serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    teacher_id = data.get("id") if isinstance(data, dict) else None
    teacher = db.session.get(Teacher, teacher_id) if isinstance(teacher_id, int) and 0 < teacher_id < 2**31 else None
    if teacher is None or teacher.password_hash[-16:] != data.get("pw"):
        return None
    return teacher


@bp.route("/reset-password", methods=["GET", "POST"])
@limiter.limit(limits.RESET_REQUESTS, methods=["POST"])
def reset_request():
    """Ask for a password reset link by email. The answer is the same whether or not the account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        teacher = db.session.scalar(select(Teacher).where(Teacher.email == normalise_email(form.email.data)))
        if teacher:
            link = absolute_url("teach.reset_password", token=reset_token(teacher), lang=teacher.lang)
            send_mail(teacher.email, _("Reset your Unshared password"),
                      _("Someone asked to reset the password of your Unshared teacher account.\n\n"
                        "To choose a new password, open this link within an hour:\n%(link)s\n\n"
                        "If it wasn't you, ignore this email: your password stays the same.", link=link))
        flash(_("If an account uses that email, we have sent it a link to reset the password."), "success")
        return redirect(url_for("teach.sign_in"))
    return render_template("teach/reset_request.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from an emailed link (signed, expires, works once). Signs out every device."""
    teacher = teacher_from_reset_token(token)
    if teacher is None:
        flash(_("This reset link has expired or was already used. Please ask for a new one."), "error")
        return redirect(url_for("teach.reset_request"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        teacher.set_password(form.password.data)  # a new session token too
        teacher.confirm()  # the link came to the inbox
        db.session.commit()
        logout_user()
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("teach.sign_in"))
    return render_template("teach/reset_password.html", form=form), 400 if form.errors else 200


# --- classes --------------------------------------------------------------------------------------

@bp.route("/classes", methods=["GET", "POST"])
@login_required
def classes():
    """The teacher's classes, and a form to create one."""
    form = ClassForm(lang=g.lang)
    if form.validate_on_submit():
        classroom = Classroom(teacher_id=current_user.id, name=form.name.data.strip(), lang=form.lang.data,
                              join_code=_unused_join_code())
        db.session.add(classroom)
        db.session.commit()
        flash(_("Class created. Share the code with your students."), "success")
        return redirect(url_for("teach.classroom", class_id=classroom.id))
    rows = db.session.execute(
        select(Classroom, func.count(Student.id))
        .outerjoin(Student, Student.classroom_id == Classroom.id)
        .where(Classroom.teacher_id == current_user.id)
        .group_by(Classroom.id).order_by(Classroom.created_at.desc())).all()
    return render_template("teach/classes.html", form=form, rows=rows), 400 if form.errors else 200


def _unused_join_code() -> str:
    while True:
        code = new_join_code()
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


@bp.route("/classes/<int:class_id>")
@login_required
def classroom(class_id: int):
    """The class page: join code, link and QR code, students, and assigned lessons."""
    item = owned_classroom(class_id)
    assigned = {a.lesson_id for a in item.assignments}
    assign_form = AssignForm()
    assign_form.lesson_id.choices = [SelectChoice(lesson.id, lesson.title) for lesson in course().ordered_lessons(g.lang)
                                     if lesson.id not in assigned]
    return render_template("teach/classroom.html", classroom=item, join_page=_join_url(item, with_code=False),
                           join_url=_join_url(item),
                           assign_form=assign_form, rename_form=RenameForm(name=item.name), form=EmptyForm(),
                           lessons={lid: course().lesson(g.lang, lid) for lid in course().lesson_ids})


def _join_url(classroom: Classroom, with_code: bool = True) -> str:
    """The join page in the class's language; with the code filled in for links and the QR code."""
    code = classroom.join_code if with_code else None
    return absolute_url("classroom.join", lang=classroom.lang, code=code)


@bp.route("/classes/<int:class_id>/projector")
@login_required
def projector(class_id: int):
    """The join address, code and QR code, as large as the screen allows, for the class to read."""
    item = owned_classroom(class_id)
    return render_template("teach/projector.html", classroom=item, join_page=_join_url(item, with_code=False))


@bp.route("/classes/<int:class_id>/qr.svg")
@login_required
def qr_code(class_id: int):
    """The join link as an SVG QR code, big enough to project."""
    item = owned_classroom(class_id)
    buffer = io.BytesIO()
    # A standalone SVG document (with its XML namespace), so that browsers show it in an <img>.
    segno.make(_join_url(item), error="m").save(buffer, kind="svg", scale=10, border=2, dark="#000", light="#fff",
                                                 title=item.name)
    return Response(buffer.getvalue(), mimetype="image/svg+xml")


@bp.route("/classes/<int:class_id>/rename", methods=["POST"])
@login_required
def rename(class_id: int):
    item = owned_classroom(class_id)
    form = RenameForm()
    if form.validate_on_submit():
        item.name = form.name.data.strip()
        db.session.commit()
        flash(_("Class renamed."), "success")
    else:
        flash(" ".join(str(e) for e in form.name.errors) or _("Please try again."), "error")
    return redirect(url_for("teach.classroom", class_id=class_id))


@bp.route("/classes/<int:class_id>/<any(archive, unarchive, 'rotate-code', 'close-joining', 'open-joining'):action>",
          methods=["POST"])
@login_required
def class_action(class_id: int, action: str):
    """One-button changes to a class."""
    item = owned_classroom(class_id)
    messages = {
        "archive": _("Class archived. Students can no longer join it."),
        "unarchive": _("Class restored."),
        "rotate-code": _("New join code made. The old code no longer works."),
        "close-joining": _("Joining is closed. Students already in the class can still sign back in."),
        "open-joining": _("Joining is open again."),
    }
    if action == "archive":
        item.archived_at = utcnow()
    elif action == "unarchive":
        item.archived_at = None
    elif action == "rotate-code":
        item.join_code = _unused_join_code()
    else:
        item.joining_open = action == "open-joining"
    db.session.commit()
    flash(messages[action], "success")
    return redirect(url_for("teach.classroom", class_id=class_id))


@bp.route("/classes/<int:class_id>/delete", methods=["GET", "POST"])
@login_required
def delete(class_id: int):
    """Delete a class with its students and all their progress, after a confirmation."""
    item = owned_classroom(class_id)
    form = EmptyForm()
    if form.validate_on_submit():
        delete_classroom(item)
        db.session.commit()
        flash(_("The class and all its students' data were deleted."), "success")
        return redirect(url_for("teach.classes"))
    return render_template("teach/delete.html", classroom=item, form=form)


# --- assignments ----------------------------------------------------------------------------------

@bp.route("/classes/<int:class_id>/assignments", methods=["POST"])
@login_required
def assign(class_id: int):
    """Assign a lesson to the class, at the end of the list, with an optional due date."""
    item = owned_classroom(class_id)
    form = AssignForm()
    assigned = {a.lesson_id for a in item.assignments}
    form.lesson_id.choices = [SelectChoice(lid, lid) for lid in course().lesson_ids if lid not in assigned]
    if form.validate_on_submit():
        position = max((a.position for a in item.assignments), default=0) + 1
        # A double-clicked Assign sends this twice: the second insert meets the unique key and does nothing.
        insert_or_ignore(Assignment, classroom_id=item.id, lesson_id=form.lesson_id.data, position=position,
                         due_date=form.due_date.data)
        db.session.commit()
        flash(_("Lesson assigned."), "success")
    else:
        errors = [str(e) for field in (form.lesson_id, form.due_date) for e in field.errors]
        flash(" ".join(errors) or _("Please try again."), "error")
    return redirect(url_for("teach.classroom", class_id=class_id) + "#assignments")


@bp.route("/classes/<int:class_id>/assignments/<int:assignment_id>/<any(up, down, remove):action>",
          methods=["POST"])
@login_required
def assignment_action(class_id: int, assignment_id: int, action: str):
    """Move an assigned lesson up or down, or unassign it (progress is kept)."""
    item = owned_classroom(class_id)
    ordered = list(item.assignments)
    target = next((a for a in ordered if a.id == assignment_id), None) or abort(404)
    if action == "remove":
        db.session.delete(target)
    else:
        i = ordered.index(target)
        j = i - 1 if action == "up" else i + 1
        if 0 <= j < len(ordered):
            ordered[i].position, ordered[j].position = ordered[j].position, ordered[i].position
    db.session.commit()
    return redirect(url_for("teach.classroom", class_id=class_id) + "#assignments")


# --- dashboard and students -----------------------------------------------------------------------

@bp.route("/classes/<int:class_id>/dashboard")
@login_required
def dashboard(class_id: int):
    """Students × assigned lessons, completion and averages, and the most-missed questions."""
    item = owned_classroom(class_id)
    report = class_report(item, course())
    return render_template("teach/dashboard.html", classroom=item, report=report, course=course(),
                           print_view=request.args.get("print") == "1")


def owned_student(classroom: Classroom, student_id: int) -> Student:
    pupil = db.session.get(Student, student_id)
    if pupil is None or pupil.classroom_id != classroom.id:
        abort(404)
    return pupil


def _student_page(classroom: Classroom, pupil: Student, new_code: str | None = None) -> str:
    return render_template("teach/student.html", classroom=classroom, student=pupil, course=course(),
                           attempts=student_attempts(pupil), form=EmptyForm(), new_code=new_code)


@bp.route("/classes/<int:class_id>/students/<int:student_id>")
@login_required
def student(class_id: int, student_id: int):
    """One student's progress and answers in this class."""
    item = owned_classroom(class_id)
    return _student_page(item, owned_student(item, student_id))


@bp.route("/classes/<int:class_id>/students/<int:student_id>/reset-code", methods=["POST"])
@login_required
def reset_student_code(class_id: int, student_id: int):
    """Give a student a new recovery code (shown once, to the teacher)."""
    item = owned_classroom(class_id)
    pupil = owned_student(item, student_id)
    code = new_recovery_code()
    set_recovery_code(pupil, code)
    db.session.commit()
    return _student_page(item, pupil, new_code=code)


@bp.route("/classes/<int:class_id>/students/<int:student_id>/remove", methods=["POST"])
@login_required
def remove_student(class_id: int, student_id: int):
    """Remove a student from the class, with all their progress."""
    item = owned_classroom(class_id)
    pupil = owned_student(item, student_id)
    db.session.delete(pupil.learner)
    db.session.commit()
    flash(_("The student and their progress were removed."), "success")
    return redirect(url_for("teach.dashboard", class_id=class_id))


# --- exports --------------------------------------------------------------------------------------

def _state_labels() -> dict[str, str]:
    return {"nickname": _("Nickname"), "status": _("Status"), "score": _("Quiz score"),
            "not_started": _("Not started"), "in_progress": _("In progress"), "completed": _("Completed")}


@bp.route("/classes/<int:class_id>/export.csv")
@login_required
def export_csv(class_id: int):
    """The dashboard grid as a spreadsheet."""
    item = owned_classroom(class_id)
    data = grid_csv(class_report(item, course()), course(), g.lang, _state_labels())
    filename = f"unshared-class-{item.id}-{date.today().isoformat()}.csv"
    return Response(data, mimetype="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/classes/<int:class_id>/export.json")
@login_required
def export_json(class_id: int):
    """All the data the app holds about a class."""
    item = owned_classroom(class_id)
    response = current_app.json.response(class_json(class_report(item, course())))
    response.headers["Content-Disposition"] = f'attachment; filename="unshared-class-{item.id}.json"'
    return response
