"""Offline sync benchmark: a day's outbox sent over loopback, and the weight of the app shell.

Run from the repository root:  .venv/bin/python benchmarks/sync.py

A real server (`spaces-audit serve` on 127.0.0.1, a throwaway SQLite data folder) and Debian Chromium driven by
Playwright, as an auditor uses them:

(a) shell: a fresh browser profile opens the app once (the login screen). `shell_kb` sums every byte the page
    received for it as it came over the wire (encoded body, so compressed where the server compressed it, plus
    the response headers). The service worker then keeps the rest of the shell for offline use in the
    background, taking what the page already downloaded from the HTTP cache: its own downloads are
    `precache_kb`. Then the page is reloaded: `shell_repeat_from_sw` says whether every file of the shell
    came from the service worker.
(b) sync: logged in, with an audit of 67 spaces open, the phone goes offline and the app's own store queues
    1,000 answers, 20 photo answers (the portraits photo item in 20 spaces, one photo each) and 100 findings,
    each with one photo of 2,048 px (the size the phone keeps) made from the 12 MP test photo. The connection
    returns and the outbox drains; `sync_seconds` is the time from the connection returning until the outbox is
    empty. `records_exact` compares the server's rows (counted in its database) with what was queued: 1,020
    answers (20 of them photo answers), 100 findings, 100 finding photos, 20 answer photos, nothing more.

The outbox sends JSON changes in batches (one audit's changes in one transaction on the server) while photos
go two at a time (web/js/sync/outbox-send.js).

The last lines are `sync_seconds: N` (target < 10), `records_exact: yes|no` and `shell_kb: N` (target < 60).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, async_playwright
from serving import ARGS, CHROMIUM, free_port, photo_2048  # benchmarks/, beside this script

PASSWORD = "benchmark-password-1234"
ANSWERS, FINDINGS, SPACES, PHOTO_ANSWERS = 1000, 100, 67, 20
PHOTO_ITEM = "portraits-photo"
CHECKLIST = "portraits-honorifics"



def cli(env: dict[str, str], *args: str, stdin: str = "") -> None:
    subprocess.run([sys.executable, "-m", "server.cli", *args], input=stdin, text=True, env=env, check=True,
                   capture_output=True)


async def setup(base: str) -> tuple[str, list[str]]:
    """An audit of 67 new spaces for the auditor, planned through the API."""
    async with httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=60) as admin:
        assert (await admin.post("/api/session", json={"email": "admin@bench.example", "password": PASSWORD})
                ).status_code == 200
        campus = (await admin.post("/api/campuses", json={"name": "Bench campus"})).json()
        building = (await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "BEN",
                                                             "name": "Bench Hall"})).json()
        spaces = [(await admin.post("/api/spaces", json={
            "building_id": building["id"], "floor": str(1 + n // 20), "room_number": f"{100 + n}",
            "name": f"Room {n}", "kind": "classroom"})).json()["id"] for n in range(SPACES)]
        auditor = (await admin.get("/api/users", params={"q": "auditor@bench.example"})).json()["items"][0]
        audit_id = str(uuid.uuid4())
        planned = await admin.put(f"/api/audits/{audit_id}", json={
            "building_id": building["id"], "checklist_id": CHECKLIST, "title": "Benchmark audit",
            "member_ids": [auditor["id"]], "space_ids": spaces})
        assert planned.status_code == 201, planned.text
        return audit_id, spaces


def sizes_of(context: BrowserContext, tally: dict[str, int]) -> None:
    async def finished(request) -> None:  # type: ignore[no-untyped-def]
        sizes = await request.sizes()
        # Encoded body (as it came over the wire) plus the response's header bytes.
        size = max(sizes["responseBodySize"], 0) + sizes["responseHeadersSize"]
        tally["worker" if request.service_worker else "page"] += size

    context.on("requestfinished", lambda request: asyncio.ensure_future(finished(request)))


async def _show(request) -> None:  # type: ignore[no-untyped-def]
    sizes = await request.sizes()
    print(f"  {request.url} {sizes['responseBodySize']}+{sizes['responseHeadersSize']}")


async def shell(pw, base: str, profile: Path) -> tuple[float, float, bool]:  # type: ignore[no-untyped-def]
    context = await pw.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM, args=ARGS,
                                                          viewport={"width": 390, "height": 844})
    tally = {"page": 0, "worker": 0}
    if os.environ.get("BENCH_VERBOSE"):
        context.on("requestfinished", lambda r: asyncio.ensure_future(_show(r)))
    sizes_of(context, tally)
    page = context.pages[0] if context.pages else await context.new_page()
    await page.goto(f"{base}/")
    await page.get_by_role("heading", level=1).wait_for()
    await page.evaluate("navigator.serviceWorker.ready")
    await page.wait_for_function("navigator.serviceWorker.controller !== null")
    await page.wait_for_timeout(1500)  # let the last responses report their sizes
    first_kb, precache_kb = tally["page"] / 1024, tally["worker"] / 1024
    shell_answers: list[bool] = []
    page.on("response", lambda response: shell_answers.append(response.from_service_worker)
            if "/api/" not in response.url else None)
    await page.reload()
    await page.get_by_role("heading", level=1).wait_for()
    await page.wait_for_timeout(500)
    await context.close()
    return first_kb, precache_kb, bool(shell_answers) and all(shell_answers)


QUEUE = """async ({auditId, spaceIds, answers, findings, photoAnswers, photoItem, photo}) => {
  const store = await import('/js/store/store.js');
  const walk = await import('/js/store/walk.js');
  const photos = await import('/js/store/photos.js');
  const state = await (await import('/js/store/load.js')).openAudit(auditId);
  window.benchmarkStore = store;
  const items = state.checklist.sections.flatMap((s) => s.items).filter((item) => item.type !== 'photo');
  let made = 0;
  for (const spaceId of spaceIds) {
    for (const item of items) {
      if (made === answers) break;
      walk.answer(auditId, spaceId, item.id, item.type === 'yes_no' ? 'no' : 'not_applicable');
      made += 1;
    }
  }
  const bytes = Uint8Array.from(atob(photo), (c) => c.charCodeAt(0));
  for (let n = 0; n < photoAnswers; n += 1) {
    const file = new File([bytes], `answer-${n}.jpg`, { type: 'image/jpeg' });
    const [photoId] = await photos.keepPhotos([file], auditId);
    walk.answer(auditId, spaceIds[n % spaceIds.length], photoItem, [photoId]);
  }
  for (let n = 0; n < findings; n += 1) {
    const file = new File([bytes], `finding-${n}.jpg`, { type: 'image/jpeg' });
    const [photoId] = await photos.keepPhotos([file], auditId);
    await Promise.race([walk.saveFinding({
      id: crypto.randomUUID(), audit_id: auditId, space_id: spaceIds[n % spaceIds.length], item_id: null,
      title: `Benchmark finding ${n}`, description: '', severity: 'medium', remedies: [], photo_ids: [photoId],
    }), new Promise((resolve) => setTimeout(resolve, 10))]);
  }
  return { answers: made, pending: store.syncStatus().pending };
}"""


async def sync(pw, base: str, audit_id: str, spaces: list[str]) -> tuple[float, dict[str, int]]:  # type: ignore[no-untyped-def]
    import base64

    browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    context = await browser.new_context(viewport={"width": 390, "height": 844}, base_url=base)
    login = await context.request.post("/api/session", data={"email": "auditor@bench.example", "password": PASSWORD})
    assert login.status == 200
    page = await context.new_page()
    await page.goto(f"{base}/#/audits/{audit_id}")
    await page.get_by_role("heading", level=1, name="Benchmark audit").wait_for()
    await context.set_offline(True)
    queued = await page.evaluate(QUEUE, {"auditId": audit_id, "spaceIds": spaces, "answers": ANSWERS,
                                         "findings": FINDINGS, "photoAnswers": PHOTO_ANSWERS, "photoItem": PHOTO_ITEM,
                                         "photo": base64.b64encode(photo_2048()).decode()})
    print(f"queued: {queued['answers']} answers, {PHOTO_ANSWERS} photo answers with a photo each, "
          f"{FINDINGS} findings with a photo each; "
          f"outbox records: {queued['pending']}")
    started = time.perf_counter()
    await context.set_offline(False)
    await page.wait_for_function("""() => {
      const s = window.benchmarkStore.syncStatus();
      return s.pending === 0 && s.state === 'idle';
    }""", timeout=600000, polling=100)
    seconds = time.perf_counter() - started
    held = await page.evaluate("async () => (await import('/js/store/store.js')).syncStatus().held")
    await browser.close()
    return seconds, {"held": held}


def counts(data: Path, audit_id: str) -> dict[str, int]:
    with sqlite3.connect(data / "spaces-audit.sqlite3") as db:
        keys = (audit_id, audit_id.replace("-", ""))
        return {
            "answers": db.execute("SELECT count(*) FROM responses WHERE audit_id IN (?, ?)", keys).fetchone()[0],
            "findings": db.execute("SELECT count(*) FROM findings WHERE audit_id IN (?, ?)", keys).fetchone()[0],
            "photos": db.execute("SELECT count(*) FROM photos WHERE finding_id IN (SELECT id FROM findings "
                                 "WHERE audit_id IN (?, ?))", keys).fetchone()[0],
            "photo_answers": db.execute("SELECT count(*) FROM responses WHERE audit_id IN (?, ?) AND item_id = ?",
                                        (*keys, PHOTO_ITEM)).fetchone()[0],
            "answer_photos": db.execute("SELECT count(*) FROM photos WHERE kind = 'answer' AND item_id = ? AND "
                                        "audit_id IN (?, ?)", (PHOTO_ITEM, *keys)).fetchone()[0],
            "photos_per_finding_max": db.execute(
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM photos WHERE finding_id IN "
                "(SELECT id FROM findings WHERE audit_id IN (?, ?)) GROUP BY finding_id)", keys).fetchone()[0],
        }


async def measure(base: str, data: Path) -> tuple[float, float, bool, float, dict[str, int], str]:
    audit_id, spaces = await setup(base)
    async with async_playwright() as pw:
        shell_kb, precache_kb, from_sw = await shell(pw, base, data / "profile")
        seconds, extra = await sync(pw, base, audit_id, spaces)
    return shell_kb, precache_kb, from_sw, seconds, extra, audit_id


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="sync-bench-") as folder:
        data = Path(folder)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "SPACES_DATA_DIR": str(data), "SPACES_UPLOADS_DIR": str(data / "uploads"),
               "SPACES_PUBLIC_URL": base}
        env.pop("DATABASE_URL", None)
        cli(env, "migrate")
        for email, role in (("admin@bench.example", "admin"), ("auditor@bench.example", "auditor")):
            cli(env, "create-user", email, "--role", role, "--password-stdin", stdin=PASSWORD)
        with open(data / "server.log", "wb") as log:
            server = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1",
                                       "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            for _ in range(300):
                try:
                    if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            shell_kb, precache_kb, from_sw, seconds, extra, audit_id = asyncio.run(measure(base, data))
        finally:
            server.terminate()
            server.wait(timeout=30)
        found = counts(data, audit_id)
        exact = found == {"answers": ANSWERS + PHOTO_ANSWERS, "findings": FINDINGS, "photos": FINDINGS,
                          "photo_answers": PHOTO_ANSWERS, "answer_photos": PHOTO_ANSWERS, "photos_per_finding_max": 1}
        print(f"server_rows: {found}; changes needing attention: {extra['held']}")
        print(f"precache_kb: {precache_kb:.0f} (the rest of the shell, kept by the service worker in the background)")
        print(f"shell_repeat_from_sw: {'yes' if from_sw else 'no'}")
        print(f"sync_seconds: {seconds:.1f}")
        print(f"records_exact: {'yes' if exact and extra['held'] == 0 else 'no'}")
        print(f"shell_kb: {shell_kb:.0f}")


if __name__ == "__main__":
    main()
