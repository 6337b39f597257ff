"""Which committed finding events become email, to whom, saying what: the same events as the inbox.

Assigned -> the assignee (one mail per person for a bulk assignment); reopened -> the assignee; resolved ->
the committee, except whoever resolved it (they cannot verify their own work).
"""

from __future__ import annotations

from collections import defaultdict

from server.auth.permissions import ROLES, verbs_for
from server.domain.findings.views import RELATED
from server.mail import Mail
from server.models import Finding, FindingEvent, User, UserRole

MAILED = ("assigned", "reopened", "resolved")


def _where(f: Finding) -> str:
    s, b = f.space, f.space.building
    room = f", room {s.room_number}" if s.room_number else ""
    return f"{b.code} {b.name}, floor {s.floor}{room} ({s.name})"


def _lines(f: Finding, base_url: str) -> list[str]:
    lines = [f"- {f.title} [{f.severity}]", f"  Where: {_where(f)}"]
    if f.remedy:
        lines.append(f"  Remedy: {f.remedy.replace('_', ' ')}")
    if f.due_date:
        lines.append(f"  Due: {f.due_date.isoformat()} (priority {f.priority})")
    if base_url:
        lines.append(f"  {base_url}/#/findings/{f.id}")
    return lines


async def _verifiers(except_id: str) -> list[User]:
    """Everyone who may verify (the committee), but not the person who did the work."""
    roles = [role for role in ROLES if "finding.verify" in verbs_for([role])]
    ids = await UserRole.filter(role__in=roles).values_list("user_id", flat=True)
    return [u for u in await User.filter(id__in=list(set(ids)), disabled=False) if str(u.id) != except_id]


def _mail(to: User, subject: str, intro: str, findings: list[Finding], base_url: str) -> Mail:
    body = [f"Hello {to.name},", "", intro, ""]
    for f in findings:
        body += _lines(f, base_url)
    body += ["", "This message was sent by Spaces Audit; your inbox in the app lists the same items."]
    return Mail(to.email, " ".join(subject.split()), "\n".join(body))  # a title's line breaks never reach a header


WAITING = "A finding has been resolved and waits for a committee member to verify it (before and after)."


async def _mails_for_one(event: FindingEvent, f: Finding, base_url: str) -> list[Mail]:
    """Reopened and resolved mail; assignments are grouped per person by mails_for."""
    if event.to_status == "reopened" and f.assignee is not None and not f.assignee.disabled:
        why = f"The committee reopened a finding you worked on. Their reason: {event.note}"
        return [_mail(f.assignee, f"Reopened: {f.title}", why, [f], base_url)]
    if event.to_status == "resolved":
        resolver = str(event.actor_id)  # type: ignore[attr-defined]
        subject = f"Waiting for verification: {f.title}"
        return [_mail(member, subject, WAITING, [f], base_url) for member in await _verifiers(resolver)]
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
        what = f"Assigned to you: {group[0].title}" if len(group) == 1 else f"{len(group)} findings assigned to you"
        mails.append(_mail(group[0].assignee, what, "The committee assigned this work to you:", group, base_url))
    return mails
