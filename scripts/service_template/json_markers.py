"""Markers in JSON, which has no comments: an object in an array that has the member
`"rampart:only": "<condition>"` is kept (without that member) only when the condition holds.
The file must be formatted as json.dumps(indent=2) writes it, so that the generated file
differs from the template only where a marker removed something."""

import json

from .conditions import ConditionError, evaluate
from .markers import MarkerError

KEY = "rampart:only"


def has_markers(text: str) -> bool:
    return f'"{KEY}"' in text


def apply(text: str, features: frozenset, known: frozenset) -> str:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise MarkerError(error.lineno, f"not valid JSON: {error.msg}") from None
    if _dump(data) != text:
        raise MarkerError(1, "a JSON file with markers must be formatted as "
                             "json.dumps(indent=2, ensure_ascii=False) writes it")

    def line_of(condition: str) -> int:
        at = text.find(f'"{KEY}": {json.dumps(condition)}')
        return text.count("\n", 0, at) + 1 if at >= 0 else 1

    def keep(item) -> bool:
        if not (isinstance(item, dict) and KEY in item):
            return True
        condition = item[KEY]
        try:
            return evaluate(condition, features, known)
        except (ConditionError, TypeError) as error:
            raise MarkerError(line_of(str(condition)), str(error)) from None

    def walk(node):
        if isinstance(node, list):
            return [walk(item) for item in node if keep(item)]
        if isinstance(node, dict):
            for value in node.values():
                if isinstance(value, dict) and KEY in value:
                    raise MarkerError(line_of(str(value[KEY])),
                                      f'"{KEY}" only on an object inside an array')
            return {key: walk(value) for key, value in node.items() if key != KEY}
        return node

    return _dump(walk(data))


def _dump(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
