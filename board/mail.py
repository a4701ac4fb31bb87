"""Outgoing email for urgent safeguarding alerts: SMTP when MAIL_SERVER is configured, the log
otherwise (so a laptop install still shows that an alert went out)."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send(recipients: list[str], subject: str, body: str) -> None:
    if not recipients:
        return
    config = current_app.config
    if not config.get("MAIL_SERVER"):
        current_app.logger.warning("EMAIL to %s: %s\n%s", ", ".join(recipients), subject, body)
        return
    message = EmailMessage()
    message["From"] = config.get("MAIL_FROM") or f"empathy-board@{config['MAIL_SERVER']}"
    message["To"] = ", ".join(recipients)
    message["Subject"] = subject
    message.set_content(body)
    try:
        with smtplib.SMTP(
            config["MAIL_SERVER"], int(config.get("MAIL_PORT", 587)), timeout=10
        ) as smtp:
            if config.get("MAIL_USE_TLS", True):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD", ""))
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException):
        # The in-app alert already stands; a mail failure must not lose the post.
        current_app.logger.exception("Could not email the alert to %s", recipients)
