"""The loader, the model and the scripting commands stay light: no Textual, and no Rich below render."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from reader.paths import sample_articles


def run_python(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_list_json_does_not_import_textual() -> None:
    out = run_python(
        f"""
        import contextlib, io, json, sys
        import reader.load, reader.model, reader.cli
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            code = reader.cli.main(["list", "--json", {str(sample_articles())!r}])
        assert code == 0
        assert len(json.loads(buffer.getvalue())) >= 12
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich")))
        """
    )
    assert "textual" not in out
    assert "rich" not in out


def test_load_and_model_do_not_import_rich_or_textual() -> None:
    out = run_python(
        f"""
        import sys
        import reader.load, reader.model, reader.text
        reader.load.load_archive({str(sample_articles())!r})
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "rich")))
        """
    )
    assert out.strip() == "[]"
