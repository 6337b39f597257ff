"""Reminders to each schedule's responsible member: 30 days before an audit is due, and on the day it becomes
overdue (due.py says which day calls for which), each sent once.

A background task looks every few minutes, with the same mail settings as every other notification
(server/mail.py). Each reminder is claimed by inserting its ScheduleReminder row before the mail goes, so it is
sent once across restarts and server processes; a mail that reached nobody releases its claims, to be tried at
the next look. A person's reminders of one look go in one mail, in their language, each with a link that opens
"Plan this audit" already filled in. Nothing else waits for any of this, and a failure is only logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from datetime import date

from tortoise.exceptions import IntegrityError

from server import mail
from server.background import run_every
from server.domain.schedules import due
from server.domain.schedules.store import RELATED
from server.domain.schedules.views import Standing, standings
from server.messages import known, say
from server.messages.formats import day
from server.models import Schedule, ScheduleReminder, User
from server.settings import Settings

log = logging.getLogger("spaces_audit.schedules")
CHECK_SECONDS = 300
KINDS = ("soon", "overdue")


def plan_url(base_url: str, schedule_id: object) -> str:
    """The address of "Plan this audit" for a schedule (the planning screen, filled in from it)."""
    return f"{base_url}/#/audits/new?schedule={schedule_id}"


async def waiting(on: date) -> list[tuple[Standing, str]]:
    """The reminders this day calls for that have not been sent, with their kind."""
    schedules = await Schedule.filter(responsible__disabled=False).prefetch_related(*RELATED)
    sent = {(str(r.schedule_id), r.kind, r.due_on)  # type: ignore[attr-defined]
            for r in await ScheduleReminder.filter(schedule_id__in=[s.id for s in schedules])}
    out = []
    for st in await standings(list(schedules), on):
        kind = st.due.reminder if st.due else None
        if kind and (str(st.schedule.id), kind, st.due.due_on) not in sent:  # type: ignore[union-attr]
            out.append((st, kind))
    return out


def _lines(st: Standing, lang: str, base_url: str) -> list[str]:
    s = st.schedule
    assert st.due is not None
    lines = [say("mail.schedule.line", lang, checklist=st.checklist.title(lang), code=s.building.code,
                 building=s.building.name, date=day(st.due.due_on, lang))]
    lines.append("  " + (say("mail.schedule.last", lang, date=day(due.utc_day(st.last.submitted_at), lang))
                         if st.last else say("mail.schedule.never", lang)))
    if base_url:
        lines.append("  " + say("mail.schedule.plan", lang, url=plan_url(base_url, s.id)))
    return lines


def reminder_mail(to: User, items: list[tuple[Standing, str]], base_url: str) -> mail.Mail:
    """One mail to a responsible member about their reminders (overdue first), in their language."""
    lang = known(to.lang)
    first = items[0][0]
    subject = say("mail.schedule.subject", lang, count=len(items), checklist=first.checklist.title(lang),
                  code=first.schedule.building.code)
    body = [say("mail.hello", lang, name=to.name), ""]
    for kind in reversed(KINDS):
        these = [st for st, k in items if k == kind]
        if these:
            body += [say(f"mail.schedule.{kind}", lang, count=len(these)), ""]
            for st in these:
                body += [*_lines(st, lang, base_url), ""]
    if not base_url:
        body += [say("mail.schedule.no_link", lang), ""]
    body.append(say("mail.schedule.footer", lang))
    return mail.Mail(to.email, " ".join(subject.split()), "\n".join(body))


async def _claim(st: Standing, kind: str, on: date) -> ScheduleReminder | None:
    assert st.due is not None
    try:
        return await ScheduleReminder.create(schedule_id=st.schedule.id, kind=kind, due_on=st.due.due_on,
                                             sent_on=on, to_email=st.schedule.responsible.email)
    except IntegrityError:
        return None  # another process has it


async def run_once(settings: Settings, on: date | None = None) -> int:
    """One look: send every reminder due and not yet sent; how many mails went."""
    if not settings.smtp.enabled:
        return 0  # nothing is claimed: the reminders go once mail is set up
    on = on or due.today()
    by_person: dict[str, list[tuple[Standing, str, ScheduleReminder]]] = defaultdict(list)
    for st, kind in await waiting(on):
        claim = await _claim(st, kind, on)
        if claim is not None:
            by_person[str(st.schedule.responsible.id)].append((st, kind, claim))
    sent = 0
    for claimed in by_person.values():
        to = claimed[0][0].schedule.responsible
        if await mail.send(settings.smtp, [reminder_mail(to, [(st, kind) for st, kind, _ in claimed],
                                                         settings.public_url)]):
            sent += 1
        else:  # refused or the server is down: try again at the next look
            await ScheduleReminder.filter(id__in=[c.id for _, _, c in claimed]).delete()
    return sent


def start(settings: Settings) -> asyncio.Task[None]:
    """The background task for the app's lifespan (stop it with server.housekeeping.stop)."""
    work = run_every(CHECK_SECONDS, lambda: run_once(settings), what="Schedule reminders", wait_first=True)
    return asyncio.create_task(work,
                               name="schedule-reminders")
