"""``python -m storytrace``: the command-line interface (:func:`storytrace.cli.main`)."""

from .cli import main

raise SystemExit(main())
