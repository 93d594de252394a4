"""Fixtures for the unit tests: small archives built in tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from pathlib import Path

import pytest

from .helpers import Tree, write_tree


@pytest.fixture
def make_archive(tmp_path: Path) -> Callable[[Tree], Path]:
    """Build an archive folder in tmp_path from a mapping of files; returns its path."""
    numbers = count()

    def build(files: Tree) -> Path:
        root = tmp_path / f"archive{next(numbers)}"
        root.mkdir()
        return write_tree(root, files)

    return build
