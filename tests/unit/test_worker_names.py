"""A Textual worker's description is by default the repr of its arguments, built on the UI thread
when the worker starts: passing an archive or the marks of 100k articles stalled the app for
hundreds of milliseconds. Every worker of ours that takes arguments names itself instead."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).parents[2] / "reader" / "ui"


def _work_decorators(function: ast.FunctionDef) -> list[ast.Call]:
    return [
        decorator
        for decorator in function.decorator_list
        if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", None) == "work"
    ]


def test_every_worker_that_takes_arguments_has_a_description() -> None:
    unnamed: list[str] = []
    checked = 0
    for path in sorted(UI.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in _work_decorators(node):
                takes = [arg.arg for arg in node.args.args if arg.arg != "self"]
                if not takes:
                    continue
                checked += 1
                if not any(keyword.arg == "description" for keyword in decorator.keywords):
                    unnamed.append(f"{path.name}:{node.lineno} {node.name}({', '.join(takes)})")
    assert checked >= 4
    assert unnamed == []
