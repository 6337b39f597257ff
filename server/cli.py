"""The `spaces-audit` command: serve the app and administer it from a terminal."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import ipaddress
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from server import db
from server.auth.permissions import ROLES
from server.errors import DomainError
from server.schema import Password, Str
from server.settings import SETTINGS, Settings, SettingsError, load_settings


def _with_db(settings: Settings, work: Callable[[], Awaitable[Any]]) -> Any:
    async def run() -> Any:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await db.apply_migrations(settings.database_url)
        await db.open_database(settings.database_url)
        try:
            return await work()
        finally:
            await db.close_database()

    return asyncio.run(run())


def _print_demo(counts: dict[str, Any], logins: list[tuple[str, str, str | None]]) -> None:
    spaces = counts["spaces"]
    print(f"Demo data: {spaces['created']} spaces created, {spaces['unchanged'] + spaces['updated']} already there.")
    print("Demo users (passwords are shown once, when the user is created):")
    for role, email, password in logins:
        shown = password or "(already exists; set a new one with: spaces-audit set-password " + email + ")"
        print(f"  {role:<11} {email:<28} {shown}")


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    asyncio.run(db.apply_migrations(settings.database_url))
    print("The database is up to date.")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    from server.housekeeping import describe, purge

    counts = _with_db(settings, lambda: purge(settings))
    print(f"Deleted {describe(counts)}.")
    return 0


def cmd_recount(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.reporting import tallies

    print(tallies.describe(_with_db(settings, tallies.recount)))
    return 0


def cmd_remind(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.schedules import reminders

    if not settings.smtp.enabled:
        print("No mail server is set (SPACES_SMTP_HOST): no reminder was sent.")
        return 1
    sent = _with_db(settings, lambda: reminders.run_once(settings))
    print(f"Sent {sent} reminder mail(s) about scheduled audits.")
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.maintenance.demo import load_demo

    counts, logins = _with_db(settings, load_demo)
    _print_demo(counts, logins)
    return 0


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password (at least 12 characters): ")
        if getpass.getpass("Again: ") != password:
            raise DomainError("The two passwords differ.", field="password")
    return Password().parse("password", password)


def cmd_create_user(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.people.users import create_user

    email = Str(max_length=254, min_length=1, email=True).parse("email", args.email)
    name = Str(min_length=1).parse("name", args.name or email.split("@")[0])
    password = _read_password(args)
    user = _with_db(settings, lambda: create_user(email, name, sorted(set(args.role)), password))
    print(f"Created {user.email} with roles: {', '.join(sorted(r.role for r in user.roles))}.")
    return 0


def cmd_set_password(args: argparse.Namespace, settings: Settings) -> int:
    from server.auth.sessions import end_all_sessions
    from server.domain.people.users import get_user_by_email, set_password

    password = _read_password(args)

    async def work() -> None:
        user = await get_user_by_email(args.email)
        await set_password(user, password)
        await end_all_sessions(str(user.id))

    _with_db(settings, work)
    print(f"New password set for {args.email}; their open sessions were ended.")
    return 0


def cmd_import_spaces(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.sites.imports import import_spaces

    path = Path(args.file)
    data = path.read_bytes()
    if len(data) > settings.max_csv_bytes:
        raise DomainError(f"{path} is too large: at most {settings.max_csv_mb} MB (SPACES_MAX_CSV_MB).")
    result = _with_db(settings, lambda: import_spaces(data, dry_run=args.dry_run))
    verb = "Would import" if args.dry_run else "Imported"
    print(f"{verb} {result['rows']} rows from {path}:")
    for what in ("campuses", "buildings", "spaces"):
        c = result[what]
        print(f"  {what:<10} {c['created']} created, {c['updated']} updated, {c['unchanged']} unchanged")
    return 0


def cmd_load_checklists(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.checklists.store import load_folder

    folder = Path(args.folder) if args.folder else settings.checklists_dir
    report = _with_db(settings, lambda: load_folder(folder))
    for checklist_id, version in report.stored:
        print(f"stored     {checklist_id} version {version}")
    for checklist_id, version in report.translated:
        print(f"translated {checklist_id} version {version} (texts added in other languages)")
    for checklist_id, version in report.unchanged:
        print(f"unchanged  {checklist_id} version {version}")
    for problem in [*report.warnings, *report.problems]:
        print(problem, file=sys.stderr)
    if report.problems:
        print(f"spaces-audit: {len(report.problems)} problem(s); the checklists named above were not loaded, "
              "with their translations (their last stored versions stay in use).", file=sys.stderr)
        return 1
    return 0


def cmd_repair_text(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.maintenance.text_repair import repair_stored_text

    found = _with_db(settings, lambda: repair_stored_text(dry_run=args.dry_run))
    for entry in found:
        print(("would repair " if args.dry_run else "repaired ") + str(entry))
    records = len({(e.table, e.record) for e in found})
    verb = "would be repaired" if args.dry_run else "repaired"
    print(f"{records} record(s) {verb}." if found else "All stored text is valid: nothing to repair.")
    return 0


def _counted(counts: dict[str, int]) -> str:
    """Record counts as a person reads them: "3 users, 12 audit spaces"."""
    return ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items())


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from server.domain.maintenance.archive import export_chunks

    path = Path(args.file)
    partial = path.with_name(f".{path.name}.partial")
    counts: dict[str, int] = {}

    async def work() -> None:
        with partial.open("w", encoding="utf-8") as out:
            async for chunk in export_chunks(counts):
                out.write(chunk)

    try:
        _with_db(settings, work)
        partial.replace(path)  # a finished archive or none: never half a file under the real name
    finally:
        partial.unlink(missing_ok=True)
    print(f"Exported to {path}: {_counted(counts)}.")
    print(f"Photos are files: copy {settings.uploads_dir} along with the archive.")
    return 0


def cmd_import(args: argparse.Namespace, settings: Settings) -> int:
    import json

    from server.domain.maintenance.archive import check_header, import_archive, photo_files
    from server.photos import PhotoStore

    path = Path(args.file)
    try:
        with path.open(encoding="utf-8") as source:
            data = json.load(source)
    except (ValueError, UnicodeDecodeError) as exc:
        raise DomainError(f"{path} is not a JSON archive: {exc}.") from None
    check_header(data)
    counts = _with_db(settings, lambda: import_archive(data))
    print(f"Imported from {path}: {_counted(counts)}.")
    store = PhotoStore(settings.uploads_dir)
    missing = [d for d in photo_files(data) if not store.path(d).is_file()]
    if missing:
        print(f"{len(missing)} photo file(s) are not in {settings.uploads_dir} yet: copy the uploads folder of the "
              "installation the archive came from.", file=sys.stderr)
    print("Passwords are not in archives: give each person a new one (spaces-audit set-password, or a link from "
          "the Users screen).")
    return 0


def exposure_warning(host: str, public_url: str) -> str | None:
    """Beyond loopback, the same-origin check needs the real address: without it, it trusts the Host header."""
    if public_url or host == "localhost":
        return None
    try:
        if ipaddress.ip_address(host.strip("[]")).is_loopback:
            return None
    except ValueError:
        pass  # a host name: other machines may reach it
    return (f"spaces-audit: warning: listening on {host} without SPACES_PUBLIC_URL. Links in emails will use "
            "whatever address a request names, and the same-origin (CSRF) check trusts the Host header. Set "
            "SPACES_PUBLIC_URL to the address people open the app at (e.g. https://audit.example.edu).")


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    cmd_migrate(args, settings)
    if args.demo:
        cmd_demo(args, settings)
    # A refused checklist file is reported but does not stop the app: its last stored version stays in use.
    cmd_load_checklists(argparse.Namespace(folder=""), settings)
    warning = exposure_warning(args.host, settings.public_url)
    if warning:
        print(warning, file=sys.stderr, flush=True)
    print(f"Spaces Audit is at http://{args.host}:{args.port}/ (Ctrl+C stops it).", flush=True)
    # An idle connection is kept longer than its clients keep theirs (a reverse proxy's 60 s, Node's and
    # uvicorn's 5 s): the side that closes first must be the client, or a request it sends on a connection the
    # server is closing that very moment is reset (seen in tests as "socket hang up").
    uvicorn.run("server.app:create_app", factory=True, host=args.host, port=args.port, workers=args.workers,
                log_level=settings.log_level, proxy_headers=args.proxy_headers,
                forwarded_allow_ips=args.forwarded_allow_ips, server_header=False, timeout_keep_alive=75)
    return 0


def cmd_settings(args: argparse.Namespace, settings: Settings) -> int:
    for s in SETTINGS:
        print(f"{s.name} (default {s.default!r}): {s.help}")
    return 0


def cmd_vocabulary(args: argparse.Namespace, settings: Settings) -> int:
    from server.http.shell import WEB_DIR
    from server.vocabulary.web import write

    for path in write(WEB_DIR):
        print(f"wrote {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="spaces-audit", description="Spaces Audit: audit buildings for "
                                     "exclusionary images and messages, and track every remedy.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("serve", help="Run the web app (applies migrations first).",
                       description="Apply migrations, then serve the API and web app with uvicorn.")
    p.add_argument("--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1).")
    p.add_argument("--port", type=int, default=8000, help="Port to listen on (default 8000).")
    p.add_argument("--workers", type=int, default=1, help="Number of server processes (default 1).")
    p.add_argument("--demo", action="store_true", help="Load the demo data first (see `demo`).")
    p.add_argument("--proxy-headers", action="store_true",
                   help="Trust X-Forwarded-For/-Proto from the addresses in --forwarded-allow-ips.")
    p.add_argument("--forwarded-allow-ips", default="127.0.0.1",
                   help="Proxies whose forwarded headers are trusted (default 127.0.0.1).")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("migrate", help="Create or update the database schema.",
                       description="Apply every pending database migration.")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("purge", help="Delete expired sessions, old links, old operation records and login attempts.",
                       description="Delete what has done its work: sessions past their expiry, set-password links "
                                   "expired or used more than 30 days ago, operation records older than 30 days and "
                                   "login attempts older than the login window. The server also does this by itself "
                                   "every SPACES_PURGE_INTERVAL_MINUTES.")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("recount", help="Count the dashboard's tallies again from the findings, and say what differed.",
                       description="Rebuild the counts the dashboard reads (kept as findings change) from the "
                                   "findings and their history, in one transaction, and list the cells that "
                                   "were wrong. Safe while the server runs.")
    p.set_defaults(func=cmd_recount)

    p = sub.add_parser("remind", help="Mail the reminders about scheduled audits that are due now and not yet sent.",
                       description="Send each responsible member the reminders their schedules call for today (30 "
                                   "days before an audit is due, and the day it becomes overdue), each once. The "
                                   "server also does this by itself every few minutes.")
    p.set_defaults(func=cmd_remind)

    p = sub.add_parser("create-user", help="Create a user with one or more roles.",
                       description="Create a user. The password is prompted for, or read from standard "
                                   "input with --password-stdin.")
    p.add_argument("email", help="The person's email address (their login).")
    p.add_argument("--role", action="append", required=True, choices=ROLES,
                   help="A role; repeat for several (admin, auditor, facilities, committee).")
    p.add_argument("--name", help="The person's name as shown in the app (default: from the email).")
    p.add_argument("--password-stdin", action="store_true", help="Read the password from standard input.")
    p.set_defaults(func=cmd_create_user)

    p = sub.add_parser("set-password", help="Set a user's password and end their sessions.",
                       description="Set a new password for an existing user and log them out everywhere.")
    p.add_argument("email", help="The user's email address.")
    p.add_argument("--password-stdin", action="store_true", help="Read the password from standard input.")
    p.set_defaults(func=cmd_set_password)

    p = sub.add_parser("import-spaces", help="Import campuses, buildings and spaces from a CSV file.",
                       description="Import a CSV file of spaces (columns in the README). All rows or none; "
                                   "importing the same file again changes nothing.")
    p.add_argument("file", help="The CSV file (UTF-8).")
    p.add_argument("--dry-run", action="store_true", help="Check the file and report, without writing.")
    p.set_defaults(func=cmd_import_spaces)

    p = sub.add_parser("load-checklists", help="Check and load the checklist files (also done by serve).",
                       description="Validate every checklist YAML file and its translations (<folder>/<lang>/"
                                   "<id>.yaml) and store new versions. Problems are printed as file:line: item: "
                                   "message; a checklist with a bad file or translation is refused whole; "
                                   "warnings (file:line: warning: ...) refuse nothing.")
    p.add_argument("folder", nargs="?", default="",
                   help="Folder of .yaml files and language folders (default: SPACES_CHECKLISTS_DIR, else "
                        "checklists/).")
    p.set_defaults(func=cmd_load_checklists)

    p = sub.add_parser("export", help="Write everything recorded to a JSON archive (not passwords, not photo files).",
                       description="Write a JSON archive of people (without passwords), places, checklist versions, "
                                   "audits, answers, findings, their events and comments, and photo records. Photo "
                                   "files stay in SPACES_UPLOADS_DIR: copy that folder too.")
    p.add_argument("file", help="The archive to write (JSON).")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("import", help="Read a JSON archive into a new, empty database.",
                       description="Read an archive made by `spaces-audit export` into an empty database (all of "
                                   "it or nothing). People then set new passwords.")
    p.add_argument("file", help="The archive to read (JSON).")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("repair-text", help="Repair stored text that cannot be encoded (lone surrogates, NUL).",
                       description="Find every stored string that UTF-8 or PostgreSQL cannot hold (left by clients "
                                   "before the server refused it), replace each bad character with U+FFFD and "
                                   "list each record touched. Running it again changes nothing.")
    p.add_argument("--dry-run", action="store_true", help="List what would be repaired, without writing.")
    p.set_defaults(func=cmd_repair_text)

    p = sub.add_parser("demo", help="Load the demo campus, buildings, spaces and one user per role.",
                       description="Load demo data. Each demo user's password is printed once, when created.")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("settings", help="List every setting (environment variable) with its default.",
                       description="List the environment variables the app reads.")
    p.set_defaults(func=cmd_settings)

    p = sub.add_parser("vocabulary", help="Write the web app's copy of the server's lists and labels (for developers).",
                       description="Regenerate web/js/vocabulary.js and web/js/messages/<lang>/vocabulary.js from "
                       "server/vocabulary/ after changing a list or a label.")
    p.set_defaults(func=cmd_vocabulary)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
        return int(args.func(args, settings))
    except (SettingsError, OSError) as exc:
        print(f"spaces-audit: {exc}", file=sys.stderr)
        return 2
    except DomainError as exc:
        print(f"spaces-audit: {exc.message}", file=sys.stderr)
        for problem in exc.extra.get("problems", [])[1:]:
            print(f"  line {problem['line']}, {problem['field'] or 'row'}: {problem['message']}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
