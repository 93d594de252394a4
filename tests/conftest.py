"""Every test runs with broadsheet's user folders in temporary places and a neutral environment."""

from __future__ import annotations

import pytest


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
