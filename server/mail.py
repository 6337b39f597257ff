"""Sending notification email over SMTP (aiosmtplib), after the change it reports has been committed.

Mail is sent in the background: the person who made the change never waits for the mail server, and a mail
server that is down, slow or refusing is logged, never turned into a failed request or a rolled-back change.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from email.message import EmailMessage

import aiosmtplib

from server.settings import SmtpSettings

log = logging.getLogger("spaces_audit.mail")
TIMEOUT_SECONDS = 30
_pending: set[asyncio.Task[None]] = set()  # kept so running sends are not garbage-collected


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    text: str
    private: bool = False  # a community reporter's address: never written to the log


def _message(smtp: SmtpSettings, mail: Mail) -> EmailMessage:
    message = EmailMessage()
    message["From"] = smtp.sender
    message["To"] = mail.to
    message["Subject"] = mail.subject
    message.set_content(mail.text)
    return message


async def send(smtp: SmtpSettings, mails: list[Mail]) -> int:
    """Send each mail on one connection; returns how many were accepted. Failures are logged, not raised."""
    if not smtp.enabled or not mails:
        return 0
    implicit_tls = smtp.port == 465
    sent = 0
    try:
        client = aiosmtplib.SMTP(
            hostname=smtp.host,
            port=smtp.port,
            use_tls=implicit_tls,
            start_tls=smtp.starttls and not implicit_tls,
            timeout=TIMEOUT_SECONDS,
        )
        async with client:
            if smtp.user:
                await client.login(smtp.user, smtp.password)
            for mail in mails:
                try:
                    await client.send_message(_message(smtp, mail))
                    sent += 1
                except aiosmtplib.SMTPException as exc:
                    if mail.private:  # the server's refusal usually repeats the address
                        log.warning("A mail to a community reporter was refused.")
                    else:
                        log.warning("Mail to %s was refused: %s", mail.to, exc)
    except (aiosmtplib.SMTPException, OSError) as exc:
        log.warning("Could not send %d notification(s) through %s:%s: %s", len(mails) - sent, smtp.host, smtp.port, exc)
    return sent


def send_later(smtp: SmtpSettings, mails: list[Mail]) -> None:
    """Start sending in the background (call after the change has been committed)."""
    if not smtp.enabled or not mails:
        return
    task = asyncio.get_running_loop().create_task(send(smtp, mails))
    _pending.add(task)
    task.add_done_callback(_pending.discard)


async def drain() -> None:
    """Wait for mail still being sent (at shutdown, and in tests)."""
    while _pending:
        await asyncio.gather(*list(_pending), return_exceptions=True)
