"""Email: sent by SMTP on a background thread; an in-memory outbox only under TESTING."""

import logging
import socket
import threading
from email import message_from_bytes

import pytest

from app.mail import send_mail


class OneMessageSMTPServer:
    """A plain SMTP server on localhost that accepts one message, enough for smtplib's side of the talk."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.commands: list[str] = []
        self.data = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _address = self.listener.accept()
        with conn, conn.makefile("rb") as lines:
            conn.sendall(b"220 localhost ready\r\n")
            for line in lines:
                command = line.decode().strip()
                self.commands.append(command.split(" ", 1)[0].upper())
                if command.upper() == "DATA":
                    conn.sendall(b"354 go ahead\r\n")
                    for data_line in lines:
                        if data_line == b".\r\n":
                            break
                        self.data += data_line
                    conn.sendall(b"250 queued\r\n")
                elif command.upper() == "QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")

    def close(self):
        self.listener.close()


@pytest.fixture
def smtp_server(app):
    server = OneMessageSMTPServer()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=server.port, MAIL_USE_TLS=False, MAIL_USERNAME=None)
    yield server
    server.close()


def test_mail_is_sent_by_smtp_on_a_background_thread(app, smtp_server):
    with app.test_request_context("/en/"):
        thread = send_mail("teacher@example.org", "Reset your Unshared password", "Open this link: https://x/t")
    assert thread is not None and thread is not threading.current_thread()
    thread.join(timeout=10)
    smtp_server.thread.join(timeout=10)
    assert not thread.is_alive()
    assert smtp_server.commands[:1] == ["EHLO"] and {"MAIL", "RCPT", "DATA", "QUIT"} <= set(smtp_server.commands)
    received = message_from_bytes(smtp_server.data)
    assert received["To"] == "teacher@example.org" and received["Subject"] == "Reset your Unshared password"
    assert "https://x/t" in received.get_payload(decode=True).decode()


def test_a_failed_send_logs_the_error_type_without_the_address(app, caplog):
    with socket.create_server(("127.0.0.1", 0)) as unused:
        port = unused.getsockname()[1]  # closed again below: nothing listens there
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False)
    with caplog.at_level(logging.ERROR, logger=app.logger.name), app.test_request_context("/en/"):
        send_mail("private@example.org", "Subject", "Body").join(timeout=10)
    assert "Could not send an email: ConnectionRefusedError" in caplog.text
    assert "private@example.org" not in caplog.text


def test_no_outbox_in_memory_outside_testing(app, capsys):
    """Without TESTING nothing is kept: an outbox in production would hold every reset link for good."""
    app.testing = False
    try:
        with app.test_request_context("/en/"):
            assert send_mail("teacher@example.org", "Reset", "https://example.org/reset/secret") is None
    finally:
        app.testing = True
    assert "mail_outbox" not in app.extensions
    assert "https://example.org/reset/secret" in capsys.readouterr().err  # the development console outbox


def test_tests_read_sent_mail_from_the_outbox(app):
    with app.test_request_context("/en/"):
        send_mail("teacher@example.org", "Subject", "Body")
    assert [m["To"] for m in app.extensions["mail_outbox"]] == ["teacher@example.org"]
