"""Sending e-mail over SMTP (password-reset links), configured by ``PYROAD_SMTP_*``.

Called after the HTTP response has gone out: a slow or failing SMTP server delays no page
and never becomes a 500; failures are logged for the administrator.
"""

from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid

from pyroad.config import Settings

log = logging.getLogger("pyroad.mail")
TIMEOUT_S = 20.0


def sender(settings: Settings) -> str:
    if settings.smtp_from:
        return settings.smtp_from
    if "@" in settings.smtp_user:
        return settings.smtp_user
    return f"pyroad@{settings.smtp_host}"


def send_mail(settings: Settings, to: str, subject: str, body: str) -> None:
    """Send one plain-text message; raises ``OSError``/``smtplib.SMTPException`` on failure."""
    message = EmailMessage()
    message["From"] = sender(settings)
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=sender(settings).rpartition("@")[2] or None)
    message.set_content(body)
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.smtp_port == 465:
        smtp = smtplib.SMTP_SSL(
            settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S, context=context
        )
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S)
    with smtp:
        if settings.smtp_starttls and settings.smtp_port != 465:
            smtp.starttls(context=context)
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password.get_secret_value())
        smtp.send_message(message)


def try_send_mail(settings: Settings, to: str, subject: str, body: str) -> bool:
    """``send_mail``, logging instead of raising: the caller has already answered."""
    try:
        send_mail(settings, to, subject, body)
    except (OSError, smtplib.SMTPException) as error:
        log.error(
            "could not send e-mail %r via %s:%d: %s",
            subject,
            settings.smtp_host,
            settings.smtp_port,
            error,
        )
        return False
    return True
