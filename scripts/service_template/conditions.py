"""Conditions of markers and manifest entries: feature names with !, & and |, and parentheses.

  postgres            the PostgreSQL adapter is in the service
  !sqlite             SQLite is not (with --db postgres)
  postgres & redis    both are
  sqs | redis         either is
  template            never in a generated service: what only the template itself has
"""

import re

_TOKEN = re.compile(r"\s*(?:([a-z_]+)|(.))")


class ConditionError(ValueError):
    pass


def evaluate(expression: str, features: frozenset, known: frozenset) -> bool:
    """True when `expression` holds for `features`; ConditionError on a syntax error or a
    feature name outside `known`."""
    tokens = []
    for match in _TOKEN.finditer(expression.strip()):
        word, symbol = match.groups()
        if word:
            if word not in known:
                raise ConditionError(f'unknown feature "{word}" (known: {", ".join(sorted(known))})')
            tokens.append(("name", word))
        elif symbol in "!&|()":
            tokens.append(("op", symbol))
        else:
            raise ConditionError(f'unexpected "{symbol}" in "{expression}"')
    if not tokens:
        raise ConditionError("empty condition")
    position = 0

    def peek():
        return tokens[position] if position < len(tokens) else (None, None)

    def take(kind, value=None):
        nonlocal position
        token = peek()
        if token[0] != kind or (value is not None and token[1] != value):
            raise ConditionError(f'malformed condition "{expression}"')
        position += 1
        return token[1]

    def either():  # a | b | ...
        value = both()
        while peek() == ("op", "|"):
            take("op", "|")
            value = both() or value
        return value

    def both():  # a & b & ...
        value = single()
        while peek() == ("op", "&"):
            take("op", "&")
            value = single() and value
        return value

    def single():
        if peek() == ("op", "!"):
            take("op", "!")
            return not single()
        if peek() == ("op", "("):
            take("op", "(")
            value = either()
            take("op", ")")
            return value
        return take("name") in features

    result = either()
    if position != len(tokens):
        raise ConditionError(f'malformed condition "{expression}"')
    return result
