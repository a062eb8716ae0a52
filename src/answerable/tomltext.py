"""TOML parsing for files users write (mappings, maturity models, roles), with a nesting limit.

Python's tomllib parses arrays and inline tables recursively: `a = [[[[...` nested a few thousand
deep ends in a RecursionError (a traceback), and dotted keys `a.b.c...` nest tables without limit.
No Answerable file needs more than a few levels, so `loads` refuses anything deeper than MAX_DEPTH
with a TOMLDecodeError naming the line and column, which every caller already turns into a clear
message about its file.
"""

from __future__ import annotations

import tomllib
from typing import Any

MAX_DEPTH = 32


def _too_deep(line: int, col: int) -> tomllib.TOMLDecodeError:
    where = f" (at line {line}, column {col})" if line else ""
    return tomllib.TOMLDecodeError(
        f"it nests tables or arrays more than {MAX_DEPTH} levels deep{where}; "
        "an Answerable file needs only a few levels"
    )


def _scan_brackets(text: str) -> None:
    """Refuse bracket nesting deeper than MAX_DEPTH before the recursive parser sees it.

    A small lexer: brackets inside strings ("...", '...', triple-quoted) and comments do not count.
    """
    depth = 0
    line, line_start = 1, 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line, line_start = line + 1, i + 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                if text[j] == "\\" and ch == '"':
                    j += 1
                elif text[j] == "\n":
                    line, line_start = line + 1, j + 1
                    if len(quote) == 1:
                        break  # an unterminated one-line string: let the parser report it
                j += 1
            i = j + len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(line, i - line_start + 1)
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1


def _depth(value: object) -> int:
    """Nesting depth of parsed data, without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, d = stack.pop()
        deepest = max(deepest, d)
        if d > MAX_DEPTH:
            break
        if isinstance(item, dict):
            stack += [(v, d + 1) for v in item.values()]
        elif isinstance(item, list):
            stack += [(v, d + 1) for v in item]
    return deepest


def loads(text: str) -> dict[str, Any]:
    """tomllib.loads with a nesting limit; every failure is a TOMLDecodeError."""
    _scan_brackets(text)
    try:
        data = tomllib.loads(text)
    except RecursionError:  # pragma: no cover - the scan above refuses such files first
        raise _too_deep(0, 0) from None
    if _depth(data) > MAX_DEPTH:
        raise _too_deep(0, 0)  # dotted keys such as a.b.c... : tomllib keeps no position for them
    return data
