"""Which committed finding events become email, to whom, saying what: the same events as the inbox.

Assigned -> the assignee (one mail per person for a bulk assignment); reopened -> the assignee; resolved ->
the committee, except whoever resolved it (they cannot verify their own work). Each mail is in its
recipient's language (their profile's; English when they have chosen none): its words from server/messages,
labels from server/vocabulary, dates as the language writes them.
"""

from __future__ import annotations

from collections import defaultdict

from server.auth.permissions import ROLES, verbs_for
from server.domain.findings.views import RELATED
from server.mail import Mail
from server.messages import known, say
from server.messages.formats import day
from server.models import Finding, FindingEvent, Space, User, UserRole
from server.vocabulary import label

MAILED = ("assigned", "reopened", "resolved")


def where(s: Space, lang: str) -> str:
    """A space as mail names it: "WLK Walk Hall, floor 1, room 101 (Room 1)" (its building prefetched)."""
    b = s.building
    if s.room_number:
        return say("mail.where_room", lang, code=b.code, building=b.name, floor=s.floor, room=s.room_number,
                   space=s.name)
    return say("mail.where", lang, code=b.code, building=b.name, floor=s.floor, space=s.name)


def _lines(f: Finding, base_url: str, lang: str) -> list[str]:
    lines = [f"- {f.title} [{label('severities', f.severity, lang)}]",
             "  " + say("mail.finding.where", lang, where=where(f.space, lang))]
    if f.remedy:
        lines.append("  " + say("mail.finding.remedy", lang, remedy=label("remedies", f.remedy, lang)))
    if f.due_date:
        lines.append("  " + say("mail.finding.due", lang, date=day(f.due_date, lang),
                                priority=label("priorities", f.priority, lang)))
    if base_url:
        lines.append(f"  {base_url}/#/findings/{f.id}")
    return lines


async def _verifiers(except_id: str) -> list[User]:
    """Everyone who may verify (the committee), but not the person who did the work."""
    roles = [role for role in ROLES if "finding.verify" in verbs_for([role])]
    ids = await UserRole.filter(role__in=roles).values_list("user_id", flat=True)
    return [u for u in await User.filter(id__in=list(set(ids)), disabled=False) if str(u.id) != except_id]


def _mail(to: User, what: str, findings: list[Finding], base_url: str, **params: str) -> Mail:
    """The mail `what` (mail.<what>.subject and .intro in the catalogue) about these findings, in `to`'s language."""
    lang = known(to.lang)
    subject = say(f"mail.{what}.subject", lang, count=len(findings), title=findings[0].title, **params)
    body = [say("mail.hello", lang, name=to.name), "", say(f"mail.{what}.intro", lang, **params), ""]
    for f in findings:
        body += _lines(f, base_url, lang)
    body += ["", say("mail.finding.footer", lang)]
    return Mail(to.email, " ".join(subject.split()), "\n".join(body))  # a title's line breaks never reach a header


async def _mails_for_one(event: FindingEvent, f: Finding, base_url: str) -> list[Mail]:
    """Reopened and resolved mail; assignments are grouped per person by mails_for."""
    if event.to_status == "reopened" and f.assignee is not None and not f.assignee.disabled:
        return [_mail(f.assignee, "reopened", [f], base_url, reason=event.note)]
    if event.to_status == "resolved":
        resolver = str(event.actor_id)  # type: ignore[attr-defined]
        return [_mail(member, "resolved", [f], base_url) for member in await _verifiers(resolver)]
    return []


async def mails_for(events: list[FindingEvent], base_url: str) -> list[Mail]:
    """The mail for events just committed (one mail per assignee for many assignments at once)."""
    wanted = [e for e in events if e.to_status in MAILED]
    ids = [e.finding_id for e in wanted]  # type: ignore[attr-defined]
    findings = {str(f.id): f for f in await Finding.filter(id__in=ids).prefetch_related(*RELATED)} if ids else {}
    assigned: dict[str, list[Finding]] = defaultdict(list)
    mails = []
    for event in wanted:
        f = findings[str(event.finding_id)]  # type: ignore[attr-defined]
        if event.to_status == "assigned" and f.assignee is not None:
            assigned[str(f.assignee.id)].append(f)
        mails += await _mails_for_one(event, f, base_url)
    for group in assigned.values():
        mails.append(_mail(group[0].assignee, "assigned", group, base_url))
    return mails
