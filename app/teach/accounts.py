"""Teacher accounts: sign-up confirmed by email, sign-in, sign-out everywhere, and password reset by email.

These are the teacher pages open to visitors who are not signed in (`public`).
"""

import secrets

from flask import flash, g, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from app import limits
from app.extensions import db, limiter
from app.forms import add_error
from app.hosting import absolute_url
from app.learners import insert_or_ignore
from app.mail import send_mail
from app.models import Teacher
from app.models.teacher import hash_password, normalise_email
from app.security import same_site_path
from app.teach.blueprint import bp, public
from app.teach.forms import EmptyForm, NewPasswordForm, ResetRequestForm, SignInForm, SignUpForm
from app.teach.tokens import confirm_token, reset_token, teacher_from_confirm_token, teacher_from_reset_token

# A real hash of a password nobody knows: an unknown email costs the same check as a known one, so the time an
# answer takes doesn't tell which addresses have an account.
DUMMY_PASSWORD_HASH = generate_password_hash(secrets.token_hex(16))


@bp.route("/sign-up", methods=["GET", "POST"])
@public
@limiter.limit(limits.SIGN_UPS_PER_ADDRESS, methods=["POST"], deduct_when=limits.only_redirects)
@limiter.limit(
    limits.SIGN_UPS_PER_EMAIL, methods=["POST"], key_func=limits.email_in_form, deduct_when=limits.only_redirects
)
def sign_up() -> ResponseReturnValue:
    """Create a teacher account, confirmed by an emailed link. The answer never says whether the email has one."""
    form = SignUpForm(lang=g.lang)
    if form.validate_on_submit():
        email = normalise_email(form.email.data or "")
        password_hash = hash_password(form.password.data or "")  # the same work whether or not it is used
        made = insert_or_ignore(
            Teacher, email=email, name=(form.name.data or "").strip(), lang=form.lang.data, password_hash=password_hash
        )
        db.session.commit()
        teacher = db.session.scalars(select(Teacher).where(Teacher.email == email)).one()
        if made or teacher.confirmed_at is None:
            # An unconfirmed account keeps its first password: only the owner of the inbox can confirm it, and
            # they can choose a new password with a reset link.
            _send_confirmation(teacher)
        else:
            send_mail(
                teacher.email,
                _("Your Unshared teacher account"),
                _(
                    "Someone, maybe you, tried to create an Unshared teacher account with this email address. "
                    "You already have one.\n\nSign in here:\n%(sign_in)s\n\n"
                    "Forgot your password? Choose a new one here:\n%(reset)s\n\n"
                    "If it wasn't you, ignore this email: nothing has changed.",
                    sign_in=absolute_url("teach.sign_in", lang=teacher.lang),
                    reset=absolute_url("teach.reset_request", lang=teacher.lang),
                ),
            )
        flash(
            _(
                "Almost done: we have sent an email to this address. Open the link in it to confirm the "
                "address, then sign in."
            ),
            "success",
        )
        return redirect(url_for("teach.sign_in"))
    return render_template("teach/sign_up.html", form=form), 400 if form.errors else 200


def _teacher_with_email(email: str) -> Teacher | None:
    return db.session.scalar(select(Teacher).where(Teacher.email == normalise_email(email)))


def _send_confirmation(teacher: Teacher) -> None:
    link = absolute_url("teach.confirm_email", token=confirm_token(teacher), lang=teacher.lang)
    send_mail(
        teacher.email,
        _("Confirm your email address for Unshared"),
        _(
            "To finish creating your Unshared teacher account, open this link within 3 days:\n%(link)s\n\n"
            "If it wasn't you, ignore this email: the account can't be used without this link.",
            link=link,
        ),
    )


@bp.route("/confirm/<token>", methods=["GET", "POST"])
@public
def confirm_email(token: str) -> ResponseReturnValue:
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
@public
@limiter.limit(
    limits.SIGN_IN_FAILURES_PER_ACCOUNT,
    methods=["POST"],
    key_func=limits.address_and_email_in_form,
    deduct_when=limits.only_failed_guesses,
)
@limiter.limit(limits.SIGN_IN_FAILURES_PER_ADDRESS, methods=["POST"], deduct_when=limits.only_failed_guesses)
@limiter.limit(limits.SIGN_IN_CEILING, methods=["POST"])
def sign_in() -> ResponseReturnValue:
    """Sign in with email and password; "keep me signed in" sets a cookie for 30 days."""
    form = SignInForm()
    if form.validate_on_submit():
        teacher = _teacher_with_email(form.email.data or "")
        password_ok = check_password_hash(
            teacher.password_hash if teacher else DUMMY_PASSWORD_HASH, form.password.data or ""
        )
        if teacher is None or not password_ok:
            limits.failed_guess()
            add_error(form.password, _("That email and password don't match an account."))
        elif teacher.confirmed_at is None:
            limits.failed_guess()  # each try sends an email: count it
            _send_confirmation(teacher)
            add_error(form.email, _("Please confirm your email address first: we have sent you a new link."))
        else:
            login_user(teacher, remember=form.remember.data)
            session.permanent = bool(form.remember.data)  # otherwise the session ends with the browser
            target = same_site_path(request.args.get("next")) or url_for("teach.classes", lang=teacher.lang)
            return redirect(target)
    return render_template("teach/sign_in.html", form=form), 400 if form.errors else 200


@bp.route("/sign-out", methods=["POST"])
@public
def sign_out() -> ResponseReturnValue:
    """Sign out everywhere: a new session token ends every session and remember-me cookie of this teacher."""
    form = EmptyForm()
    if form.validate_on_submit():
        if current_user.is_authenticated:
            current_user.end_all_sessions()
            db.session.commit()
        logout_user()
    return redirect(url_for("learn.index"))


@bp.route("/reset-password", methods=["GET", "POST"])
@public
@limiter.limit(limits.RESET_REQUESTS, methods=["POST"])
def reset_request() -> ResponseReturnValue:
    """Ask for a password reset link by email. The answer is the same whether or not the account exists."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        teacher = _teacher_with_email(form.email.data or "")
        if teacher:
            link = absolute_url("teach.reset_password", token=reset_token(teacher), lang=teacher.lang)
            send_mail(
                teacher.email,
                _("Reset your Unshared password"),
                _(
                    "Someone asked to reset the password of your Unshared teacher account.\n\n"
                    "To choose a new password, open this link within an hour:\n%(link)s\n\n"
                    "If it wasn't you, ignore this email: your password stays the same.",
                    link=link,
                ),
            )
        flash(_("If an account uses that email, we have sent it a link to reset the password."), "success")
        return redirect(url_for("teach.sign_in"))
    return render_template("teach/reset_request.html", form=form), 400 if form.errors else 200


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
def reset_password(token: str) -> ResponseReturnValue:
    """Choose a new password from an emailed link (signed, expires, works once). Signs out every device."""
    teacher = teacher_from_reset_token(token)
    if teacher is None:
        flash(_("This reset link has expired or was already used. Please ask for a new one."), "error")
        return redirect(url_for("teach.reset_request"))
    form = NewPasswordForm()
    if form.validate_on_submit():
        teacher.set_password(form.password.data or "")  # a new session token too
        teacher.confirm()  # the link came to the inbox
        db.session.commit()
        logout_user()
        flash(_("Your password has been changed. You can sign in now."), "success")
        return redirect(url_for("teach.sign_in"))
    return render_template("teach/reset_password.html", form=form), 400 if form.errors else 200
