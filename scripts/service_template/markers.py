"""Markers: the lines of a file that depend on the chosen adapters (docs/template.md#markers).

A block, each marker alone on its line behind the file's comment leader (// # -- or <!-- -->):

    // rampart:begin(postgres)
    ...kept when the condition holds...
    // rampart:else
    // ...kept, without its leader, when it does not (written as comments in the template)...
    // rampart:end

One line, the marker last on it:   code  // rampart:only(redis)

In Markdown also inside a line (a table cell, a sentence), invisible in the rendered template:
<!-- rampart:begin(redis) -->text<!-- rampart:end --> keeps the text only when the condition
holds; <!-- rampart:unless(redis): text --> puts the text in only when it does not.

The template builds with every adapter, so what the markers keep for a full choice is exactly
the file as it is; a generated file has no marker left.
"""

import re

from .conditions import ConditionError, evaluate

_LEADER = r"(?://|#|--|<!--)"
_BLOCK = re.compile(r"^(\s*)(" + _LEADER + r")\s*rampart:(begin|else|end)\b(?:\((.*)\))?\s*(?:-->)?\s*$")
_ONLY = re.compile(r"\s*(" + _LEADER + r")\s*rampart:only\((.*)\)\s*(?:-->)?\s*$")
_INLINE_SPAN = re.compile(r"<!-- rampart:begin\(([^)]*(?:\([^)]*\)[^)]*)*)\) -->(.*?)<!-- rampart:end -->")
_INLINE_UNLESS = re.compile(r"<!-- rampart:unless\(([^)]*(?:\([^)]*\)[^)]*)*)\): (.*?) -->")
# Anything that looks like a marker but is none of the above (a typo must not pass silently).
_ANY = re.compile(r"rampart:[a-z]+\(|rampart:(?:begin|else|end|only)\b")


class MarkerError(ValueError):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def apply(text: str, features: frozenset, known: frozenset, inline: bool = False) -> str:
    """`text` with its markers resolved for `features`; MarkerError on a malformed marker.
    `inline`: also the Markdown spans inside a line."""
    out = []
    # Open blocks, innermost last: [condition holds, in its else part, leader, line number].
    stack: list[list] = []

    def emitting() -> bool:
        return all(holds != in_else for holds, in_else, _, _ in stack)

    def condition(expression: str | None, number: int) -> bool:
        if expression is None:
            raise MarkerError(number, "rampart:begin needs a condition, e.g. rampart:begin(redis)")
        try:
            live = evaluate(expression, known, known)
            holds = evaluate(expression, features, known)
        except ConditionError as error:
            raise MarkerError(number, str(error)) from None
        if not live:
            # The template is every feature at once: what it compiles and shows must be what the
            # largest service has. An alternative goes into a rampart:else part (a comment).
            raise MarkerError(number, f'"{expression}" does not hold for the template itself, '
                                      "whose text is live: write the alternative in rampart:else")
        return holds

    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        block = _BLOCK.match(line)
        if block:
            _, leader, kind, expression = block.groups()
            if kind == "begin":
                if stack and stack[-1][1]:
                    raise MarkerError(number, "rampart:begin inside a rampart:else part")
                stack.append([condition(expression, number), False, leader, number])
            elif not stack:
                raise MarkerError(number, f"rampart:{kind} without rampart:begin")
            elif kind == "else":
                if stack[-1][1]:
                    raise MarkerError(number, "a second rampart:else in one block")
                stack[-1][1] = True
            else:
                stack.pop()
            continue
        if stack and stack[-1][1]:
            # The alternative: a comment in the template, text in the service.
            leader = stack[-1][2]
            stripped = line.lstrip()
            if stripped and not stripped.startswith(leader):
                raise MarkerError(number, f'a line of a rampart:else part must start with "{leader}"')
            if _ANY.search(stripped[len(leader):]):
                raise MarkerError(number, "a marker inside a rampart:else part is not read: write "
                                          "the alternative without it")
            if emitting():
                out.append(_uncomment(line, leader))
            continue
        if inline and emitting():
            resolved = _inline(line, number, features, known)
            if line.strip() and not resolved.strip():
                continue  # the line was all marked text: no blank line in its place
            # Spaces left at the end by a removed span would be a hard line break (two or more).
            line = resolved if resolved == line else resolved.rstrip()
        only = _ONLY.search(line)
        if only:
            if not emitting():
                continue
            keep = condition(only.group(2), number)
            if keep:
                out.append(line[:only.start()].rstrip())
            continue
        if emitting():
            if _ANY.search(line):
                raise MarkerError(number, "malformed marker (see docs/template.md#markers)")
            out.append(line)
    if stack:
        raise MarkerError(stack[-1][3], "rampart:begin without rampart:end")
    return "\n".join(out)


def _inline(line: str, number: int, features: frozenset, known: frozenset) -> str:
    def holds(expression: str) -> bool:
        try:
            return evaluate(expression, features, known)
        except ConditionError as error:
            raise MarkerError(number, str(error)) from None

    line = _INLINE_SPAN.sub(lambda m: m.group(2) if holds(m.group(1)) else "", line)
    return _INLINE_UNLESS.sub(lambda m: "" if holds(m.group(1)) else m.group(2), line)


def _uncomment(line: str, leader: str) -> str:
    indent = line[:len(line) - len(line.lstrip())]
    rest = line.lstrip()[len(leader):]
    if rest.startswith(" "):
        rest = rest[1:]
    if leader == "<!--":
        rest = re.sub(r"\s*-->\s*$", "", rest)
    return (indent + rest).rstrip() if rest.strip() else ""


def has_markers(text: str) -> bool:
    return _ANY.search(text) is not None
