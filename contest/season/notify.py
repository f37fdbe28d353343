"""Notices to the channels' people: a message list in the app, and e-mail when SMTP is set.

`post` adds the message to the caller's transaction (so a notice exists exactly when what
it reports happened); after the commit, `deliver` e-mails those posted in this request and
keeps each outcome on its row (a failed e-mail never undoes the action, and shows to staff).
SMTP settings: CONTEST_SMTP_HOST (unset: no e-mail), _PORT, _FROM, _USER, _PASSWORD,
_STARTTLS ("1").
"""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app, g

from contest.extensions import db
from contest.models.types import utcnow
from contest.season.models import Applicant, Message

SMTP_SECONDS = 10


def post(person: Applicant, subject: str, body: str) -> Message:
    message = Message(applicant=person, subject=subject[:200], body=body[:4000])
    db.session.add(message)
    db.session.flush()
    g.setdefault("season_outbox", []).append(message.id)
    return message


def deliver() -> int:
    """E-mail the messages posted in this request (after its commit); how many were sent."""
    ids = g.pop("season_outbox", [])
    settings = current_app.config
    host = settings.get("CONTEST_SMTP_HOST")
    if not ids or not host:
        return 0
    sent = 0
    for message in db.session.query(Message).filter(Message.id.in_(ids)).all():
        address = message.applicant.email
        if not address:
            message.email_error = "未填写 E-mail"
            continue
        try:
            _send(settings, address, message)
        except (OSError, smtplib.SMTPException) as error:
            message.email_error = f"{type(error).__name__}: {error}"[:300]
        else:
            message.emailed_at = utcnow()
            sent += 1
    db.session.commit()
    return sent


def _send(settings, address: str, message: Message) -> None:
    mail = EmailMessage()
    mail["Subject"] = message.subject
    mail["From"] = settings.get("CONTEST_SMTP_FROM") or "noreply@localhost"
    mail["To"] = address
    mail.set_content(message.body)
    port = int(settings.get("CONTEST_SMTP_PORT") or 25)
    with smtplib.SMTP(settings["CONTEST_SMTP_HOST"], port, timeout=SMTP_SECONDS) as smtp:
        if settings.get("CONTEST_SMTP_STARTTLS"):
            smtp.starttls()
        if settings.get("CONTEST_SMTP_USER"):
            smtp.login(settings["CONTEST_SMTP_USER"], settings.get("CONTEST_SMTP_PASSWORD", ""))
        smtp.send_message(mail)


def unread(person: Applicant) -> int:
    return (
        db.session.query(Message)
        .filter(Message.applicant_id == person.id, Message.read_at.is_(None))
        .count()
    )
