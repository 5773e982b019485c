"""Generation: the checkout's tracked files, less what the unchosen features own, markers
resolved, renamed; checked for leftovers before anything is written."""

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import json_markers, markers
from .manifest import Manifest, ManifestError
from .naming import Names, rename, rename_bytes
from .request import Request

ORIGIN_PREFIX = "Generated from rampart "
_OLD_NAME = re.compile(r"rampart", re.IGNORECASE)
# Folders never copied when the checkout is no git clone (what .gitignore leaves out).
_UNTRACKED = {".git", "build", "data", "node_modules", "results"}


class GenerationError(RuntimeError):
    """The template is inconsistent for this choice; the message is one line, `problems` has
    every finding (file:line: what)."""

    def __init__(self, message: str, problems: list[str]):
        super().__init__(message)
        self.problems = problems


@dataclass
class Output:
    path: str  # relative, renamed
    data: bytes
    mode: int


def tracked_files(checkout: Path) -> list[str]:
    """The files of the checkout: `git ls-files` in a clone, else every file outside build
    output, local state and installed packages."""
    if (checkout / ".git").exists() and shutil.which("git"):
        result = subprocess.run(["git", "-C", str(checkout), "ls-files", "-z"],
                                capture_output=True, check=False)
        if result.returncode == 0:
            return sorted(p for p in result.stdout.decode().split("\0")
                          if p and (checkout / p).is_file())
    files = []
    for root, folders, names in os.walk(checkout):
        folders[:] = sorted(f for f in folders
                            if f not in _UNTRACKED and not f.startswith("build-"))
        for name in names:
            if not name.endswith(".swp"):
                files.append(str((Path(root) / name).relative_to(checkout)))
    return sorted(files)


def origin(checkout: Path) -> str:
    """The template's commit, for the generated README ("unknown" outside a git clone)."""
    if not ((checkout / ".git").exists() and shutil.which("git")):
        return "(unknown commit)"
    head = subprocess.run(["git", "-C", str(checkout), "rev-parse", "--short=12", "HEAD"],
                          capture_output=True, text=True, check=False)
    if head.returncode != 0:
        return "(unknown commit)"
    dirty = subprocess.run(["git", "-C", str(checkout), "status", "--porcelain",
                            "--untracked-files=no"], capture_output=True, text=True, check=False)
    return head.stdout.strip() + (" with local changes" if dirty.stdout.strip() else "")


def plan(checkout: Path, manifest: Manifest, request: Request,
         files: list[str] | None = None) -> list[Output]:
    """Every file of the new service, in memory; GenerationError on any leftover."""
    files = tracked_files(checkout) if files is None else files
    _check_manifest_paths(manifest, files)
    names = Names(request.name)
    features = request.features
    absent = [f for f in manifest.traces if f not in features]
    outputs, problems = [], []
    for path in files:
        if not manifest.keeps(path, features):
            continue
        source = checkout / path
        data = source.read_bytes()
        new_path = rename(path, names)
        mode = source.stat().st_mode & 0o777
        if manifest.is_verbatim(path):
            outputs.append(Output(new_path, rename_bytes(data, names), mode))
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            outputs.append(Output(new_path, rename_bytes(data, names), mode))
            continue
        try:
            if path.endswith(".json") and json_markers.has_markers(text):
                resolved = json_markers.apply(text, features, manifest.known)
            else:
                resolved = markers.apply(text, features, manifest.known,
                                         inline=path.endswith(".md"))
        except markers.MarkerError as error:
            problems.append(f"{path}:{error.line}: {error}")
            continue
        if text.strip() and not resolved.strip():
            problems.append(f"{path}:1: nothing left after its markers; own the file in "
                            "the manifest instead")
            continue
        renamed = rename(resolved, names)
        for number, line in enumerate(renamed.split("\n"), start=1):
            if _OLD_NAME.search(line):
                problems.append(f"{new_path}:{number}: the old name is left: {line.strip()[:80]}")
        searched = [f for f in absent if not manifest.is_trace_exempt(path, f)]
        problems.extend(_traces(manifest, searched, new_path, renamed))
        outputs.append(Output(new_path, renamed.encode("utf-8"), mode))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise GenerationError(problems[0] + more, problems)
    return outputs


def _traces(manifest: Manifest, absent: list[str], path: str, text: str) -> list[str]:
    found = []
    for number, line in enumerate(text.split("\n"), start=1):
        for feature in absent:
            for pattern in manifest.traces[feature]:
                if pattern.search(line):
                    found.append(f"{path}:{number}: a trace of {feature}, which is not chosen: "
                                 f"{line.strip()[:80]}")
                    break
    return found


def _check_manifest_paths(manifest: Manifest, files: list[str]) -> None:
    present = set(files)
    folders = {f[:i + 1] for f in files for i, c in enumerate(f) if c == "/"}
    for entry in manifest.owned:
        for owned in entry.paths:
            if owned not in (folders if owned.endswith("/") else present):
                raise ManifestError(f"manifest.toml: {owned} (owned when {entry.when}) "
                                    "is not in the checkout")


def write(outputs: list[Output], destination: Path, origin_line: str) -> None:
    """Writes the files into `destination` (new or empty) through a temporary sibling folder,
    so that a failure leaves nothing behind."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = destination.parent / f".{destination.name}.generating-{os.getpid()}"
    try:
        for output in outputs:
            target = staging / output.path
            target.parent.mkdir(parents=True, exist_ok=True)
            data = output.data
            if output.path == "README.md":
                data = data.rstrip(b"\n") + b"\n\n" + origin_line.encode() + b"\n"
            target.write_bytes(data)
            target.chmod(output.mode)
        if destination.exists():
            for child in staging.iterdir():
                child.rename(destination / child.name)
            staging.rmdir()
        else:
            staging.rename(destination)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
