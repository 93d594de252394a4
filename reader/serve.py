"""`broadsheet serve`: the app in a browser through textual-serve, with a page that works offline.

textual-serve's page asks fonts.googleapis.com for its font although the same font ships in its own
static folder: a demo without a network would wait on it, and every visitor's browser would tell
Google. We serve its page with that one link replaced by an `@font-face` for the bundled file. The
page is written into the cache dir from the installed textual-serve, so it follows its version; if
the link is not where we expect, textual-serve's own page is used unchanged.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

from reader.paths import cache_dir

PAGE = "app_index.html"
REMOTE_FONT = re.compile(r"<link\b[^>]*?fonts\.googleapis\.com[^>]*>", re.DOTALL)
LOCAL_FONT = """<style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
        font-style: italic;
      }
    </style>"""


def offline_page(templates: Path, target: Path) -> Path | None:
    """A copy of textual-serve's `templates` folder in `target`, its page loading no remote font;
    None when the page is not as expected (or `target` cannot be written)."""
    try:
        page = (templates / PAGE).read_text(encoding="utf-8")
        fixed, count = REMOTE_FONT.subn(lambda _: LOCAL_FONT, page)
        if count != 1 or "googleapis" in fixed:
            return None
        target.mkdir(parents=True, exist_ok=True)
        for source in templates.iterdir():
            if source.is_file() and source.name != PAGE:
                (target / source.name).write_bytes(source.read_bytes())
        (target / PAGE).write_text(fixed, encoding="utf-8")
    except OSError:
        return None
    return target


def serve(root: str, host: str, port: int) -> None:
    """Serve the app on ROOT until Ctrl+C: textual-serve runs `python -m reader ROOT` per visitor."""
    import textual_serve
    from textual_serve.server import Server

    package = Path(textual_serve.__file__).parent
    templates = offline_page(package / "templates", cache_dir() / "serve-page")
    # textual-serve runs the command through a shell: quote everything.
    command = shlex.join([sys.executable, "-m", "reader", root])
    options = {"templates_path": templates} if templates is not None else {}
    Server(command, host=host, port=port, title="broadsheet", **options).serve()  # type: ignore[arg-type]
