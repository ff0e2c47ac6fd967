"""One reading of a query's text, shared by the guard and the engine.

SPARQL parsers read some texts differently: rdflib ends a comment only at a line feed, Oxigraph
at a carriage return too; rdflib expands `\\u` escapes anywhere before parsing (SPARQL 1.1),
Oxigraph only inside strings and IRIs (SPARQL 1.2). A guard reading with one parser and an
engine running with another may see two queries: a `SERVICE` after `#c\\r` was a comment to the
guard and a connection to Oxigraph. So the text is read once, here, and rewritten into a form on
which no such difference can arise; the guard inspects that form and the engine runs it:

- comments go, and every line break (`\\r\\n`, `\\r`, `\\n`) becomes `\\n`, so that error
  positions keep their line;
- every string is written again as `"..."`, its escapes decoded and re-made (`\\"`, `\\\\`,
  `\\t`, `\\n`, `\\r`; other control and line-separator characters as `\\UXXXXXXXX`);
- IRIs are written with their `\\u` escapes decoded;
- a backslash outside strings and IRIs, a control or line-separator character outside strings,
  and a string holding `\\u` and hex digits (which rdflib would expand inside the string) are
  refused: each would read differently in different parsers.

The rewritten text has no comment, no escape outside strings, and no line break but `\\n`
between tokens. Its words (letters and digits outside strings, IRIs, variable names, local
names and language tags) are listed too, so the guard can look for keywords without a parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class Unreadable(Exception):
    """The text cannot be read the same way by every parser; the message names the place."""


@dataclass(frozen=True)
class Lexed:
    text: str  # the query as every reader must see it
    words: tuple[str, ...]  # the words outside strings, IRIs, variables and local names, lower-cased


_TOKEN = re.compile(
    r"""
    (?P<code>[^'"<\#\\\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]+)
    |(?P<newline>\r\n?|\n)
    |(?P<comment>\#[^\r\n]*)
    |(?P<iri><(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)
    |(?P<long>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''|\"\"\"(?:(?:"|"")?(?:[^"\\]|\\.))*\"\"\")
    |(?P<short>'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*")
    |(?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
# In code: variables, local names (after a prefix's colon; blank node labels too) and language
# tags are skipped; the runs of letters and digits left are the words.
_NAME_CHARS = r"\w\u00B7\u0300-\u036F\u203F\u2040"
_WORD = re.compile(rf"[?$][{_NAME_CHARS}]*|:[{_NAME_CHARS}.\-:%]*|@[A-Za-z0-9\-]*|(\w+)")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.DOTALL)
_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
_WRITTEN = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}
_TO_WRITE = re.compile(r'["\\\x00-\x1f\x7f-\x9f\u2028\u2029]')  # Unicode's Cc, Zl, Zp, and what ECHARs spell
_IRI_CHAR = re.compile(r'[^<>"{}|^`\\\x00-\x20]*')
_EXPANDS = re.compile(r"\\[uU][0-9A-Fa-f]{4}")  # what rdflib expands before parsing, even in a string
_LINE_BREAK = re.compile(r"\r\n?|\n")


def _place(text: str, pos: int) -> str:
    line = len(_LINE_BREAK.findall(text, 0, pos)) + 1
    start = max(text.rfind("\n", 0, pos), text.rfind("\r", 0, pos)) + 1
    return f"line {line}, column {pos - start + 1}"


def _decode(body: str, text: str, pos: int, *, echars: bool) -> str:
    def one(match: re.Match[str]) -> str:
        code, long_code, char = match.groups()
        if char is None:
            value = int(code or long_code, 16)
            if value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
                raise Unreadable(f"\\u escape of no character at {_place(text, pos + match.start())}")
            return chr(value)
        if echars and char in _ECHAR:
            return _ECHAR[char]
        raise Unreadable(f"unknown escape \\{char} at {_place(text, pos + match.start())}")

    return _ESCAPE.sub(one, body) if "\\" in body else body


def _string(token: str, text: str, pos: int) -> str:
    quotes = 3 if token[:3] in ("'''", '"""') else 1
    value = _decode(token[quotes:-quotes], text, pos + quotes, echars=True)
    if "\\" in value and _EXPANDS.search(value):
        raise Unreadable(
            f"the string at {_place(text, pos)} holds a backslash followed by u and hex digits, "
            "which SPARQL parsers read differently; the query is refused"
        )
    return '"' + _TO_WRITE.sub(lambda m: _WRITTEN.get(m.group()) or f"\\U{ord(m.group()):08X}", value) + '"'


def _iri(token: str, text: str, pos: int) -> str:
    if "\\" not in token:
        return token
    value = _decode(token[1:-1], text, pos + 1, echars=False)
    if _IRI_CHAR.fullmatch(value) is None:
        raise Unreadable(f"the IRI at {_place(text, pos)} spells, through \\u escapes, a character IRIs cannot hold")
    return f"<{value}>"


def _other(char: str, text: str, pos: int) -> str:
    """A character no other token takes: `<` as an operator, else what cannot be read."""
    if char == "<":
        return char
    if char in "\"'":
        raise Unreadable(f"unterminated string at {_place(text, pos)}")
    if char == "\\":
        raise Unreadable(
            f"a backslash outside a string or an IRI, at {_place(text, pos)} "
            "(\\u escapes are read inside strings and IRIs only)"
        )
    raise Unreadable(f"character U+{ord(char):04X} outside a string, at {_place(text, pos)}")


def lex(text: str) -> Lexed:
    """The text as guard and engine must both read it, and its words; `Unreadable` if there is none."""
    out: list[str] = []
    code: list[str] = []
    for match in _TOKEN.finditer(text):
        kind, token = match.lastgroup, match.group()
        if kind == "code":
            code.append(token)
            out.append(token)
        elif kind == "newline":
            out.append("\n")
        elif kind == "iri":
            out.append(_iri(token, text, match.start()))
        elif kind == "long" or kind == "short":
            if kind == "short" and text.startswith(token[0] * 3, match.start()):
                raise Unreadable(f"unterminated long string at {_place(text, match.start())}")
            if out and out[-1][-1] == '"':
                out.append(" ")  # two strings side by side must not make a """
            out.append(_string(token, text, match.start()))
        elif kind == "other":
            out.append(_other(token, text, match.start()))
    words = tuple(word.lower() for word in _WORD.findall(" ".join(code)) if word)
    return Lexed("".join(out), words)
