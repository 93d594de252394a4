"""Rich styles for articles. Named styles only: the renderer never hard-codes a colour."""

from __future__ import annotations

from rich.theme import Theme

STYLES: dict[str, str] = {
    # Rich's own markdown names, quieter than its defaults.
    "markdown.h1": "bold",
    "markdown.h2": "bold",
    "markdown.h3": "bold",
    "markdown.h4": "bold italic",
    "markdown.h5": "italic",
    "markdown.h6": "dim italic",
    "markdown.block_quote": "italic",
    "markdown.code": "bold cyan",
    "markdown.link": "underline",
    "markdown.link_url": "underline blue",
    "markdown.hr": "dim",
    "markdown.sup": "dim",
    "markdown.shortcode": "dim italic",
    "markdown.html": "dim",
    "markdown.item.bullet": "bold yellow",
    "markdown.item.number": "bold yellow",
    # Ours.
    "broadsheet.heading.1": "bold magenta",
    "broadsheet.heading.2": "bold magenta",
    "broadsheet.heading.rule": "magenta",
    "broadsheet.title": "bold",
    "broadsheet.meta": "dim",
    "broadsheet.tag": "cyan",
    "broadsheet.category": "yellow",
    "broadsheet.draft": "bold red",
    "broadsheet.rule": "dim",
    "broadsheet.quote.bar": "dim",
    "broadsheet.shortcode": "dim",
    "broadsheet.shortcode.name": "dim italic",
    "broadsheet.shortcode.frame": "dim",
    "broadsheet.image": "green",
    "broadsheet.image.alt": "bold green",
    "broadsheet.image.target": "underline green",
    "broadsheet.image.missing": "bold red",
    "broadsheet.link.number": "dim",
    "broadsheet.link.local": "underline cyan",
    "broadsheet.link.text": "underline",
    "broadsheet.callout.note": "blue",
    "broadsheet.callout.tip": "green",
    "broadsheet.callout.important": "magenta",
    "broadsheet.callout.warning": "yellow",
    "broadsheet.callout.caution": "red",
}

THEME = Theme(STYLES)
