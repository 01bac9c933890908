"""Sending email: through SMTP when MAIL_SERVER is set, otherwise to the console (and to tests)."""

import smtplib
import sys
from email.message import EmailMessage

from flask import current_app


def send_mail(to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    # Tests read what was sent from here; in development this doubles as the console outbox.
    current_app.extensions.setdefault("mail_outbox", []).append(message)
    server = current_app.config.get("MAIL_SERVER")
    if not server:
        if not current_app.testing:
            print(f"--- email (no MAIL_SERVER set) ---\n{message}\n--- end of email ---", file=sys.stderr)
        return
    with smtplib.SMTP(server, current_app.config["MAIL_PORT"], timeout=10) as smtp:
        if current_app.config["MAIL_USE_TLS"]:
            smtp.starttls()
        if current_app.config.get("MAIL_USERNAME"):
            smtp.login(current_app.config["MAIL_USERNAME"], current_app.config["MAIL_PASSWORD"])
        smtp.send_message(message)
