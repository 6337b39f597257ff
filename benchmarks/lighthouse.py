"""Lighthouse scores of the screens people open most on a phone: the login screen, an auditor's home, one space
of the walk, and the facilities person's My items.

Once, in benchmarks/ (Lighthouse comes from the npm registry, pinned by package-lock.json; node_modules is
never committed):  npm ci
Then, from the repository root:  .venv/bin/python benchmarks/lighthouse.py [--runs N]

A real server (`spaces-audit serve` on 127.0.0.1, a throwaway data folder with the demo data) and Debian's
Chromium. Through the API (not scored): the administrator plans an audit of the portraits checklist in a demo
building for the demo auditor, who starts it, answers two items of the first space and records a finding
there with a photo (a 2,048 px phone photo); the committee accepts it and assigns it to the demo facilities
person. The auditor's and the facilities person's session cookies are passed to Lighthouse as a header, so it
loads each screen as they would, cold (Lighthouse clears the cache, storage and service worker first).

Lighthouse runs with its default mobile preset (a mid-range phone on a slow 4G connection, simulated) and
three categories: performance, accessibility, best practices. Each screen is measured --runs times (default 3)
and each score is the median, as Lighthouse advises, since one run varies by a few points on a busy machine.

Prints `lighthouse_<screen>_<category>: N` (0-100) for the 4 screens and 3 categories, then `lighthouse_min: N`
(target: every score at least 95). With --keep DIR the JSON reports are kept there for reading.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import uuid
from datetime import date, timedelta
from pathlib import Path

import httpx
import yaml
from serving import CHROMIUM, ROOT, free_port, photo_2048, wait_until_up  # benchmarks/, beside this script

LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update " \
               "--disable-sync --no-first-run --disable-quic"
CHECKLIST = "portraits-honorifics"


def demo_logins(env: dict[str, str]) -> dict[str, tuple[str, str]]:
    """Load the demo data; its passwords are printed once, when each demo user is made."""
    shown = subprocess.run([sys.executable, "-m", "server.cli", "demo"], env=env, check=True, capture_output=True,
                           text=True, cwd=ROOT).stdout
    found = re.findall(r"^\s+(\w+)\s+(\S+@\S+)\s+(\S+)$", shown, flags=re.MULTILINE)
    return {role: (email, password) for role, email, password in found}


async def client(base: str, login: tuple[str, str]) -> httpx.AsyncClient:
    person = httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=60)
    response = await person.post("/api/session", json={"email": login[0], "password": login[1]})
    assert response.status_code == 200, response.text
    return person


def ok(response: httpx.Response) -> dict:  # type: ignore[type-arg]
    assert response.status_code in (200, 201), f"{response.request.method} {response.request.url}: {response.text}"
    return response.json() if response.content else {}


async def setup(base: str, logins: dict[str, tuple[str, str]]) -> dict[str, str]:
    """What the screens show: an audit under way with answers and a finding, the finding assigned to facilities.
    Returns the screens' addresses (after the #) and the two session cookies."""
    admin, auditor, committee, facilities = [await client(base, logins[role])
                                             for role in ("admin", "auditor", "committee", "facilities")]
    try:
        building = ok(await admin.get("/api/buildings", params={"q": "Alden"}))["items"][0]
        spaces = ok(await admin.get("/api/spaces", params={"building_id": building["id"]}))["items"]
        me = ok(await auditor.get("/api/me"))
        audit_id = str(uuid.uuid4())
        ok(await admin.put(f"/api/audits/{audit_id}", json={
            "building_id": building["id"], "checklist_id": CHECKLIST, "title": "Spring walk of Alden Hall",
            "member_ids": [me["id"]], "space_ids": [s["id"] for s in spaces]}))
        ok(await auditor.post(f"/api/audits/{audit_id}/transitions", json={"to": "in_progress"}))
        space = spaces[0]["id"]
        checklist = yaml.safe_load((ROOT / "checklists" / f"{CHECKLIST}.yaml").read_text(encoding="utf-8"))
        items = [item for section in checklist["sections"] for item in section["items"]]
        for item in [item for item in items if item["type"] == "yes_no"][:2]:
            ok(await auditor.put(f"/api/responses/{uuid.uuid4()}", json={
                "audit_id": audit_id, "space_id": space, "item_id": item["id"], "answer": "yes"}))
        finding = str(uuid.uuid4())
        ok(await auditor.put(f"/api/findings/{finding}", json={
            "audit_id": audit_id, "space_id": space, "item_id": None, "title": "A caricature on the notice board",
            "description": "Beside the lifts.", "severity": "high", "remedies": ["remove"], "photo_ids": []}))
        ok(await auditor.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding}, content=photo_2048()))
        ok(await committee.post(f"/api/findings/{finding}/transitions", json={"to": "accepted", "remedy": "remove"}))
        assignee = ok(await facilities.get("/api/me"))["id"]
        ok(await committee.post(f"/api/findings/{finding}/transitions", json={
            "to": "assigned", "assignee_id": assignee, "priority": "high",
            "due_date": (date.today() + timedelta(days=14)).isoformat()}))
        return {"walk": f"/audits/{audit_id}/spaces/{space}",
                "auditor": auditor.cookies["sa_session"], "facilities": facilities.cookies["sa_session"]}
    finally:
        for person in (admin, auditor, committee, facilities):
            await person.aclose()


def lighthouse(url: str, cookie: str | None, out: Path) -> dict[str, int]:
    command = [str(LIGHTHOUSE), url, "--only-categories=" + ",".join(CATEGORIES), f"--chrome-path={CHROMIUM}",
               f"--chrome-flags={CHROME_FLAGS}", "--output=json", f"--output-path={out}", "--quiet"]
    if cookie:
        command.append("--extra-headers=" + json.dumps({"Cookie": f"sa_session={cookie}"}))
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report = json.loads(out.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        raise RuntimeError(f"{url}: {report['runtimeError']}")
    return {name: round(report["categories"][name]["score"] * 100) for name in CATEGORIES}


def serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(port)], env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per screen; the median is printed.")
    parser.add_argument("--keep", type=Path, help="Keep the JSON reports in this folder.")
    parser.add_argument("--only", action="append", choices=("login", "home", "walk", "my_items"),
                        help="Measure only this screen (repeat for several); lighthouse_min is then theirs.")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"Lighthouse is not installed: run `npm ci` in {LIGHTHOUSE.parents[2]} first.")
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        env = {**os.environ, "SPACES_DATA_DIR": str(data / "data"), "SPACES_UPLOADS_DIR": str(data / "uploads"),
               "SPACES_DATABASE_URL": "", "SPACES_LOG_LEVEL": "warning"}
        logins = demo_logins(env)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = serve(env, port)
        try:
            await wait_until_up(base, server)
            made = await setup(base, logins)
            screens = [("login", "/login", None), ("home", "/", made["auditor"]),
                       ("walk", made["walk"], made["auditor"]), ("my_items", "/my-items", made["facilities"])]
            reports = args.keep or data / "reports"
            reports.mkdir(parents=True, exist_ok=True)
            scores: dict[str, dict[str, int]] = {}
            for name, path, cookie in screens:
                if args.only and name not in args.only:
                    continue
                runs = [lighthouse(f"{base}/#{path}", cookie, reports / f"{name}-{n + 1}.json")
                        for n in range(args.runs)]
                scores[name] = {c: round(statistics.median(run[c] for run in runs)) for c in CATEGORIES}
                print(f"{name}: " + ", ".join(f"{c} {[run[c] for run in runs]}" for c in CATEGORIES), flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    for name, by_category in scores.items():
        for category, score in by_category.items():
            print(f"lighthouse_{name}_{category.replace('-', '_')}: {score}")
    print(f"lighthouse_min: {min(min(s.values()) for s in scores.values())}")


if __name__ == "__main__":
    asyncio.run(main())
