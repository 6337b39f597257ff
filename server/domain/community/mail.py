"""Email about community reports: the committee's mail about new reports, and the update notice a reporter who
left an address receives after the committee acts (its words are server/domain/community/reporter_mail.py).

The committee's mail is a daily digest by default (SPACES_COMMUNITY_DIGEST): counts, where and what (space and
category), and a link to the app; never a reporter's words or anything else of theirs. Each member gets it in
their own language (server/messages; English when they have chosen none). A background task
looks every few minutes; each mail is claimed by inserting its CommunityDigest row first, so with several
server processes it goes out once. A mail server that fails is logged and the mail tried again at the next
look; nothing else waits for it.

Closing a report (states.py) deletes the address its reporter left: right after their last notice has been
queued here, and, should a process stop in between, by the sweep the same background task runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from server import mail
from server.background import run_every
from server.domain.community import reporter_mail, states
from server.domain.findings.mail import where
from server.messages import known, say
from server.messages.formats import day
from server.models import CommunityDigest, CommunityReport, FindingEvent, ReporterContact, User, UserRole
from server.settings import Settings
from server.vocabulary import label

log = logging.getLogger("spaces_audit.community")
CHECK_SECONDS = 300
CLAIMS_KEPT = timedelta(days=30)
# Which reports a digest tells of: (the key of its opening line, and the days it names, if any).
Since = tuple[str, dict[str, date]]


# Reporters ---------------------------------------------------------------------------------------------------

async def tell_reporters(settings: Settings, report_ids: Iterable[Any]) -> None:
    """After a committed change to these reports: each reporter who left an address gets the update notice;
    then the addresses of the reports now closed are deleted. Never raises."""
    ids = [str(i) for i in report_ids]
    try:
        reports = await CommunityReport.filter(id__in=ids)
        for report in reports:
            await reporter_mail.notify_reporter(report, settings)
        await states.forget_contacts([str(r.id) for r in reports if r.closed_on is not None or r.status == "spam"])
    except Exception:  # the change is committed; the sweep deletes any address left behind
        log.exception("Could not notify reporters after a change to %d report(s)", len(ids))


async def after_finding_events(settings: Settings, events: list[FindingEvent]) -> None:
    """Reports closed by these finding moves (in their transaction, states.close_for_finding): each reporter's
    last notice, then their address goes."""
    finding_ids = [e.finding_id for e in events if e.to_status in states.FINDING_CLOSES]  # type: ignore[attr-defined]
    if not finding_ids:
        return
    waiting = await ReporterContact.filter(report__finding_id__in=finding_ids, report__closed_on__isnull=False) \
        .values_list("report_id", flat=True)
    if waiting:
        await tell_reporters(settings, waiting)


# The committee's digest --------------------------------------------------------------------------------------

async def _committee() -> list[User]:
    ids = await UserRole.filter(role="committee").values_list("user_id", flat=True)
    return list(await User.filter(id__in=list(set(ids)), disabled=False).order_by("name"))


async def _claim(key: str, on: date) -> CommunityDigest | None:
    try:
        return await CommunityDigest.create(key=key, on=on)
    except IntegrityError:
        return None  # another process has it


def _body(to: User, reports: list[CommunityReport], waiting: int, base_url: str, since: Since) -> str:
    lang = known(to.lang)
    key, days = since
    lines = [say("mail.hello", lang, name=to.name), "",
             say(f"mail.digest.{key}", lang, count=len(reports), **{k: day(d, lang) for k, d in days.items()}), ""]
    places = Counter((where(r.space, lang), label("report_categories", r.category, lang)) for r in reports)
    lines += [say("mail.digest.line", lang, count=n, where=where, category=category)
              for (where, category), n in sorted(places.items())]
    lines += ["", say("mail.digest.waiting_now", lang, count=waiting)]
    lines.append(say("mail.digest.link", lang, url=f"{base_url}/#/community") if base_url
                 else say("mail.digest.no_link", lang))
    lines += ["", say("mail.digest.footer", lang)]
    return "\n".join(lines)


def _mail(to: User, reports: list[CommunityReport], waiting: int, base_url: str, since: Since) -> mail.Mail:
    subject = say("mail.digest.subject", known(to.lang), count=len(reports))
    return mail.Mail(to.email, subject, _body(to, reports, waiting, base_url, since))


async def _send(settings: Settings, claim: CommunityDigest, reports: list[CommunityReport], since: Since) -> int:
    """Mail the committee about these reports; a claim whose mail reached nobody is released, to try again."""
    claim.reports = len(reports)
    await claim.save()
    if not reports:
        return 0
    waiting = await CommunityReport.filter(status__in=states.OPEN).count()
    mails = [_mail(u, reports, waiting, settings.public_url, since) for u in await _committee()]
    sent = await mail.send(settings.smtp, mails)
    if mails and not sent:
        await claim.delete()
    return sent


async def _new(**where: Any) -> list[CommunityReport]:
    return list(await CommunityReport.filter(**where).exclude(status="spam").order_by("received_on", "id")
                .prefetch_related("space__building"))


async def send_daily(settings: Settings) -> int:
    """Today's digest, once: reports received since the day of the previous digest, up to yesterday."""
    today = states.today()
    previous = await CommunityDigest.filter(key__startswith="day:", on__lt=today).order_by("-on").first()
    claim = await _claim(f"day:{today.isoformat()}", today)
    if claim is None:
        return 0
    if previous is None:  # the first digest: whatever nobody has looked at yet
        reports = await _new(status="received", received_on__lt=today)
        return await _send(settings, claim, reports, ("waiting", {}))
    reports = await _new(received_on__gte=previous.on, received_on__lt=today)
    since = ("between", {"first": previous.on, "last": today - timedelta(days=1)})
    return await _send(settings, claim, reports, since)


async def send_each(settings: Settings) -> int:
    """A mail for each report received since yesterday that has not had one."""
    today, sent = states.today(), 0
    for report in await _new(received_on__gte=today - timedelta(days=1)):
        claim = await _claim(f"report:{report.id}", today)
        if claim is not None:
            sent += await _send(settings, claim, [report], ("received", {}))
    return sent


async def run_once(settings: Settings) -> int:
    """One look: the sweep of addresses left for closed reports, old claims, then the digest that is due."""
    swept = await states.forget_closed_contacts()
    if swept:
        log.info("Deleted %d address(es) left for closed community reports.", swept)
    await CommunityDigest.filter(on__lt=states.today() - CLAIMS_KEPT).delete()
    if settings.community_digest == "off" or not settings.smtp.enabled:
        return 0
    return await (send_daily(settings) if settings.community_digest == "daily" else send_each(settings))


def start(settings: Settings) -> asyncio.Task[None]:
    """The background task for the app's lifespan (stop it with server.housekeeping.stop)."""
    work = run_every(CHECK_SECONDS, lambda: run_once(settings), what="Community report mail", wait_first=True)
    return asyncio.create_task(work,
                               name="community-mail")
