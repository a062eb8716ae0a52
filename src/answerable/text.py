"""Unicode-aware trimming (DESIGN §4 "Text comparisons"), declared once for Python and for SQL.

Trimming removes, at both ends, every Unicode whitespace character (what Python's `str.isspace`
accepts: tab, newline, vertical tab, form feed, carriage return, the separators U+001C-U+001F, U+0085,
no-break space, the U+2000 block, ideographic space, ...) and the zero-width characters U+200B-U+200D
and U+FEFF. DuckDB's own `trim` removes spaces only.

The SQL side is a set of temporary macros (`install_macros` on a cursor): `utrim(s)`, `clean(s)`
(trimmed, empty -> NULL), `enum_key(s)` (trimmed, lower case, spaces and hyphens -> underscores) and
`owner_ok(s, placeholders)` (owner-present). Every comparison in the metric SQL goes through them.
"""

from __future__ import annotations

import duckdb

ZERO_WIDTH = "\u200b\u200c\u200d\ufeff"
TRIM_CHARS = "".join(c for c in map(chr, range(0x110000)) if c.isspace()) + ZERO_WIDTH

# RE2 character class of TRIM_CHARS: \pZ is Zs+Zl+Zp (space, no-break space, U+1680, U+2000-U+200A,
# U+2028, U+2029, U+202F, U+205F, U+3000), plus the controls str.isspace accepts, plus zero-width.
_CLASS = r"[\pZ\x{9}-\x{d}\x{1c}-\x{1f}\x{85}\x{200b}-\x{200d}\x{feff}]"

# The fast path skips the regex when the first and last characters are printable ASCII other than a
# space (nearly every real value); DuckDB's trim(s, characters) is 20x slower than both.
MACROS: tuple[str, ...] = (
    "CREATE OR REPLACE TEMP MACRO utrim(s) AS CASE "
    "WHEN unicode(s) BETWEEN 33 AND 126 AND unicode(right(s, 1)) BETWEEN 33 AND 126 THEN s "
    f"ELSE regexp_replace(s, '^{_CLASS}+|{_CLASS}+$', '', 'g') END",
    "CREATE OR REPLACE TEMP MACRO clean(s) AS nullif(utrim(s), '')",
    "CREATE OR REPLACE TEMP MACRO enum_key(s) AS replace(replace(lower(utrim(s)), ' ', '_'), '-', '_')",
    "CREATE OR REPLACE TEMP MACRO owner_ok(s, placeholders) AS "
    "(clean(s) IS NOT NULL AND NOT list_contains(placeholders, lower(utrim(s))))",
)


def strip_text(value: str) -> str:
    """`value` trimmed the way the metric SQL trims (see TRIM_CHARS)."""
    return value.strip(TRIM_CHARS)


def install_macros(cur: duckdb.DuckDBPyConnection) -> None:
    """Create the trimming macros on this cursor (temporary: each cursor needs its own)."""
    for ddl in MACROS:
        cur.execute(ddl)
