"""Every setting of the app, read from the environment in one place.

Settings are declared as data (name, default, help) so the README can be checked against this list by a
test, and so `spaces-audit settings` can print them. Nothing else in the code reads os.environ.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class SettingsError(ValueError):
    """A setting has a value that cannot be used."""


def _bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("expected a whole number above zero")
    return value


def _non_negative_int(raw: str) -> int:
    value = int(raw)
    if value < 0:
        raise ValueError("expected a whole number, zero or more")
    return value


def _digest(raw: str) -> str:
    value = raw.strip().lower()
    if value not in ("daily", "each", "off"):
        raise ValueError("expected daily, each or off")
    return value


SHIPPED_CHECKLISTS = Path(__file__).resolve().parent.parent / "checklists"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    parse: Callable[[str], Any] = str


SETTINGS: tuple[Setting, ...] = (
    Setting("SPACES_DATA_DIR", "data", "Folder for the default SQLite database and other local state."),
    Setting(
        "DATABASE_URL",
        "",
        "Database to use: empty means a SQLite file in SPACES_DATA_DIR; postgres:// or asyncpg:// "
        "URLs use PostgreSQL.",
    ),
    Setting("SPACES_CHECKLISTS_DIR", "",
            "Folder of checklist YAML files loaded at start. Empty: the checklists/ folder shipped with the app."),
    Setting("SPACES_UPLOADS_DIR", "uploads", "Folder where processed photos are stored by content hash."),
    Setting(
        "SPACES_PUBLIC_URL",
        "",
        "The address people open the app at (e.g. https://audit.example.edu); used in invitation links "
        "and the same-origin check. Empty: taken from each request.",
    ),
    Setting(
        "SPACES_SESSION_LIFETIME_HOURS",
        "336",
        "How long a login lasts without being used (hours). Long by default: auditors work offline all day.",
        _positive_int,
    ),
    Setting(
        "SPACES_COOKIE_SECURE",
        "false",
        "Mark the session cookie Secure (send it over HTTPS only). Set to true in production.",
        _bool,
    ),
    Setting(
        "SPACES_INVITATION_LIFETIME_HOURS",
        "72",
        "How long an invitation or password-reset link stays valid (hours).",
        _positive_int,
    ),
    Setting("SPACES_MAX_UPLOAD_MB", "25", "Largest photo upload accepted (megabytes).", _positive_int),
    Setting("SPACES_MAX_IMAGE_MEGAPIXELS", "100",
            "Largest photo accepted, in megapixels as the file declares them (refused before decoding).",
            _positive_int),
    Setting("SPACES_PHOTO_MEMORY_MB", "256",
            "Memory for decoding photos at once (megabytes), counted from the pixels each file declares; "
            "uploads beyond it wait their turn. A single photo larger than this is decoded alone.",
            _positive_int),
    Setting("SPACES_MAX_CSV_MB", "5", "Largest CSV file of buildings and spaces accepted (megabytes).",
            _positive_int),
    Setting(
        "SPACES_LOGIN_MAX_FAILURES",
        "5",
        "Wrong passwords allowed for one account from one client address within the login window; then that "
        "address waits (429) on that account. Also how many failures on an account from other addresses slow "
        "down an address that failed on it too.",
        _positive_int,
    ),
    Setting(
        "SPACES_LOGIN_MAX_FAILURES_PER_CLIENT",
        "30",
        "Failed logins allowed from one client address, over all accounts, within the login window; then "
        "that address waits (429) on every account.",
        _positive_int,
    ),
    Setting("SPACES_LOGIN_WINDOW_MINUTES", "15", "Length of the login rate-limit window (minutes).",
            _positive_int),
    Setting(
        "SPACES_LOGIN_MAX_DELAY_SECONDS",
        "300",
        "Longest wait between tries for an address that failed on an account many addresses are failing on "
        "(the wait starts at 1 second and doubles with each failure from another address).",
        _positive_int,
    ),
    Setting(
        "SPACES_PURGE_INTERVAL_MINUTES",
        "60",
        "How often the server deletes expired sessions, old set-password links, old operation records and "
        "old login attempts (minutes). 0: never on its own (run `spaces-audit purge` instead).",
        _non_negative_int,
    ),
    # Community reports (public, no account): daily limits that count keyed hashes, never addresses.
    Setting("SPACES_COMMUNITY_REPORTS_PER_CLIENT", "10",
            "Community reports accepted from one client address per day (UTC); then 429 until the next day.",
            _positive_int),
    Setting("SPACES_COMMUNITY_REPORTS_PER_SPACE", "30", "Community reports accepted for one space per day (UTC).",
            _positive_int),
    Setting("SPACES_COMMUNITY_REPORTS_PER_DAY", "500", "Community reports accepted in all per day (UTC).",
            _positive_int),
    Setting("SPACES_COMMUNITY_FOLLOW_FAILURES_PER_CLIENT", "50",
            "Follow-ups with a wrong tracking code or key allowed from one client address per day (UTC); then "
            "that address waits until the next day.", _positive_int),
    Setting("SPACES_COMMUNITY_MESSAGES_PER_CLIENT", "30",
            "Reporter messages and email-address changes accepted from one client address per day (UTC).",
            _positive_int),
    Setting("SPACES_COMMUNITY_DIGEST", "daily",
            "Email to the committee about new community reports: daily (one digest a day, soon after midnight "
            "UTC, of the reports received on the days before), each (a mail for each report, within minutes) "
            "or off. Needs SPACES_SMTP_HOST.", _digest),
    Setting("SPACES_SECRET_KEY", "",
            "Key that signs the links between pages of long lists (any long random text, the same for every "
            "worker and server of one instance). Empty: a random key made on first use and kept in "
            "SPACES_DATA_DIR/secret.key."),
    Setting("SPACES_LOG_LEVEL", "info", "Log level: debug, info, warning or error."),
    Setting("SPACES_SMTP_HOST", "",
            "Mail server for notifications (assigned to you, reopened, waiting for verification). Empty: no email."),
    Setting("SPACES_SMTP_PORT", "587", "Mail server port (465 means TLS from the start).", _positive_int),
    Setting("SPACES_SMTP_USER", "", "User name for the mail server. Empty: send without logging in."),
    Setting("SPACES_SMTP_PASSWORD", "", "Password for the mail server."),
    Setting("SPACES_SMTP_FROM", "", "The From address of notifications; required when SPACES_SMTP_HOST is set."),
    Setting("SPACES_SMTP_STARTTLS", "true",
            "Require STARTTLS before logging in and sending (not used on port 465).", _bool),
)


@dataclass(frozen=True)
class SmtpSettings:
    """Where notification email goes; host empty means email is off."""

    host: str = ""
    port: int = 587
    user: str = ""
    password: str = field(default="", repr=False)
    sender: str = ""
    starttls: bool = True

    @property
    def enabled(self) -> bool:
        return bool(self.host)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    uploads_dir: Path
    checklists_dir: Path
    public_url: str
    session_lifetime_hours: int
    cookie_secure: bool
    invitation_lifetime_hours: int
    max_upload_mb: int
    max_image_megapixels: int
    photo_memory_mb: int
    max_csv_mb: int
    login_max_failures: int
    login_max_failures_per_client: int
    login_window_minutes: int
    login_max_delay_seconds: int
    purge_interval_minutes: int
    log_level: str
    smtp: SmtpSettings = SmtpSettings()
    community_reports_per_client: int = 10
    community_reports_per_space: int = 30
    community_reports_per_day: int = 500
    community_follow_failures_per_client: int = 50
    community_messages_per_client: int = 30
    community_digest: str = "daily"
    secret_key: str = field(default="", repr=False)

    @property
    def max_csv_bytes(self) -> int:
        return self.max_csv_mb * 1024 * 1024

    @property
    def max_upload_bytes(self) -> int:
        return self.max_upload_mb * 1024 * 1024


def _read(env: Mapping[str, str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = env.get(setting.name, setting.default)
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise SettingsError(f"{setting.name}={raw!r} is not valid: {exc}") from None
    return values


def sqlite_url(path: Path) -> str:
    # WAL is Tortoise's default for SQLite; the busy timeout lets several workers wait for the write lock
    # instead of failing at once with "database is locked".
    return f"sqlite://{path}?busy_timeout=5000&journal_mode=WAL"


def normalise_database_url(url: str) -> str:
    """Accept the URL spellings people paste from hosting dashboards."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "asyncpg://" + url[len(prefix):]
    if url.startswith(("asyncpg://", "sqlite://")):
        return url
    raise SettingsError("DATABASE_URL must start with sqlite://, postgres://, postgresql:// or asyncpg://")


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    values = _read(os.environ if env is None else env)
    data_dir = Path(values["SPACES_DATA_DIR"]).resolve()
    url = values["DATABASE_URL"].strip()
    database_url = normalise_database_url(url) if url else sqlite_url(data_dir / "spaces-audit.sqlite3")
    log_level = values["SPACES_LOG_LEVEL"].lower()
    if log_level not in {"debug", "info", "warning", "error"}:
        raise SettingsError(f"SPACES_LOG_LEVEL={log_level!r} is not one of debug, info, warning, error")
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        uploads_dir=Path(values["SPACES_UPLOADS_DIR"]).resolve(),
        checklists_dir=Path(values["SPACES_CHECKLISTS_DIR"] or SHIPPED_CHECKLISTS).resolve(),
        public_url=values["SPACES_PUBLIC_URL"].rstrip("/"),
        session_lifetime_hours=values["SPACES_SESSION_LIFETIME_HOURS"],
        cookie_secure=values["SPACES_COOKIE_SECURE"],
        invitation_lifetime_hours=values["SPACES_INVITATION_LIFETIME_HOURS"],
        max_upload_mb=values["SPACES_MAX_UPLOAD_MB"],
        max_image_megapixels=values["SPACES_MAX_IMAGE_MEGAPIXELS"],
        photo_memory_mb=values["SPACES_PHOTO_MEMORY_MB"],
        max_csv_mb=values["SPACES_MAX_CSV_MB"],
        login_max_failures=values["SPACES_LOGIN_MAX_FAILURES"],
        login_max_failures_per_client=values["SPACES_LOGIN_MAX_FAILURES_PER_CLIENT"],
        login_window_minutes=values["SPACES_LOGIN_WINDOW_MINUTES"],
        login_max_delay_seconds=values["SPACES_LOGIN_MAX_DELAY_SECONDS"],
        purge_interval_minutes=values["SPACES_PURGE_INTERVAL_MINUTES"],
        log_level=log_level,
        smtp=_smtp(values),
        community_reports_per_client=values["SPACES_COMMUNITY_REPORTS_PER_CLIENT"],
        community_reports_per_space=values["SPACES_COMMUNITY_REPORTS_PER_SPACE"],
        community_reports_per_day=values["SPACES_COMMUNITY_REPORTS_PER_DAY"],
        community_follow_failures_per_client=values["SPACES_COMMUNITY_FOLLOW_FAILURES_PER_CLIENT"],
        community_messages_per_client=values["SPACES_COMMUNITY_MESSAGES_PER_CLIENT"],
        community_digest=values["SPACES_COMMUNITY_DIGEST"],
        secret_key=values["SPACES_SECRET_KEY"].strip(),
    )


def _smtp(values: dict[str, Any]) -> SmtpSettings:
    smtp = SmtpSettings(host=values["SPACES_SMTP_HOST"].strip(), port=values["SPACES_SMTP_PORT"],
                        user=values["SPACES_SMTP_USER"], password=values["SPACES_SMTP_PASSWORD"],
                        sender=values["SPACES_SMTP_FROM"].strip(), starttls=values["SPACES_SMTP_STARTTLS"])
    if smtp.enabled and "@" not in smtp.sender:
        raise SettingsError("SPACES_SMTP_FROM must be an email address when SPACES_SMTP_HOST is set")
    return smtp
