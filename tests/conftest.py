"""Every test runs with broadsheet's user folders in temporary places and a neutral environment."""

from __future__ import annotations

import pytest

import reader.dates

# "Now" for relative dates in the list: after every fixture's date, so screens never age.
FIXED_NOW = 1748779200.0  # 2025-06-01 12:00 UTC


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    for variable, name in (
        ("BROADSHEET_CACHE_DIR", "cache"),
        ("BROADSHEET_STATE_DIR", "state"),
        ("BROADSHEET_CONFIG_DIR", "config"),
    ):
        monkeypatch.setenv(variable, str(tmp_path_factory.mktemp(name)))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("COLUMNS", raising=False)
    for variable in ("SSH_CONNECTION", "SSH_TTY", "TEXTUAL_ANIMATIONS", "BROADSHEET_DEBUG"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setattr(reader.dates, "clock", lambda: FIXED_NOW)
