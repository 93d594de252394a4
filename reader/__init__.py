"""broadsheet: a keyboard-driven terminal reader for Markdown archives."""

__version__ = "0.1.0"
