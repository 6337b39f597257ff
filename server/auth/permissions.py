"""The one table of who may do what: roles map to named verbs, and one function checks them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from server.errors import Forbidden

ROLES: tuple[str, ...] = ("admin", "auditor", "facilities", "committee")

# Verbs are named "noun.action". Any logged-in user may read the registry of places (everyone's work
# happens in spaces); only administrators change people and places.
# Auditors plan and walk audits; committees plan them and read every audit. Who may walk a given audit is
# also its team: see server/domain/audits/access.py.
# Findings (issue 6): everyone has finding.read and finding.comment, but sees only some findings
# (server/domain/findings/access.py): committee and admins all of them (finding.read_all), auditors those of the
# audits they may see, facilities those assigned to them. The committee triages (accept, decline, mark a
# duplicate) and verifies or reopens; committee and admins assign; facilities work on what is assigned to
# them (start, resolve, upload after-photos). finding.transition only lets a request reach the transition
# route: each move's own verb is checked there, from the table in server/domain/findings/states.py.
# Reports (issue 7): the committee and admins read the dashboard, the inventory, every report and the CSV
# exports (report.read); an audit's own report follows audit.read and the audit's team (auditors get their
# audits' reports). The JSON archive of everything (people included) is for admins only (data.export).
# Community reports (issue 12): the committee and admins read them and answer the reporter, turn them into
# findings, attach, decline or mark as spam (community.respond); admins turn reports on, renew a space's
# public code and print posters (community.manage). Reporters themselves need no account and no verb.
# Schedules (issue 13): the committee and admins read the schedules and what is due (schedule.read) and set,
# change and remove them (schedule.manage); the responsible member is one of them.
# The public progress page (issue 13): admins turn it on and off (progress.manage); the committee publishes and
# withdraws before/after pairs of verified fixes (progress.publish). Its readers need no account.
_FINDINGS = frozenset({"finding.read", "finding.comment"})
_COMMUNITY = frozenset({"community.read", "community.respond"})
_SCHEDULES = frozenset({"schedule.read", "schedule.manage"})
VERBS_BY_ROLE: dict[str, frozenset[str]] = {
    "admin": frozenset({"user.manage", "site.read", "site.manage", "checklist.read", "audit.read",
                        "audit.create", "audit.conduct", "audit.read_all", "photo.redact",
                        "photo.original", "photo.upload", "finding.read_all", "finding.assign",
                        "finding.transition", "report.read", "data.export",
                        "community.manage", "progress.manage"}) | _FINDINGS | _COMMUNITY | _SCHEDULES,
    "auditor": frozenset({"site.read", "checklist.read", "audit.read", "audit.create", "audit.conduct",
                          "photo.redact", "photo.upload"}) | _FINDINGS,
    "facilities": frozenset({"site.read", "checklist.read", "photo.upload", "finding.work",
                             "finding.transition"}) | _FINDINGS,
    "committee": frozenset({"site.read", "checklist.read", "audit.read", "audit.create",
                            "audit.read_all", "photo.redact", "finding.read_all", "finding.triage",
                            "finding.assign", "finding.verify", "finding.transition",
                            "report.read", "progress.publish"}) | _FINDINGS | _COMMUNITY | _SCHEDULES,
}

ALL_VERBS: frozenset[str] = frozenset().union(*VERBS_BY_ROLE.values())


@dataclass(frozen=True)
class Actor:
    """The person making a request, as the domain sees them."""

    user_id: str
    email: str
    name: str
    roles: frozenset[str]
    lang: str | None = None  # the language in their profile; None: not chosen (see server/languages.py)

    @property
    def verbs(self) -> frozenset[str]:
        return verbs_for(self.roles)

    def can(self, verb: str) -> bool:
        return verb in self.verbs


def verbs_for(roles: Iterable[str]) -> frozenset[str]:
    return frozenset().union(*(VERBS_BY_ROLE.get(r, frozenset()) for r in roles))


def require(actor: Actor, verb: str) -> None:
    if verb not in ALL_VERBS:
        raise ValueError(f"unknown verb {verb!r}")  # a programming error, caught by the route tests
    if not actor.can(verb):
        raise Forbidden("Your roles do not allow this.", code="forbidden")
