"""Settings are read from the environment once, with defaults and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.settings import SettingsError, load_settings


def test_defaults_use_sqlite_in_the_data_folder():
    settings = load_settings({})
    assert settings.database_url.startswith("sqlite://")
    assert str(Path("data").resolve() / "spaces-audit.sqlite3") in settings.database_url
    assert "busy_timeout=5000" in settings.database_url and "journal_mode=WAL" in settings.database_url
    assert settings.max_upload_bytes == 25 * 1024 * 1024
    assert settings.cookie_secure is False


@pytest.mark.parametrize("url", ["postgres://u:p@db:5432/audit", "postgresql://u:p@db:5432/audit"])
def test_postgres_urls_are_accepted_in_their_usual_spellings(url):
    assert load_settings({"DATABASE_URL": url}).database_url == "asyncpg://u:p@db:5432/audit"


@pytest.mark.parametrize(
    "env, words",
    [
        ({"DATABASE_URL": "mysql://x"}, "DATABASE_URL must start with"),
        ({"SPACES_COOKIE_SECURE": "maybe"}, "SPACES_COOKIE_SECURE='maybe' is not valid"),
        ({"SPACES_MAX_UPLOAD_MB": "0"}, "SPACES_MAX_UPLOAD_MB='0' is not valid"),
        ({"SPACES_SESSION_LIFETIME_HOURS": "a week"}, "SPACES_SESSION_LIFETIME_HOURS"),
        ({"SPACES_LOG_LEVEL": "loud"}, "SPACES_LOG_LEVEL"),
    ],
)
def test_bad_values_name_the_setting(env, words):
    with pytest.raises(SettingsError, match=words):
        load_settings(env)
