"""Rate limits designed for a classroom: thirty students, or a whole staff room, share one public address.

Each limit counts what is being guessed (a wrong password for one account, a wrong join code, a wrong recovery
code), so a class doing the right thing is never refused; a generous ceiling per address sits on top. A view
calls `failed_guess()` when a guess was wrong; only those requests count towards the `only_failed_guesses`
limits. Keys never hold an email: it is replaced by a keyed hash, since the limiter logs keys and keeps them in
Redis.

Without Redis (REDIS_URL), each worker process keeps its own counts: with 2 workers, an address gets up to
twice these figures. See docs/deploy.md.
"""

import hashlib
import hmac

from flask import Response, current_app, g, request, session
from flask_limiter.util import get_remote_address

from app.models.teacher import normalise_email

# Teacher sign-in. Wrong passwords per account from one address (as before), and per address over all accounts.
# Another address's wrong guesses never count against a teacher: there is no limit per account alone.
SIGN_IN_FAILURES_PER_ACCOUNT = "10 per minute; 50 per hour"
SIGN_IN_FAILURES_PER_ADDRESS = "30 per minute; 150 per hour"
SIGN_IN_CEILING = "60 per minute"
# Reset emails per address, as before.
RESET_REQUESTS = "10 per minute; 50 per hour"
# Sign-up: emails sent per address, and to one address (no mail-bombing someone's inbox).
SIGN_UPS_PER_ADDRESS = "10 per minute; 50 per hour"
SIGN_UPS_PER_EMAIL = "3 per hour"
# Students: wrong join codes and wrong recovery codes per address, as before; successes don't count, so 60
# students joining and signing back in from one school address in a minute are all let in.
WRONG_JOIN_CODES = "30 per minute"
WRONG_RECOVERY_CODES = "10 per minute; 60 per hour"
STUDENT_CEILING = "150 per minute"
# A live lesson: each phone says it is following every 15 s and answers a few polls; counted per student (the
# learner in the signed cookie), since a whole class shares one address.
LIVE_PER_STUDENT = "20 per minute"


def failed_guess() -> None:
    """Count this request towards the limits on wrong guesses."""
    g.failed_guess = True


def only_failed_guesses(_response: Response) -> bool:
    return bool(g.get("failed_guess"))


def only_redirects(response: Response) -> bool:
    """Count only submissions that were accepted (and sent an email)."""
    return 300 <= response.status_code < 400


def _digest(value: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"limit:" + value.encode("utf-8", "replace"), hashlib.sha256).hexdigest()[:24]


def learner_in_cookie() -> str:
    """The learner id in the signed cookie, as a keyed hash; the address for a browser without one."""
    learner_id = session.get("learner_id")
    return "learner:" + _digest(learner_id) if isinstance(learner_id, str) else get_remote_address()


def email_in_form() -> str:
    """The email being tried, as a keyed hash."""
    return "email:" + _digest(normalise_email(request.form.get("email", "")))


def address_and_email_in_form() -> str:
    return f"{get_remote_address()}|{email_in_form()}"
