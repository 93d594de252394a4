"""`python -m reader` is the same as `broadsheet`."""

from reader.cli import main

raise SystemExit(main())
