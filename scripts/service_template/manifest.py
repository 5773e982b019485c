"""The manifest (manifest.toml beside this file): the options, the features they switch on,
the files and folders each feature owns, and the words an absent feature must not leave."""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .conditions import ConditionError, evaluate

MANIFEST = Path(__file__).resolve().parent / "manifest.toml"


class ManifestError(ValueError):
    pass


@dataclass
class Option:
    name: str
    values: list[str]
    features: dict[str, list[str]]
    default: str
    # A flag (--deploy / --no-deploy) rather than --name value.
    flag: bool = False
    # For a flag: on by default when this condition holds for the other options' features.
    default_when: str | None = None


@dataclass
class Owned:
    when: str
    paths: list[str]


@dataclass
class Rule:
    when: str
    error: str


@dataclass
class Manifest:
    options: dict[str, Option]
    owned: list[Owned]
    rules: list[Rule]
    traces: dict[str, list[re.Pattern]]
    trace_exempt: list[str]
    feature_trace_exempt: dict[str, list[str]]
    verbatim: list[str]
    never: frozenset  # features no generated service has ("template")

    @property
    def known(self) -> frozenset:
        names = set(self.never)
        for option in self.options.values():
            for features in option.features.values():
                names.update(features)
        return frozenset(names)

    def keeps(self, path: str, features: frozenset) -> bool:
        """Whether a generated service with `features` has the file at `path`."""
        return all(evaluate(entry.when, features, self.known)
                   for entry in self.owned for owned in entry.paths if _under(path, owned))

    def owner_conditions(self, path: str) -> list[str]:
        return [entry.when for entry in self.owned for owned in entry.paths if _under(path, owned)]

    def is_verbatim(self, path: str) -> bool:
        return any(_under(path, prefix) for prefix in self.verbatim)

    def is_trace_exempt(self, path: str, feature: str | None = None) -> bool:
        """Whether `path` is never searched for traces (of `feature`, when given)."""
        exempt = self.trace_exempt + (self.feature_trace_exempt.get(feature, []) if feature else [])
        return any(_under(path, prefix) for prefix in exempt)


def _under(path: str, owned: str) -> bool:
    return path == owned or (owned.endswith("/") and path.startswith(owned))


def load(path: Path = MANIFEST) -> Manifest:
    try:
        data = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ManifestError(f"{path}: {error}") from None
    _check_keys(data, path)
    options = {}
    for name, spec in data.get("options", {}).items():
        options[name] = Option(name=name, values=list(spec["values"]),
                               features={k: list(v) for k, v in spec["features"].items()},
                               default=spec.get("default", spec["values"][0]),
                               flag=bool(spec.get("flag", False)),
                               default_when=spec.get("default_when"))
    manifest = Manifest(
        options=options,
        owned=[Owned(when=o["when"], paths=list(o["paths"])) for o in data.get("own", [])],
        rules=[Rule(when=r["when"], error=r["error"]) for r in data.get("rules", [])],
        traces={feature: [re.compile(p) for p in spec["patterns"]]
                for feature, spec in data.get("traces", {}).items()},
        trace_exempt=list(data.get("trace_exempt", [])),
        feature_trace_exempt={feature: list(spec.get("exempt", []))
                              for feature, spec in data.get("traces", {}).items()},
        verbatim=list(data.get("verbatim", [])),
        never=frozenset(data.get("never", [])))
    _check(manifest, path)
    return manifest


_KEYS = {
    "": {"never", "verbatim", "trace_exempt", "options", "rules", "own", "traces"},
    "options": {"values", "default", "features", "flag", "default_when"},
    "rules": {"when", "error"},
    "own": {"when", "paths"},
    "traces": {"patterns", "exempt"},
}


def _check_keys(data: dict, path: Path) -> None:
    """A misplaced key (TOML puts keys after a [[table]] header into that table) is an error."""
    def unknown(keys, allowed, where):
        extra = set(keys) - allowed
        if extra:
            raise ManifestError(f"{path}: unknown key(s) {sorted(extra)} in {where}")
    unknown(data, _KEYS[""], "the top level")
    for name, spec in data.get("options", {}).items():
        unknown(spec, _KEYS["options"], f"options.{name}")
    for table in ("rules", "own"):
        for entry in data.get(table, []):
            unknown(entry, _KEYS[table], f"[[{table}]]")
    for name, spec in data.get("traces", {}).items():
        unknown(spec, _KEYS["traces"], f"traces.{name}")


def _check(manifest: Manifest, path: Path) -> None:
    everything = manifest.known
    conditions = [o.when for o in manifest.owned] + [r.when for r in manifest.rules]
    conditions += [o.default_when for o in manifest.options.values() if o.default_when]
    for condition in conditions:
        try:
            evaluate(condition, everything, everything)
        except ConditionError as error:
            raise ManifestError(f"{path}: {error}") from None
    for feature in manifest.traces:
        if feature not in everything:
            raise ManifestError(f'{path}: traces of unknown feature "{feature}"')
    for option in manifest.options.values():
        if option.default not in option.values or set(option.features) != set(option.values):
            raise ManifestError(f"{path}: option {option.name}: values, features and default disagree")
