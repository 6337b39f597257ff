"""The one mail a reporter who left an address receives: "your report KF7-M2Q-9XD has an update".

Nothing of the report is in it (not the space, the status or the committee's words): mail passes through
servers and inboxes the reporter may not control. It cannot carry the follow-up link either, since the key is
never stored: it asks the reporter to open the link they kept. It is sent in the report's language, in the
background after the change is committed (server/mail.py), and a mail server that fails never blocks or undoes
anything; the address is never written to the log.

Who calls it: the committee side, after a reply to the reporter or a change of the report's status, and
after a finding that reports follow changes state (see states.close_for_finding). When the change closed
the report, its address has already been deleted in the same transaction: pass it as `farewell` so the
reporter still learns of this last update.
"""

from __future__ import annotations

from server import mail
from server.domain.community.codes import display
from server.domain.community.text import say
from server.models import CommunityReport, ReporterContact
from server.settings import Settings


def reporter_mail(report: CommunityReport, address: str) -> mail.Mail:
    code = display(report.tracking_code)
    return mail.Mail(address, say("mail_subject", report.lang, code=code), say("mail_body", report.lang, code=code),
                     private=True)


async def notify_reporter(report: CommunityReport, settings: Settings, farewell: str | None = None) -> bool:
    """Queue the update mail if the reporter left an address (or `farewell`, the one closing just deleted);
    whether one was queued. Spam gets none: it is never answered."""
    if report.status == "spam" or not settings.smtp.enabled:
        return False
    address = farewell
    if address is None:
        contact = await ReporterContact.get_or_none(report_id=report.id)
        address = contact.email if contact else None
    if not address:
        return False
    mail.send_later(settings.smtp, [reporter_mail(report, address)])
    return True
