"""Every API route called as every role and as nobody: exactly the expected people get through.

The expected table below is written out by hand, independently of server/auth/permissions.py, so a change
to who may do what has to be made (and reviewed) in both places.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from conftest import ORIGIN

from server.api import ROUTES, meta
from server.app import create_app
from server.settings import Settings

ALL = {"admin", "auditor", "facilities", "committee"}
ADMIN = {"admin"}
PUBLIC = "public"
# Planning and reading audits: auditors, committee, admins. Walking them (answers, skips, findings): auditors
# and admins. Facilities staff see places only until findings reach them.
PLANNERS = {"admin", "auditor", "committee"}
WALKERS = {"admin", "auditor"}
# Findings: everyone reads and comments (each sees only some findings); committee and admins assign;
# facilities, committee and admins move findings on (each move's own role is checked by the finding tests).
# Photos: the audit's team uploads evidence and photo answers, the assignee (facilities) after-photos; whoever
# sees the finding (or an answer's audit) sees its photos.
ASSIGNERS = {"admin", "committee"}
# Reports: the committee and admins read the dashboard, inventory, reports and CSV exports; an audit's own
# report goes with reading the audit (its team, the committee, admins); the JSON archive is for admins.
REPORTERS = {"admin", "committee"}
MOVERS = {"admin", "committee", "facilities"}
UPLOADERS = {"admin", "auditor", "facilities"}

EXPECTED: dict[tuple[str, str], set[str] | str] = {
    ("GET", "/health"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    ("POST", "/session"): PUBLIC,
    ("GET", "/session"): PUBLIC,
    ("DELETE", "/session"): PUBLIC,
    ("GET", "/invitations/{token}"): PUBLIC,
    ("POST", "/invitations/{token}"): PUBLIC,
    ("GET", "/me"): ALL,
    ("PATCH", "/me"): ALL,
    ("GET", "/users"): ADMIN,
    ("POST", "/users"): ADMIN,
    ("GET", "/users/{id}"): ADMIN,
    ("PATCH", "/users/{id}"): ADMIN,
    ("POST", "/users/{id}/invitations"): ADMIN,
    ("GET", "/campuses"): ALL,
    ("POST", "/campuses"): ADMIN,
    ("PATCH", "/campuses/{id}"): ADMIN,
    ("GET", "/buildings"): ALL,
    ("POST", "/buildings"): ADMIN,
    ("GET", "/buildings/{id}"): ALL,
    ("PATCH", "/buildings/{id}"): ADMIN,
    # When each space was last audited, nothing of what was found: whoever reads the registry of places.
    ("GET", "/buildings/{id}/coverage"): ALL,
    ("GET", "/spaces"): ALL,
    ("POST", "/spaces"): ADMIN,
    ("GET", "/spaces/{id}"): ALL,
    ("PATCH", "/spaces/{id}"): ADMIN,
    ("GET", "/space-kinds"): ALL,
    ("POST", "/imports/spaces"): ADMIN,
    ("GET", "/checklists"): ALL,
    ("GET", "/checklists/{id}/versions/{version}"): ALL,
    ("GET", "/auditors"): PLANNERS,
    ("GET", "/audits"): PLANNERS,
    ("PUT", "/audits/{id}"): PLANNERS,
    ("GET", "/audits/{id}"): PLANNERS,
    ("POST", "/audits/{id}/transitions"): WALKERS,
    ("PUT", "/audits/{id}/spaces/{space_id}"): WALKERS,
    ("PUT", "/responses/{id}"): WALKERS,
    ("GET", "/responses/{id}"): PLANNERS,
    ("PUT", "/findings/{id}"): WALKERS,
    ("DELETE", "/findings/{id}"): WALKERS,
    ("PUT", "/photos/{id}"): UPLOADERS,
    ("PUT", "/audits/{id}/photos/{photo_id}"): WALKERS,
    ("GET", "/photos/{id}/{size}"): ALL,
    ("PATCH", "/photos/{id}"): WALKERS,
    ("POST", "/photos/{id}/redactions"): PLANNERS,
    ("POST", "/batch"): ALL,
    ("GET", "/findings"): ALL,
    ("GET", "/findings/categories"): ALL,
    ("GET", "/findings/{id}"): ALL,
    ("POST", "/findings/{id}/transitions"): MOVERS,
    ("POST", "/findings/{id}/comments"): ALL,
    ("POST", "/findings/assignments"): ASSIGNERS,
    ("GET", "/assignees"): ASSIGNERS,
    ("GET", "/inbox"): ALL,
    ("GET", "/dashboard"): REPORTERS,
    ("GET", "/inventory"): REPORTERS,
    ("GET", "/audits/{id}/report"): PLANNERS,
    ("GET", "/audits/{id}/report.pdf"): PLANNERS,
    ("GET", "/reports/findings.pdf"): REPORTERS,
    ("GET", "/reports/findings.csv"): REPORTERS,
    ("GET", "/reports/responses.csv"): REPORTERS,
    ("GET", "/reports/inventory.csv"): REPORTERS,
    ("GET", "/archive.json"): ADMIN,
    # Community reports, the reporter's side: no account at all (tests/api/test_community_public.py).
    ("GET", "/public/spaces/{code}"): PUBLIC,
    ("PUT", "/public/photos/{id}"): PUBLIC,
    ("POST", "/public/reports"): PUBLIC,
    ("POST", "/public/follow"): PUBLIC,
    ("POST", "/public/follow/messages"): PUBLIC,
    ("POST", "/public/follow/email"): PUBLIC,
    ("POST", "/public/follow/email/delete"): PUBLIC,
    # Community reports, the committee's side: the committee and admins read and act on reports; admins
    # alone renew poster codes and print posters (tests/api/test_community_review.py, test_posters.py).
    ("GET", "/community/reports"): REPORTERS,
    ("GET", "/community/summary"): REPORTERS,
    ("GET", "/community/reports/{id}"): REPORTERS,
    ("GET", "/community/photos/{id}/{size}"): REPORTERS,
    ("POST", "/community/reports/{id}/messages"): REPORTERS,
    ("POST", "/community/reports/{id}/transitions"): REPORTERS,
    ("POST", "/spaces/{id}/public-code"): ADMIN,
    ("GET", "/buildings/{id}/posters.pdf"): ADMIN,
    ("GET", "/spaces/{id}/poster.pdf"): ADMIN,
    # Schedules: the committee and admins read them and what is due, and set, change and remove them
    # (tests/api/test_schedules.py).
    ("GET", "/schedules"): REPORTERS,
    ("POST", "/schedules"): REPORTERS,
    ("GET", "/schedules/due"): REPORTERS,
    ("GET", "/schedules/people"): REPORTERS,
    ("GET", "/schedules/{id}"): REPORTERS,
    ("PATCH", "/schedules/{id}"): REPORTERS,
    ("DELETE", "/schedules/{id}"): REPORTERS,
    # The public progress page (tests/api/test_progress.py, test_progress_publications.py): admins turn it on and
    # off; the committee alone publishes and withdraws pairs; its figures, files and photos need no account.
    ("GET", "/progress/settings"): ADMIN,
    ("PUT", "/progress/settings"): ADMIN,
    ("GET", "/progress/publications"): {"committee"},
    ("PUT", "/findings/{id}/publication"): {"committee"},
    ("DELETE", "/findings/{id}/publication"): {"committee"},
    ("GET", "/public/progress"): PUBLIC,
    ("GET", "/public/progress.csv"): PUBLIC,
    ("GET", "/public/progress.pdf"): PUBLIC,
    ("GET", "/public/progress/photos/{id}"): PUBLIC,
}


def test_the_expected_table_names_every_route():
    declared = {(r.method, r.path) for r in ROUTES}
    assert declared == set(EXPECTED), "update EXPECTED (and think about who may call the new route)"


async def _ids(people) -> dict[str, str]:
    admin = people["admin"].client
    campus = (await admin.post("/api/campuses", json={"name": "Matrix Campus"})).json()
    building = (await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "MX",
                                                         "name": "Matrix Hall"})).json()
    space = (await admin.post("/api/spaces", json={"building_id": building["id"], "floor": "1",
                                                   "room_number": "1", "name": "Room", "kind": "office"})).json()
    return {"/campuses/{id}": campus["id"], "/buildings/{id}": building["id"], "/spaces/{id}": space["id"],
            "/buildings/{id}/posters.pdf": building["id"],
            "/buildings/{id}/coverage": building["id"], "/spaces/{id}/poster.pdf": space["id"],
            "/spaces/{id}/public-code": space["id"],
            "/users/{id}": str(people["auditor"].user.id), "/users/{id}/invitations": str(people["auditor"].user.id),
            "/checklists/{id}/versions/{version}": "portraits-honorifics",
            **{path: str(uuid.uuid4()) for path in ("/audits/{id}", "/audits/{id}/transitions",
                                                    "/audits/{id}/spaces/{space_id}", "/responses/{id}",
                                                    "/findings/{id}", "/findings/{id}/transitions",
                                                    "/findings/{id}/comments", "/photos/{id}", "/photos/{id}/{size}",
                                                    "/audits/{id}/report", "/audits/{id}/report.pdf",
                                                    "/audits/{id}/photos/{photo_id}",
                                                    "/photos/{id}/redactions", "/community/reports/{id}",
                                                    "/community/reports/{id}/messages",
                                                    "/community/reports/{id}/transitions",
                                                    "/community/photos/{id}/{size}", "/schedules/{id}",
                                                    "/findings/{id}/publication",
                                                    "/public/progress/photos/{id}")}}


async def _call(client, method: str, path: str, ids: dict[str, str]):
    url = "/api" + (path.replace("{id}", ids.get(path, "")).replace("{token}", "no-such-token")
                    .replace("{space_id}", ids["/spaces/{id}"]).replace("{version}", "1").replace("{size}", "thumb")
                    .replace("{photo_id}", ids["/photos/{id}"]))
    if method in ("POST", "PATCH", "PUT"):
        # An empty body: enough to get past (or be stopped by) the access check, and it changes nothing.
        return await client.request(method, url, json={})
    return await client.request(method, url)


# What someone allowed on a route gets: its answer, or the handler's own refusal of the matrix's empty or
# made-up request (no such id, a required field missing, not a CSV file). Never 401/403, and never a 5xx: a
# crash (the app answers it with a 500 JSON error) or a failing dependency means the route does not work.
GOT_THROUGH = {200, 201, 204, 404, 415, 422}


def _assert_got_through(response: httpx.Response, who: str, method: str, path: str) -> None:
    status = response.status_code
    assert status < 500, f"{method} {path} as {who} failed on the server: {status} {response.text}"
    assert status in GOT_THROUGH, (who, method, path, status, response.text)


@pytest.mark.parametrize("method, path", sorted(EXPECTED))
async def test_route_access_by_role(people, anon, method, path):
    ids = await _ids(people)
    allowed = EXPECTED[(method, path)]
    anonymous = await _call(anon, method, path, ids)
    if allowed == PUBLIC:
        _assert_got_through(anonymous, "nobody", method, path)
        return
    assert anonymous.status_code == 401, (method, path, anonymous.text)
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    for role, persona in people.items():
        response = await _call(persona.client, method, path, ids)
        if role in allowed:
            _assert_got_through(response, role, method, path)
        else:
            assert response.status_code == 403, (role, method, path, response.text)
            assert response.json()["error"]["code"] == "forbidden"


async def test_a_crash_does_not_count_as_getting_through(settings: Settings, monkeypatch: pytest.MonkeyPatch):
    """The matrix refuses what the app answers for a crash, even where the crash itself is not raised in the
    test (as under a real server, where the exception handler's 500 JSON is all a caller sees)."""

    async def crash() -> bool:
        raise RuntimeError("the health check crashed (on purpose, in this test)")

    monkeypatch.setattr(meta, "check_database", crash)
    transport = httpx.ASGITransport(app=create_app(settings, manage_db=False), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=ORIGIN) as client:
        response = await client.get("/api/health")
    assert (response.status_code, response.json()["error"]["code"]) == (500, "internal")
    with pytest.raises(AssertionError, match="failed on the server: 500"):
        _assert_got_through(response, "nobody", "GET", "/health")
