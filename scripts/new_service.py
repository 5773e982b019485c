#!/usr/bin/env python3
"""Generates a new service from this checkout; `rampart new` runs it, and it runs on its own
without a built binary: scripts/new_service.py orders --db sqlite (docs/template.md)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service_template.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
