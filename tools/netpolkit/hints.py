"""How to fix a YAML syntax error, as a hint next to the parser's own message.

The YAML parser says what it expected where it gave up ("mapping values are not allowed in this
context"); a platform engineer needs to know what to change. The parser's words are kept in the
message (they are what a web search finds), and the hint says what usually causes them in a values
file. Only problems without a hint get one.
"""

from __future__ import annotations

import re
from dataclasses import replace

from netpolkit.problems import Problem

#: (pattern over the message, hint); the first match wins.
YAML_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), hint)
    for pattern, hint in (
        (r"tab character|'\\t'", "indent with spaces: YAML does not allow tabs"),
        (
            r"mapping values are not allowed",
            "a value contains ': ' (put the value in quotes), or this line is indented deeper than its key",
        ),
        (
            r"did not find expected key",
            "this line is not indented like the keys above it, or text follows a closing quote",
        ),
        (r"expected '-' indicator", "every item of a list starts with '- ' at the same indentation"),
        (r"expected ',' or '\}'", "a '{' above is not closed with '}', or a value inside it needs quotes"),
        (r"expected ',' or '\]'", "a '[' above is not closed with ']', or a value inside it needs quotes"),
        (r"end of stream.*quoted scalar", "a quoted value is not closed: add the closing quote"),
        (
            r"undefined alias",
            "*name refers to an anchor &name that is not defined above it; quote the value if * is text",
        ),
        (
            r"while scanning an alias|while scanning an anchor",
            'a value starting with * or & is YAML syntax: quote it, e.g. "*"',
        ),
        (
            r"cannot start any token",
            "values starting with @, ` or % must be quoted, e.g. '@daily'",
        ),
        (r"unknown escape character", "in \"double quotes\" a \\ starts an escape: use 'single quotes' or write \\\\"),
        (r"could not find expected ':'", "a key has no ':' after it, or a quoted value runs over several lines"),
        (r"expected <block end>", "this line is not indented like the lines above it"),
        (r"duplicate anchor", "the same &anchor name is defined twice: rename one"),
    )
)


def yaml_hint(message: str) -> str:
    """The hint for a YAML syntax error message, or ""."""
    for pattern, hint in YAML_HINTS:
        if pattern.search(message):
            return hint
    return ""


def with_hints(problems: list[Problem]) -> list[Problem]:
    """`problems`, with a hint added to each YAML syntax error (NPK010) that has none."""
    out = []
    for problem in problems:
        if problem.code == "NPK010" and not problem.hint:
            hint = yaml_hint(problem.message)
            if hint:
                problem = replace(problem, hint=hint)
        out.append(problem)
    return out


__all__ = ["YAML_HINTS", "with_hints", "yaml_hint"]
