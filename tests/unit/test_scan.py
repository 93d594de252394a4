"""Walking ROOT: which files become articles, and what is reported instead of opened."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.load import LoadError, load_archive, read_document
from reader.load.scan import Found, scan

from .helpers import Tree, deadline


def test_suffixes_hidden_entries_and_folders_named_like_files(make_archive: Callable[[Tree], Path]) -> None:
    root = make_archive(
        {
            "a.md": "# A\n",
            "b.markdown": "# B\n",
            "UPPER.MD": "# Upper\n",
            "notes.txt": "not an article",
            ".hidden.md": "# hidden file\n",
            ".git/c.md": "# in a hidden folder\n",
            "sub/.drafts/d.md": "# hidden subfolder\n",
            "folder.md/inner.md": "# inside a folder named like a file\n",
        }
    )
    archive = load_archive(str(root))
    assert sorted(a.path for a in archive.articles) == [
        "UPPER.MD",
        "a.md",
        "b.markdown",
        "folder.md/inner.md",
    ]
    assert archive.files == 4
    assert archive.problems == ()


def test_symlink_loop_terminates_without_duplicates(make_archive: Callable[[Tree], Path]) -> None:
    root = make_archive({"top.md": "# Top\n", "a/b/deep.md": "# Deep\n"})
    os.symlink("../..", root / "a" / "b" / "up")
    os.symlink(str(root), root / "a" / "root-link")
    os.symlink("a", root / "alias")
    with deadline(10):
        archive = load_archive(str(root))
    paths = [a.path for a in archive.articles]
    assert len(paths) == 2
    assert sorted(a.title for a in archive.articles) == ["Deep", "Top"]


def test_symlinked_file_is_followed_and_broken_link_is_a_warning(
    make_archive: Callable[[Tree], Path],
) -> None:
    root = make_archive({"real.md": "# Real\n"})
    os.symlink("real.md", root / "alias.md")
    os.symlink("missing.md", root / "broken.md")
    archive = load_archive(str(root))
    assert sorted(a.path for a in archive.articles) == ["alias.md", "real.md"]
    assert [(p.path, p.severity) for p in archive.problems] == [("broken.md", "warning")]


def test_fifo_is_reported_not_opened(make_archive: Callable[[Tree], Path]) -> None:
    root = make_archive({"ok.md": "# OK\n"})
    os.mkfifo(root / "a.md")
    with deadline(5):
        archive = load_archive(str(root))
    assert [a.path for a in archive.articles] == ["ok.md"]
    assert [(p.path, p.kind, p.severity) for p in archive.problems] == [("a.md", "io", "warning")]
    assert "pipe" in archive.problems[0].message


def test_read_document_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with deadline(5), pytest.raises(LoadError) as caught:
        read_document(str(fifo), "pipe.md")
    assert caught.value.kind == "io"


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"# Title\n\x00\x01binary", "NUL"), (b"# Title\n\xff\xfe caf\xe9\n", "UTF-8")],
    ids=["nul", "latin1"],
)
def test_undecodable_files_are_encoding_errors(
    make_archive: Callable[[Tree], Path], content: bytes, words: str
) -> None:
    archive = load_archive(str(make_archive({"ok.md": "# OK\n", "bad.md": content})))
    assert [a.path for a in archive.articles] == ["ok.md"]
    assert archive.files == 2
    assert [(p.path, p.kind, p.severity) for p in archive.problems] == [("bad.md", "encoding", "error")]
    assert words in archive.problems[0].message


def test_scan_yields_relative_forward_slash_paths_in_name_order(make_archive: Callable[[Tree], Path]) -> None:
    root = make_archive({"b/z.md": "z", "b/a.md": "a", "a.md": "a", "c/d/e.md": "e"})
    found = [item.relpath for item in scan(str(root)) if isinstance(item, Found)]
    assert found == ["a.md", "b/a.md", "b/z.md", "c/d/e.md"]


def test_missing_root_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    archive = load_archive(str(tmp_path / "nowhere"))
    assert len(archive) == 0
    assert [p.kind for p in archive.problems] == ["io"]


def test_body_of_a_file_with_a_control_character_in_its_name(make_archive: Callable[[Tree], Path]) -> None:
    root = make_archive({"odd\x1bname.md": "# Odd\n\nThe body.\n"})
    archive = load_archive(str(root))
    (article,) = archive.articles
    assert "\x1b" not in article.path
    assert "The body." in archive.body(article)
