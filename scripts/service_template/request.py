"""The command line of `rampart new` and its validation: every refusal is one line, and nothing
is written before all of them passed."""

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .conditions import evaluate
from .manifest import Manifest
from .naming import name_problem

USAGE = ("usage: rampart new <name> [--dir D] [--db sqlite|postgres|both] [--cache memory|redis] "
         "[--queue local|sqs] [--iam full|none] [--deploy|--no-deploy]")


class Refusal(ValueError):
    """A request that cannot be generated; the message is one line."""


@dataclass
class Request:
    name: str
    destination: Path
    choices: dict[str, str]  # option -> value, defaults filled in
    features: frozenset

    def command(self) -> str:
        """The command that generates the same service again (without --dir)."""
        words = ["rampart new", self.name]
        for option, value in self.choices.items():
            if value in ("yes", "no"):
                words.append(f"--{option}" if value == "yes" else f"--no-{option}")
            else:
                words.append(f"--{option} {value}")
        return " ".join(words)


def help_text(manifest: Manifest) -> str:
    lines = [USAGE, "", "Generates a new service from this checkout (docs/template.md).", ""]
    lines.append("  <name>      ^[a-z][a-z0-9_]*$: the namespace, targets, binary, NAME_* variables")
    lines.append("  --dir D     where to write it (default ./<name>); must not exist or be empty")
    for option in manifest.options.values():
        if option.flag:
            when = f" (default: on when {option.default_when})" if option.default_when else ""
            lines.append(f"  --{option.name}|--no-{option.name}{when}")
        else:
            values = "|".join(option.values)
            lines.append(f"  --{option.name} {values} (default {option.default})")
    return "\n".join(lines)


def parse(arguments: list[str], manifest: Manifest, reserved: frozenset,
          cwd: Path | None = None) -> Request | None:
    """The request, or None when help was asked for; Refusal otherwise."""
    given: dict[str, str] = {}
    name = None
    directory = None
    rest = list(arguments)
    while rest:
        argument = rest.pop(0)
        if argument in ("-h", "--help"):
            return None
        if argument.startswith("--"):
            key, equals, value = argument[2:].partition("=")
            option = manifest.options.get(key)
            if option and option.flag and not equals:
                given[key] = "yes"
                continue
            if key.startswith("no-") and key[3:] in manifest.options and \
                    manifest.options[key[3:]].flag and not equals:
                given[key[3:]] = "no"
                continue
            if key != "dir" and (option is None or option.flag):
                raise Refusal(f'unknown option "--{key}"; {USAGE}')
            if not equals:
                if not rest:
                    raise Refusal(f"--{key} needs a value")
                value = rest.pop(0)
            if key == "dir":
                directory = value
                continue
            if value not in option.values:
                raise Refusal(f'--{key} "{value}" is not one of {"|".join(option.values)}')
            given[key] = value
        elif argument.startswith("-"):
            raise Refusal(f'unknown option "{argument}"; {USAGE}')
        elif name is None:
            name = argument
        else:
            raise Refusal(f'one name only (got "{name}" and "{argument}")')
    if name is None:
        raise Refusal(f"the new service's name is missing; {USAGE}")
    problem = name_problem(name, reserved)
    if problem:
        raise Refusal(problem)

    choices, features = _choices(given, manifest)
    for rule in manifest.rules:
        if evaluate(rule.when, features, manifest.known):
            raise Refusal(rule.error)

    base = cwd or Path.cwd()
    destination = (base / (directory if directory is not None else name)).resolve()
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise Refusal(f"{destination} exists and is not an empty folder; choose another --dir")
    if not os.access(_existing_parent(destination), os.W_OK):
        raise Refusal(f"cannot write to {_existing_parent(destination)}")
    return Request(name=name, destination=destination, choices=choices, features=features)


def _choices(given: dict[str, str], manifest: Manifest) -> tuple[dict[str, str], frozenset]:
    choices: dict[str, str] = {}
    features: set[str] = set()
    flags = []
    for option in manifest.options.values():
        if option.flag and option.name not in given:
            flags.append(option)  # its default may depend on the others
            continue
        value = given.get(option.name, option.default)
        choices[option.name] = value
        features.update(option.features[value])
    for option in flags:
        on = evaluate(option.default_when, frozenset(features), manifest.known) \
            if option.default_when else option.default == "yes"
        value = "yes" if on else "no"
        choices[option.name] = value
        features.update(option.features[value])
    ordered = {name: choices[name] for name in manifest.options}
    return ordered, frozenset(features)


def _existing_parent(path: Path) -> Path:
    while not path.exists():
        path = path.parent
    return path


def reserved_names(checkout: Path, files: list[str]) -> frozenset:
    """Names a service cannot take: the checkout's namespaces (other than rampart) and build
    targets, which the generated code would otherwise collide with."""
    names = set()
    namespace = re.compile(r"\bnamespace\s+([A-Za-z_][\w:]*)")
    target = re.compile(r"\b(?:add_executable|add_library|add_custom_target|rampart_test_suite|"
                        r"rampart_library|rampart_fuzzer)\(\s*([A-Za-z_]\w*)")
    for path in files:
        if not path.endswith((".cpp", ".hpp", "CMakeLists.txt", ".cmake")):
            continue
        try:
            text = (checkout / path).read_text(errors="replace")
        except OSError:
            continue
        for match in namespace.finditer(text):
            names.update(part for part in match.group(1).split("::") if part)
        for match in target.finditer(text):
            names.add(match.group(1))
            names.add(match.group(1) + "_fuzzer")
    return frozenset(n for n in names if "rampart" not in n.lower())
