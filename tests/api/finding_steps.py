"""Steps shared by the remediation tests: a crew of people (two of committee and facilities, so "someone
else" and "not the assignee" exist), findings raised by the walk, and moves through the real API."""

from __future__ import annotations

import io
import itertools
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
from PIL import Image

from server import clock
from server.auth.sessions import start_session
from server.domain.people.users import create_user
from server.models import Finding, FindingEvent

NEXT_WEEK = (clock.now().date() + timedelta(days=7)).isoformat()


def jpeg(colour: str = "teal") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


@dataclass
class Crew:
    """Logged-in clients by name, the walk to raise findings in, and the steps of the workflow."""

    walk: Any
    clients: dict[str, httpx.AsyncClient]
    ids: dict[str, str]
    audit: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> httpx.AsyncClient:
        return self.clients[name]

    async def raise_finding(
        self,
        title: str = "A caricature on the notice board",
        *,
        space: int = 0,
        severity: str = "high",
        audit: dict[str, Any] | None = None,
    ) -> str:
        if not self.audit:
            self.audit = await self.walk.plan()
        fid = str(uuid.uuid4())
        response = await self["auditor"].put(
            f"/api/findings/{fid}",
            json={
                "audit_id": (audit or self.audit)["id"],
                "space_id": self.walk.spaces[space]["id"],
                "item_id": None,
                "title": title,
                "description": "Seen by the lifts.",
                "severity": severity,
                "remedies": ["remove"],
                "photo_ids": [],
            },
        )
        assert response.status_code == 201, response.text
        return fid

    async def evidence(self, fid: str) -> dict[str, Any]:
        response = await self["auditor"].put(
            f"/api/photos/{uuid.uuid4()}", params={"finding_id": fid}, content=jpeg("red")
        )
        assert response.status_code == 201, response.text
        return response.json()

    async def after_photo(self, fid: str, who: str = "facilities") -> httpx.Response:
        return await self[who].put(
            f"/api/photos/{uuid.uuid4()}", params={"finding_id": fid, "kind": "after"}, content=jpeg()
        )

    async def move(self, who: str, fid: str, to: str, **body: Any) -> httpx.Response:
        return await self[who].post(f"/api/findings/{fid}/transitions", json={"to": to, **body})

    async def ok(self, who: str, fid: str, to: str, **body: Any) -> dict[str, Any]:
        response = await self.move(who, fid, to, **body)
        assert response.status_code == 200, (who, to, response.text)
        assert response.json()["status"] == to
        return response.json()

    async def show(self, fid: str, who: str = "committee") -> dict[str, Any]:
        response = await self[who].get(f"/api/findings/{fid}")
        assert response.status_code == 200, response.text
        return response.json()

    def assign_body(self, who: str = "facilities", due: str = NEXT_WEEK) -> dict[str, Any]:
        return {"assignee_id": self.ids[who], "due_date": due}

    async def bring_to(self, fid: str, state: str, *, remedy: str = "remove") -> None:
        """Drive a finding from open to a state along the table's main path."""
        path = {
            "accepted": ["accepted"],
            "declined": ["declined"],
            "assigned": ["accepted", "assigned"],
            "in_progress": ["accepted", "assigned", "in_progress"],
            "resolved": ["accepted", "assigned", "in_progress", "resolved"],
            "verified": ["accepted", "assigned", "in_progress", "resolved", "verified"],
            "reopened": ["accepted", "assigned", "in_progress", "resolved", "reopened"],
            "duplicate": ["duplicate"],
            "open": [],
        }[state]
        for step in path:
            await self.step(fid, step, remedy=remedy)

    async def step(self, fid: str, to: str, *, remedy: str = "remove") -> None:
        if to == "accepted":
            await self.ok("committee", fid, to, remedy=remedy)
        elif to == "declined":
            await self.ok("committee", fid, to, note="Not exclusionary: a fire notice.")
        elif to == "assigned":
            await self.ok("committee", fid, to, **self.assign_body())
        elif to == "in_progress":
            await self.ok("facilities", fid, to)
        elif to == "resolved":
            photo = (await self.after_photo(fid)).json()
            await self.ok("facilities", fid, to, photo_ids=[photo["id"]], note="Taken down and stored.")
        elif to == "verified":
            await self.ok("committee", fid, to)
        elif to == "reopened":
            await self.ok("committee", fid, to, note="The frame is still on the wall.")
        elif to == "duplicate":
            await self.ok("committee", fid, to, duplicate_of=await self.raise_finding("The same caricature"))


async def make_crew(walk: Any, people: dict[str, Any], make_client: Any, settings: Any) -> Crew:
    clients = {role: persona.client for role, persona in people.items()}
    ids = {role: str(persona.user.id) for role, persona in people.items()}
    extra = {
        "committee2": ("colm.committee@hospital.example", "Colm Committee", ["committee"]),
        "facilities2": ("fay.facilities@hospital.example", "Fay Facilities", ["facilities"]),
    }
    for name, (email, full_name, roles) in extra.items():
        user = await create_user(email, full_name, roles)
        token = await start_session(user, settings.session_lifetime_hours)
        clients[name] = make_client(cookies={"sa_session": token})
        ids[name] = str(user.id)
    return Crew(walk, clients, ids)


async def assert_every_history_explains_its_finding() -> None:
    """Each finding's events chain from its creation to its status, one per revision."""
    for finding in await Finding.all():
        events = await FindingEvent.filter(finding_id=finding.id).order_by("id")
        assert events and events[0].from_status is None and events[0].to_status == "open"
        for before, after in itertools.pairwise(events):
            assert after.from_status == before.to_status and after.at >= before.at
        assert events[-1].to_status == finding.status and len(events) == finding.revision


TODAY = clock.now().date()


def day(offset: int) -> str:
    return (TODAY + timedelta(days=offset)).isoformat()


async def assign(crew, title: str, due: str, who: str = "facilities", start: bool = False) -> str:
    fid = await crew.raise_finding(title)
    await crew.step(fid, "accepted")
    await crew.ok("committee", fid, "assigned", **crew.assign_body(who, due))
    if start:
        await crew.ok(who, fid, "in_progress")
    return fid
