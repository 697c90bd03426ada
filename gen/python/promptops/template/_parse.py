"""Parsing: tags, sections, partial references, and the errors with their positions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from promptops import _gojson

MAX_DEPTH = 5
"""How many levels of partials a render may go through."""

MAX_STEPS = 1 << 17
"""The steps one render may take, all its templates and partials together (see Budget)."""

_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")
_SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


class TemplateSyntaxError(ValueError):
    """A malformed tag, or a section closed wrongly or never, at a position people can find."""

    def __init__(self, offset: int, line: int, column: int, problem: str) -> None:
        super().__init__(f"line {line}, column {column}: {problem}")
        self.offset = offset
        """Byte offset (in UTF-8) of the offending ``{{``."""
        self.line = line
        self.column = column
        self.problem = problem


class RenderError(Exception):
    """A render the server refuses too: kind is tooLarge, tooMuchWork, tooDeep or include."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True)
class Partial:
    """A reference to another template: ``{{> slug}}``, or ``{{> slug@version}}`` when pinned."""

    slug: str
    version: int = 0
    offset: int = 0
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        return self.slug if self.version == 0 else f"{self.slug}@{self.version}"


@dataclass(frozen=True)
class Suspect:
    """Text that looks like a tag of another template syntax: plain text to PromptOps."""

    snippet: str
    offset: int
    line: int
    column: int
    hint: str

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {_gojson.quote(self.snippet)} {self.hint}"


@dataclass
class Budget:
    """What one render may spend, shared by the templates of a version's messages.

    Steps count nodes rendered, items repeated, values of the context stack looked in and fields
    walked, as the server counts them; past either bound the render is refused.
    """

    bytes: int
    steps: int = MAX_STEPS
    wrote: int = 0
    took: int = 0


# A node is (kind, text, body, partial, offset): kind 0 text, 1 variable, 2 section,
# 3 inverted, 4 partial.
_TEXT, _VARIABLE, _SECTION, _INVERTED, _PARTIAL = range(5)


@dataclass
class _Node:
    kind: int
    text: str = ""
    body: list[_Node] = field(default_factory=list)
    ref: Optional[Partial] = None
    offset: int = 0
    size: int = 0  # bytes of a text node's text in UTF-8


class _Position:
    """Lines and columns of character offsets, moving on from the last one."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.offset, self.line, self.column = 0, 0, 0

    def at(self, offset: int) -> tuple[int, int]:
        if offset < self.offset or self.line == 0:
            self.offset, self.line, self.column = 0, 1, 1
        passed = self.src[self.offset : offset]
        nl = passed.rfind("\n")
        if nl >= 0:
            self.line += passed.count("\n")
            self.column = 1
            passed = passed[nl + 1 :]
        self.column += len(passed)
        self.offset = offset
        return self.line, self.column


def _byte_offset(src: str, offset: int) -> int:
    return len(src[:offset].encode("utf-8", "surrogatepass"))


def _syntax_error(src: str, offset: int, problem: str) -> TemplateSyntaxError:
    line, column = _Position(src).at(offset)
    return TemplateSyntaxError(_byte_offset(src, offset), line, column, problem)


def _valid_name(s: str) -> bool:
    return s != "" and all(c in _NAME_CHARS for c in s)


def _valid_slug(s: str) -> bool:
    """Apply the API's slug rule: ^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$, at most 100 characters."""
    if s == "" or len(s) > 100:
        return False
    return s[0] in _SLUG_CHARS and s[-1] in _SLUG_CHARS and all(c in _SLUG_CHARS or c in "._-" for c in s[1:-1])


def _parse_ref(s: str) -> Optional[Partial]:
    slug, pinned, version = s.partition("@")
    if not _valid_slug(slug):
        return None
    if not pinned:
        return Partial(slug)
    if not version.isascii() or not version.isdigit() or version[0] == "0" or int(version) > 2**31 - 1:
        return None
    return Partial(slug, int(version))


def _standalone(src: str, offset: int, after: int) -> tuple[int, int]:
    """Apply Mustache's rule for section tags alone on their line: the line goes with the tag."""
    line_start = offset
    while line_start > 0 and src[line_start - 1] in " \t":
        line_start -= 1
    if line_start > 0 and src[line_start - 1] != "\n":
        return offset, after
    rest = src[after:].lstrip(" \t")
    if rest == "":
        return line_start, len(src)
    if rest[0] == "\n":
        return line_start, len(src) - len(rest) + 1
    if rest.startswith("\r\n"):
        return line_start, len(src) - len(rest) + 2
    return offset, after


@dataclass
class _Open:
    kind: int
    name: str
    tag: str
    offset: int
    outer: list[_Node]


class _Parser:
    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = _Position(src)
        self.nodes: list[_Node] = []
        self.open: list[_Open] = []
        self.items = 0
        self.names: list[str] = []
        self.partials: list[Partial] = []
        self.refs: set[tuple[str, int]] = set()

    def parse(self) -> list[_Node]:
        src = self.src
        literal = 0
        i = 0
        while i < len(src):
            opening = src.find("{{", i)
            if opening < 0:
                break
            while opening + 2 < len(src) and src[opening + 2] == "{":
                opening += 1
            end = src.find("}}", opening + 2)
            if end < 0:
                raise _syntax_error(src, opening, "{{ is never closed with }}")
            inner = src[opening + 2 : end]
            after = end + 2
            tag = inner.strip(" ")
            sigil = ""
            if tag and tag[0] in "#^/>":
                sigil, tag = tag[0], tag[1:].strip(" ")
            text_end, nxt = opening, after
            if sigil in ("#", "^", "/"):
                text_end, nxt = _standalone(src, opening, after)
            if text_end > literal:
                self._text(literal, text_end)
            self._tag(sigil, tag, inner, opening)
            i = literal = nxt
        if literal < len(src):
            self._text(literal, len(src))
        if self.open:
            s = self.open[-1]
            raise _syntax_error(src, s.offset, f"{{{{{s.tag}}}}} is never closed with {{{{/{s.name}}}}}")
        return self.nodes

    def _text(self, start: int, end: int) -> None:
        text = self.src[start:end]
        self.nodes.append(_Node(_TEXT, text, offset=start, size=len(text.encode("utf-8", "surrogatepass"))))

    def _tag(self, sigil: str, tag: str, inner: str, offset: int) -> None:
        src = self.src
        if sigil == "":
            if not _valid_name(tag):
                raise _syntax_error(
                    src, offset, f"{{{{{inner}}}}} does not enclose a variable name (letters, digits, _ and .)"
                )
            self._use(tag)
            self.nodes.append(_Node(_VARIABLE, tag))
        elif sigil in ("#", "^"):
            if not _valid_name(tag):
                raise _syntax_error(
                    src, offset, f"{{{{{inner}}}}} does not enclose a section name (letters, digits, _ and .)"
                )
            self._use(tag)
            kind = _INVERTED if sigil == "^" else _SECTION
            if kind == _SECTION:
                self.items += 1
            self.open.append(_Open(kind, tag, inner, offset, self.nodes))
            self.nodes = []
        elif sigil == "/":
            self._close(tag, inner, offset)
        else:
            ref = _parse_ref(tag)
            if ref is None:
                raise _syntax_error(
                    src,
                    offset,
                    f"{{{{{inner}}}}} does not enclose a partial reference "
                    "(a slug of a-z, 0-9, ., _ and -, then @version if pinned)",
                )
            line, column = self.pos.at(offset)
            ref = Partial(ref.slug, ref.version, _byte_offset(src, offset), line, column)
            if (ref.slug, ref.version) not in self.refs:
                self.refs.add((ref.slug, ref.version))
                self.partials.append(ref)
            self.nodes.append(_Node(_PARTIAL, ref=ref))

    def _close(self, tag: str, inner: str, offset: int) -> None:
        src = self.src
        if not _valid_name(tag):
            raise _syntax_error(src, offset, f"{{{{{inner}}}}} does not enclose the name of the section it closes")
        if not self.open:
            raise _syntax_error(src, offset, f"{{{{{inner}}}}} closes a section, but none is open")
        s = self.open[-1]
        if s.name != tag:
            line, column = self.pos.at(s.offset)
            raise _syntax_error(
                src,
                offset,
                f"{{{{{inner}}}}} closes a section, but the one open is {{{{{s.tag}}}}} (line {line}, column {column})",
            )
        self.open.pop()
        if s.kind == _SECTION:
            self.items -= 1
        s.outer.append(_Node(s.kind, s.name, self.nodes))
        self.nodes = s.outer

    def _use(self, name: str) -> None:
        if self.items == 0 and name != "." and name not in self.names:
            self.names.append(name)
