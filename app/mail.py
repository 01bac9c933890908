"""Sending email: through SMTP when MAIL_SERVER is set, otherwise to the console. Tests read an outbox."""

import smtplib
import sys
import threading
from email.message import EmailMessage
from logging import Logger

from flask import current_app

SMTP_SETTINGS = ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS", "MAIL_USERNAME", "MAIL_PASSWORD")


def send_mail(to: str, subject: str, body: str) -> threading.Thread | None:
    """Send a plain-text email off the request; returns the sending thread, if SMTP is used."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    if current_app.testing:
        # Only under TESTING: outside tests, every email (reset links too) would stay in memory for good.
        current_app.extensions.setdefault("mail_outbox", []).append(message)
    if not current_app.config.get("MAIL_SERVER"):
        if not current_app.testing:
            print(f"--- email (no MAIL_SERVER set) ---\n{message}\n--- end of email ---", file=sys.stderr)
        return None
    # Sent after the answer, so that a page takes the same time whether or not it emailed someone: the reset
    # and sign-up pages don't tell which addresses have an account.
    config = {key: current_app.config.get(key) for key in SMTP_SETTINGS}
    thread = threading.Thread(target=_send_smtp, args=(config, message, current_app.logger), daemon=True)
    thread.start()
    return thread


def _send_smtp(config: dict, message: EmailMessage, logger: Logger) -> None:
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config["MAIL_USE_TLS"]:
                smtp.starttls()
            if config["MAIL_USERNAME"]:
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # The type only: SMTP errors quote the recipient's address.
        logger.error("Could not send an email: %s", type(error).__name__)
