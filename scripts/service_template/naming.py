"""The new service's name in each form the template spells "rampart" in, and the rename.

The template spells its own name in five ways; each becomes the matching form of the new name
(docs/template.md#naming):

  RAMPART                      -> ORDER_SERVICE   environment variables, C macros
  Rampart                      -> OrderService    C++ and JavaScript identifiers, alert names
  rampart + letter or digit    -> orderservice    squashed words: anchors of alert names
  rampart next to '-', or the
  first label of an example.*
  host name                    -> order-service   Compose volumes, AWS resource and host names
  rampart (anything else)      -> order_service   namespace, targets, binary, paths, log service
"""

import re
from dataclasses import dataclass

OLD = "rampart"

NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_LENGTH = 20  # AWS load balancer and target group names are at most 32 characters

# C++ keywords and alternative tokens (C++23): a namespace cannot be named after one.
CPP_KEYWORDS = frozenset("""
alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t
char32_t class compl concept const consteval constexpr constinit const_cast continue co_await
co_return co_yield decltype default delete do double dynamic_cast else enum explicit export
extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq
nullptr operator or or_eq private protected public register reinterpret_cast requires return
short signed sizeof static static_assert static_cast struct switch template this thread_local
throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t while
xor xor_eq import module final override
""".split())

# Namespaces of the libraries the code names unqualified, and the build system's own names.
LIBRARY_NAMESPACES = frozenset("std boost fmt spdlog CLI testing toml json asio beast".split())
BUILD_RESERVED = frozenset("""
all clean help install test package package_source edit_cache rebuild_cache depend
list_install_components install_strip ctest
""".split())


@dataclass(frozen=True)
class Names:
    snake: str  # order_service

    @property
    def upper(self) -> str:
        return self.snake.upper()

    @property
    def pascal(self) -> str:
        return "".join(part.capitalize() for part in self.snake.split("_") if part)

    @property
    def squashed(self) -> str:
        return self.snake.replace("_", "")

    @property
    def kebab(self) -> str:
        return self.snake.replace("_", "-")


_PATTERN = re.compile(r"RAMPART|Rampart|rampart")
_EXAMPLE_HOST = re.compile(r"(?:\.[a-z0-9-]+)*\.example\.(?:com|org|net|test)\b")


def rename(text: str, names: Names) -> str:
    def replace(match: re.Match) -> str:
        word = match.group(0)
        if word == "RAMPART":
            return names.upper
        if word == "Rampart":
            return names.pascal
        start, end = match.start(), match.end()
        following = text[end:end + 1]
        preceding = text[start - 1:start]
        if following.isascii() and (following.islower() or following.isdigit()):
            return names.squashed
        if "-" in (following, preceding) or _EXAMPLE_HOST.match(text, end):
            return names.kebab
        return names.snake

    return _PATTERN.sub(replace, text)


def rename_bytes(data: bytes, names: Names) -> bytes:
    """The rename on a file that is not UTF-8 text or is data (fuzz corpora): the same forms,
    byte-wise, and any other mix of cases (a mutated input's "RAmPART") in capitals."""
    text = rename(data.decode("latin-1"), names)
    return re.sub("rampart", names.upper, text, flags=re.IGNORECASE).encode("latin-1")


def name_problem(name: str, reserved: frozenset) -> str | None:
    """Why `name` cannot name a service (None when it can). `reserved`: the namespaces and
    build targets of the checkout that a service of that name would collide with."""
    if not NAME_PATTERN.match(name):
        return f'"{name}" is not a valid name: use ^[a-z][a-z0-9_]*$ (e.g. orders, order_service)'
    if name.endswith("_") or "__" in name:
        return f'"{name}" is not a valid name: no trailing or doubled underscore'
    if len(name) > MAX_LENGTH:
        return f'"{name}" is too long: at most {MAX_LENGTH} characters (AWS names derive from it)'
    if name == OLD:
        return f'"{name}" is the template\'s own name: choose the new service\'s name'
    if name in CPP_KEYWORDS:
        return f'"{name}" is a C++ keyword and cannot be the namespace'
    if name in LIBRARY_NAMESPACES or name in BUILD_RESERVED:
        return f'"{name}" collides with a library namespace or a build system name'
    if name in reserved:
        return f'"{name}" collides with a namespace or build target of the template'
    return None
