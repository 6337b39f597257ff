"""Login limits: guessing at an account from one phone or from twenty never locks its owner out.

Each "phone" is a client with its own address (the ASGI client tuple is what `request.client.host` reads).
The server clock is frozen and moved by hand, so waits are exact and nothing sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import api_contract
import httpx
import pytest
from argon2 import PasswordHasher, profiles
from conftest import ORIGIN
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from server import clock
from server.app import create_app
from server.auth import passwords, ratelimit
from server.db import tortoise_config
from server.domain.people import users
from server.domain.people.users import create_user
from server.models import LoginAttempt
from server.settings import Settings, sqlite_url

PASSWORD = "a long enough passphrase"
EMAIL = "rita.roles@hospital.example"
NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
ATTACKERS = [f"127.0.0.{i}" for i in range(10, 30)]  # twenty addresses
OWNER = "127.0.0.2"  # the person's own phone


class Clock:
    """The server's clock, frozen at NOW until moved."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = NOW
        monkeypatch.setattr(clock, "now", lambda: self.now)

    def move(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


@pytest.fixture
async def rita(db):
    return await create_user(EMAIL, "Rita Roles", ["auditor"], PASSWORD)


@pytest.fixture(autouse=True)
def cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real Argon2id with its cheapest parameters: what these tests count is how many hashes run, not their cost."""
    hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
    monkeypatch.setattr(passwords, "_hasher", hasher)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", hasher.hash("not a real password"))


@pytest.fixture
def hashes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every password check that reached Argon2 (the costly part a flood must not reach)."""
    seen: list[str] = []
    real = users.verify_password

    def counting(password_hash: str | None, password: str) -> bool:
        seen.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(users, "verify_password", counting)
    return seen


@pytest.fixture
async def phone(db, settings: Settings) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """phone("127.0.0.5"): a client the server sees at that address (one per address, kept)."""
    app = create_app(settings, manage_db=False)
    clients: dict[str, httpx.AsyncClient] = {}

    def make(address: str) -> httpx.AsyncClient:
        if address not in clients:
            transport = httpx.ASGITransport(app=app, client=(address, 50000))
            clients[address] = httpx.AsyncClient(transport=transport, base_url=ORIGIN,
                                                 event_hooks=api_contract.EVENT_HOOKS)
        return clients[address]

    yield make
    for client in clients.values():
        await client.aclose()


async def login(client: httpx.AsyncClient, password: str = PASSWORD, email: str = EMAIL) -> httpx.Response:
    return await client.post("/api/session", json={"email": email, "password": password})


def assert_told_to_wait(response: httpx.Response, longest: int) -> int:
    """A 429 that says how long to wait, the same in the header, the JSON and the words; the wait."""
    assert response.status_code == 429, response.text
    error = response.json()["error"]
    assert error["code"] == "rate_limited"
    assert 0 < error["retry_after"] <= longest
    assert response.headers["retry-after"] == str(error["retry_after"])
    assert "Try again in " in error["message"]
    assert "set-cookie" not in response.headers
    return error["retry_after"]


@pytest.mark.parametrize("guesses", [5, 50, 500])
async def test_wrong_passwords_from_one_phone_make_only_that_phone_wait(
        rita, phone, settings, frozen, hashes, guesses):
    attacker = phone("127.0.0.5")
    answers = [await login(attacker, password=f"wrong guess {i}") for i in range(guesses)]
    limit = settings.login_max_failures
    assert [r.status_code for r in answers[:limit]] == [401] * limit
    window = settings.login_window_minutes * 60
    for response in answers[limit:]:
        assert assert_told_to_wait(response, window) == window  # the clock stands still: the full window
    if guesses > limit:
        assert answers[-1].json()["error"]["message"] == (
            "Too many wrong passwords for this account from this device. Try again in 15 minutes.")
    # Refused before hashing, and not recorded: a flood costs no Argon2 and cannot lengthen its own wait.
    assert len(hashes) == limit
    assert await LoginAttempt.filter(client="127.0.0.5").count() == limit
    # The same phone waits even with the right password; the owner's phone logs in at once.
    assert_told_to_wait(await login(attacker), window)
    assert (await login(phone(OWNER))).status_code == 200
    # After the window, the guessing phone may try again.
    frozen.move(minutes=settings.login_window_minutes, seconds=1)
    assert (await login(attacker)).status_code == 200


@pytest.mark.parametrize("guesses", [5, 50, 500])
async def test_wrong_passwords_from_twenty_phones_never_lock_the_owner_out(
        rita, phone, settings, frozen, hashes, guesses):
    owner = phone(OWNER)
    assert (await login(owner)).status_code == 200  # the phone the person uses every day
    for address, i in zip(itertools.cycle(ATTACKERS), range(guesses), strict=False):
        response = await login(phone(address), password=f"wrong guess {i}")
        if i < len(ATTACKERS):
            assert response.status_code == 401  # each new address gets one guess...
        else:
            assert_told_to_wait(response, settings.login_max_delay_seconds)  # ...then waits for the account
    assert len(hashes) == 1 + min(guesses, len(ATTACKERS))
    # The owner's phone logs in, and so does a phone that never tried before (a new phone, a colleague's).
    assert (await login(owner)).status_code == 200
    assert (await login(phone("127.0.0.3"))).status_code == 200


async def test_the_wait_doubles_with_each_failure_from_elsewhere_up_to_the_cap(rita, phone, settings, frozen):
    first, *others = (phone(a) for a in ATTACKERS)
    assert (await login(first, password="wrong guess")).status_code == 401
    elsewhere = iter(others)
    for client in itertools.islice(elsewhere, settings.login_max_failures):
        assert (await login(client, password="wrong guess")).status_code == 401
    # Five failures from other addresses: an address that failed on the account too waits 1 s, and each
    # further failure from elsewhere doubles that: 2 s, 4 s.
    for expected in (1, 2, 4):
        response = await login(first, password="wrong again")
        assert assert_told_to_wait(response, expected) == expected
        assert response.json()["error"]["message"] == (
            f"Too many failed logins on this account. Try again in {expected} second{'s' if expected > 1 else ''}.")
        assert (await login(next(elsewhere), password="wrong guess")).status_code == 401
    frozen.move(seconds=8)  # 2**3: counted from this address's own latest failure
    assert (await login(first, password="wrong again")).status_code == 401
    # Many more failures from new addresses: the wait stops growing at SPACES_LOGIN_MAX_DELAY_SECONDS.
    for client in elsewhere:
        assert (await login(client, password="wrong guess")).status_code == 401
    frozen.move(seconds=7)
    waited = assert_told_to_wait(await login(first), settings.login_max_delay_seconds)
    assert waited == settings.login_max_delay_seconds - 7
    assert (await login(phone(OWNER))).status_code == 200


async def test_the_owner_who_mistypes_during_an_attack_waits_at_most_the_cap(rita, phone, settings, frozen):
    owner = phone(OWNER)
    attackers = iter(ATTACKERS)
    for client in itertools.islice(attackers, 10):
        assert (await login(phone(client), password="wrong guess")).status_code == 401
    assert (await login(owner, password="a typo of the passphrase")).status_code == 401
    assert_told_to_wait(await login(owner), settings.login_max_delay_seconds)
    # The attack goes on from new addresses; the owner's wait does not restart with it.
    for client in attackers:
        frozen.move(seconds=10)
        assert (await login(phone(client), password="wrong guess")).status_code == 401
    frozen.move(seconds=settings.login_max_delay_seconds - 100)
    assert (await login(owner)).status_code == 200
    # Logged in, the phone is no longer one that fails: the attack does not slow it.
    assert (await login(owner)).status_code == 200


async def test_one_address_failing_on_many_accounts_waits_on_all_of_them(rita, phone, settings, frozen, hashes):
    sprayer = phone("127.0.0.7")
    for i in range(settings.login_max_failures_per_client):
        assert (await login(sprayer, email=f"guess{i}@hospital.example")).status_code == 401
    response = await login(sprayer)  # even the right password for an account it never tried
    assert_told_to_wait(response, settings.login_window_minutes * 60)
    assert response.json()["error"]["message"].startswith("Too many failed logins from this device.")
    assert len(hashes) == settings.login_max_failures_per_client
    assert (await login(phone(OWNER))).status_code == 200


async def test_a_success_starts_the_phones_count_over(rita, phone, settings, frozen):
    client = phone(OWNER)
    for _ in range(2):
        for _ in range(settings.login_max_failures - 1):
            assert (await login(client, password="a typo")).status_code == 401
        assert (await login(client)).status_code == 200


async def test_simultaneous_guesses_from_one_address_never_pass_the_limit(rita, phone, settings, hashes):
    attacker = phone("127.0.0.9")
    answers = await asyncio.gather(*(login(attacker, password=f"wrong {i}") for i in range(20)))
    statuses = [r.status_code for r in answers]
    assert set(statuses) <= {401, 429}
    assert statuses.count(401) == len(hashes) <= settings.login_max_failures
    assert await LoginAttempt.filter(client="127.0.0.9").count() == statuses.count(401)
    assert (await login(phone(OWNER))).status_code == 200


def test_the_account_delay_is_one_second_doubling_to_the_cap():
    limits = ratelimit.LoginLimits(max_failures=5, max_failures_per_client=30, window_minutes=15,
                                   max_delay_seconds=300)
    # By the number of failures on the account from other addresses within the window.
    delays = [ratelimit.account_delay(n, limits).total_seconds() for n in (0, 4, 5, 6, 7, 13, 14, 10**6)]
    assert delays == [0, 0, 1, 2, 4, 256, 300, 300]


# Migration 0007 on a database that already holds login attempts: they stay, and both kinds of database end
# with the same indexes (SQLite rebuilds the table when a column changes, which drops its indexes).

INDEXES = {("account", "client", "at"), ("client", "at"), ("at",)}


async def _migrate_with_attempts(url: str, label: str, list_indexes: str) -> tuple[int, set[tuple[str, ...]]]:
    """Migrate to 0006, add attempts, migrate on; the attempts left and the indexes' columns."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        apps = tortoise_config(url, label)["apps"]
        conn = ctx.connections.get(label)
        await MigrationExecutor(conn, apps).migrate([MigrationTarget("models", "0006_remediation")])
        for i in range(3):
            await conn.execute_script("INSERT INTO login_attempts (account, client, succeeded, at) VALUES "
                                      f"('a{i}@x.example', '127.0.0.1', FALSE, '2026-03-01 10:00:00+00:00')")
        await MigrationExecutor(conn, apps).migrate()
        _, rows = await conn.execute_query("SELECT COUNT(*) AS n FROM login_attempts")
        _, found = await conn.execute_query(list_indexes)  # (index, position, column) rows
        columns: dict[str, list[tuple[int, str]]] = {}
        for row in found:
            columns.setdefault(row["idx"], []).append((row["pos"], row["col"]))
        return rows[0]["n"], {tuple(c for _, c in sorted(cols)) for cols in columns.values()}


async def test_migration_0007_keeps_attempts_and_indexes_on_sqlite(tmp_path: Path):
    count, indexes = await _migrate_with_attempts(
        sqlite_url(tmp_path / "m.sqlite3"), "default",
        "SELECT m.name AS idx, i.seqno AS pos, i.name AS col FROM sqlite_master m, pragma_index_info(m.name) i "
        "WHERE m.type = 'index' AND m.tbl_name = 'login_attempts'")
    assert count == 3
    assert indexes == INDEXES


async def test_migration_0007_keeps_attempts_and_indexes_on_postgres(empty_postgres):
    count, indexes = await _migrate_with_attempts(
        empty_postgres.url, "pgmig0007",
        "SELECT x.indexrelid::text AS idx, k.n AS pos, a.attname AS col FROM pg_index x "
        "JOIN pg_class t ON t.oid = x.indrelid CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(col, n) "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.col "
        "WHERE t.relname = 'login_attempts' AND NOT x.indisprimary")
    assert count == 3
    assert indexes == INDEXES
