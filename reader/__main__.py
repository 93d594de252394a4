"""`python -m reader` is the same as `broadsheet`."""

from reader.cli import main

# Guarded: the index's worker processes import the main module again, and must not run the app.
if __name__ == "__main__":
    raise SystemExit(main())
