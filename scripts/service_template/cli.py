"""Entry point of `rampart new` (scripts/new_service.py): refusals and failures are one line on
stderr (exit 2 for a refused request, 1 for a template that cannot be generated)."""

import sys
from pathlib import Path

from . import generate
from .manifest import ManifestError, load
from .request import Refusal, help_text, parse, reserved_names

CHECKOUT = Path(__file__).resolve().parents[2]


def main(arguments: list[str], checkout: Path = CHECKOUT) -> int:
    try:
        manifest = load()
        files = generate.tracked_files(checkout)
        request = parse(arguments, manifest, reserved_names(checkout, files))
        if request is None:
            print(help_text(manifest))
            return 0
        outputs = generate.plan(checkout, manifest, request, files)
        origin_line = (f"{generate.ORIGIN_PREFIX}{generate.origin(checkout)} with "
                       f"`{request.command()}`.")
        generate.write(outputs, request.destination, origin_line)
    except Refusal as refusal:
        print(f"rampart new: {refusal}", file=sys.stderr)
        return 2
    except (ManifestError, generate.GenerationError) as error:
        print(f"rampart new: cannot generate: {error}", file=sys.stderr)
        return 1
    print(f"created {request.destination} ({len(outputs)} files): {request.command()}")
    print(f"next: cd {request.destination} && make test")
    return 0
