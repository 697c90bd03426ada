"""PromptOps templates, parsed and rendered exactly as the server does (internal/prompt/template).

Logic-less, after Mustache: ``{{ name }}`` placeholders, ``{{#name}}…{{/name}}`` sections (once
when truthy, once per item of a list), ``{{^name}}…{{/name}}`` inverted sections, and partials
``{{> slug}}`` / ``{{> slug@3}}``. Nothing is HTML-escaped. Single braces and a lone ``}}`` are
text, so JSON in a prompt stays as written. The conformance vectors
(gen/conformance/vectors.json) hold this module to the server's results, errors and budgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable, Optional, Union

from promptops import _gojson

MAX_DEPTH = 5
"""How many levels of partials a render may go through."""

MAX_STEPS = 1 << 17
"""The steps one render may take, all its templates and partials together (see Budget)."""

_FIELD_STEPS = 2
_MAX_JINJA_TAG = 80
_MAX_BRACED = 128
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


IncludeFunc = Callable[[Partial], "Template"]
"""Returns the parsed template a partial reference names; raises when there is none."""


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


class Template:
    """A parsed template. Parse with ``Template(src)``; a template is never changed once parsed."""

    def __init__(self, src: str) -> None:
        parser = _Parser(src)
        self.src = src
        self._nodes = parser.parse()
        self.variables: list[str] = parser.names
        """The names the template takes, each once in order of first appearance (partials not followed)."""
        self.partials: list[Partial] = parser.partials
        """The partials it includes, each once in order of first appearance."""

    def suspects(self) -> list[Suspect]:
        """List the text that looks like a placeholder or tag of another syntax, in order."""
        finder = _SuspectFinder(self.src)
        finder.nodes(self._nodes)
        return finder.found

    def render(
        self,
        values: Mapping[str, Any],
        *,
        budget: Optional[Budget] = None,
        include: Optional[IncludeFunc] = None,
        wrote_json: Optional[Callable[[str, Any], None]] = None,
    ) -> tuple[str, list[str]]:
        """Fill the template in from values (JSON values), as the server does.

        Returns the text and the names it found no value for (each once, in order); the text is
        complete only when there are none. Raises RenderError past the budget, past MAX_DEPTH
        levels of partials, or for a partial include cannot give.
        """
        r = _Renderer(values, budget, include, wrote_json)
        r.nodes(self._nodes)
        if r.steps > r.max_steps:
            raise r.too_much_work()
        if budget is not None:
            budget.wrote += r.n
            budget.took += r.steps
        return "".join(r.out), r.missing


def _truthy(v: Any) -> bool:
    if v is None:
        return False
    if isinstance(v, bool):
        return v
    if isinstance(v, (str, list, tuple, dict)):
        return len(v) > 0
    if isinstance(v, (int, float)):
        return v != 0
    if isinstance(v, Mapping):
        return len(v) > 0
    return True


def _is_list(v: Any) -> bool:
    return isinstance(v, (list, tuple))


class _Renderer:
    def __init__(
        self,
        values: Mapping[str, Any],
        budget: Optional[Budget],
        include: Optional[IncludeFunc],
        wrote_json: Optional[Callable[[str, Any], None]],
    ) -> None:
        self.values = values
        self.include = include
        self.wrote_json = wrote_json
        self.out: list[str] = []
        self.n = 0
        self.steps = 0
        self.limits = budget
        self.max_bytes = budget.bytes - budget.wrote if budget else float("inf")
        self.max_steps = budget.steps - budget.took if budget else float("inf")
        self.stack: list[Any] = []
        self.chain: list[str] = []
        self.included: dict[tuple[str, int], Template] = {}
        self.missing: list[str] = []

    def too_much_work(self) -> RenderError:
        steps = self.limits.steps if self.limits else MAX_STEPS
        return RenderError(
            "tooMuchWork", f"template: render takes too many steps: more than the budget of {steps} steps"
        )

    def step(self, n: int = 1) -> None:
        self.steps += n
        if self.steps > self.max_steps:
            raise self.too_much_work()

    def write(self, text: str, size: int) -> None:
        self.n += size
        if self.n > self.max_bytes:
            limit = self.limits.bytes if self.limits else 0
            raise RenderError("tooLarge", f"template: rendered text too large: more than the limit of {limit} bytes")
        self.out.append(text)

    def nodes(self, nodes: list[_Node]) -> None:
        for n in nodes:
            self.step()
            if n.kind == _TEXT:
                self.write(n.text, n.size)
            elif n.kind == _VARIABLE:
                self.variable(n.text)
            elif n.kind == _SECTION:
                self.section(n)
            elif n.kind == _INVERTED:
                v, _ = self.lookup(n.text)
                if not _truthy(v):
                    self.nodes(n.body)
            else:
                assert n.ref is not None
                self.partial(n.ref)

    def variable(self, name: str) -> None:
        found = False
        v: Any = None
        if not self.stack and name != ".":
            self.steps += len(name) >> 6
            if name in self.values:
                v, found = self.values[name], True
        if not found:
            v, found = self.lookup(name)
            if not found:
                if name not in self.missing:
                    self.missing.append(name)
                return
        if isinstance(v, str):
            self.write(v, len(v.encode("utf-8", "surrogatepass")))
            return
        if self.wrote_json is not None and (isinstance(v, Mapping) or _is_list(v)):
            self.wrote_json(name, v)
        self.value(v)

    def value(self, v: Any) -> None:
        if v is None:
            return
        if isinstance(v, bool):
            text = "true" if v else "false"
        elif isinstance(v, (int, float)):
            text = _gojson.format_decimal(float(v))
        elif isinstance(v, Mapping) and len(v) == 0:
            text = "{}"
        else:
            text = _gojson.dumps(v, escape_html=False)
            self.steps += len(text.encode("utf-8", "surrogatepass"))
        self.write(text, len(text.encode("utf-8", "surrogatepass")))

    def section(self, n: _Node) -> None:
        v, _ = self.lookup(n.text)
        if _is_list(v):
            for item in v:
                self.step()
                self.within(n.body, item)
            return
        if _truthy(v):
            self.within(n.body, v)

    def within(self, nodes: list[_Node], v: Any) -> None:
        self.stack.append(v)
        try:
            self.nodes(nodes)
        finally:
            self.stack.pop()

    def partial(self, ref: Partial) -> None:
        if len(self.chain) >= MAX_DEPTH:
            chain = " > ".join([*self.chain, str(ref)])
            raise RenderError("tooDeep", f"template: partials nested too deep (more than {MAX_DEPTH} levels): {chain}")
        t = self.lookup_partial(ref)
        self.chain.append(str(ref))
        try:
            self.nodes(t._nodes)
        finally:
            self.chain.pop()

    def lookup_partial(self, ref: Partial) -> Template:
        key = (ref.slug, ref.version)
        if key in self.included:
            return self.included[key]
        try:
            if self.include is None:
                raise LookupError("no IncludeFunc to look partials up")
            t = self.include(ref)
        except RenderError:
            raise
        except Exception as err:
            where = " in " + " > ".join(self.chain) if self.chain else ""
            raise RenderError(
                "include", f"template: partial {ref} at line {ref.line}, column {ref.column}{where}: {err}"
            ) from err
        self.included[key] = t
        return t

    def lookup(self, name: str) -> tuple[Any, bool]:
        if name == ".":
            return (self.stack[-1] if self.stack else self.values), True
        cost = 1 + (len(name) >> 6)
        for v in reversed(self.stack):
            self.steps += cost
            if isinstance(v, Mapping):
                found_v, found, decided = self.find(v, name)
                if decided:
                    return found_v, found
        self.steps += cost
        found_v, found, _ = self.find(self.values, name)
        return found_v, found

    def find(self, m: Mapping[str, Any], name: str) -> tuple[Any, bool, bool]:
        if name in m:
            return m[name], True, True
        first, dot, rest = name.partition(".")
        if not dot:
            return None, False, False
        if first in m:
            v, found = self.walk(m[first], rest)
            return v, found, True
        return None, False, False

    def walk(self, v: Any, path: str) -> tuple[Any, bool]:
        while True:
            self.steps += _FIELD_STEPS
            fld, dot, rest = path.partition(".")
            if not isinstance(v, Mapping) or fld not in v:
                return None, False
            v = v[fld]
            if not dot:
                return v, True
            path = rest


class Reads:
    """What a set of templates reads of the values given to a render, to warn of values unused."""

    def __init__(self, *templates: Template) -> None:
        self._all = False
        self._names: set[str] = set()
        for t in templates:
            self._add(t._nodes, top=True)

    def _add(self, nodes: list[_Node], top: bool) -> None:
        for n in nodes:
            if n.kind not in (_VARIABLE, _SECTION, _INVERTED):
                continue
            self._names.add(n.text)
            self._names.add(n.text.split(".", 1)[0])
            self._all = self._all or (top and n.text == ".")
            self._add(n.body, top and n.kind == _INVERTED)

    def unused(self, values: Mapping[str, Any]) -> list[str]:
        """List the keys of values that none of the templates reads, sorted as Go sorts strings."""
        if self._all:
            return []
        return sorted((k for k in values if k not in self._names), key=lambda k: k.encode("utf-8", "surrogatepass"))


def _placeholder_hint(name: str) -> str:
    return "looks like a placeholder of another syntax; PromptOps placeholders are {{ " + name + " }}"


class _SuspectFinder:
    """Finds suspects in the UTF-8 bytes of the text, as the server does (its windows are bytes)."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.raw = src.encode("utf-8", "surrogatepass")
        self.found: list[Suspect] = []

    def nodes(self, nodes: list[_Node]) -> None:
        for i, n in enumerate(nodes):
            if n.kind == _TEXT:
                self.text(n.text.encode("utf-8", "surrogatepass"), _byte_offset(self.src, n.offset))
            elif n.kind == _VARIABLE:
                self.triple_braces(nodes, i)
            self.nodes(n.body)

    def triple_braces(self, nodes: list[_Node], i: int) -> None:
        if i == 0 or i + 1 == len(nodes):
            return
        before, after = nodes[i - 1], nodes[i + 1]
        if (
            before.kind != _TEXT
            or after.kind != _TEXT
            or not before.text.endswith("{")
            or not after.text.startswith("}")
        ):
            return
        offset = _byte_offset(self.src, before.offset) + before.size - 1
        end = _byte_offset(self.src, after.offset) + 1
        self.add(self.raw[offset:end], offset, _placeholder_hint(nodes[i].text))

    def text(self, text: bytes, offset: int) -> None:
        i = 0
        while i < len(text):
            if text[i : i + 1] != b"{":
                i += 1
                continue
            if text[i + 1 : i + 2] == b"%":
                end = _jinja_end(text[i:])
                if end > 0:
                    self.add(
                        text[i : i + end],
                        offset + i,
                        "looks like a tag of another syntax (Jinja); PromptOps sections are {{#name}}…{{/name}}",
                    )
                    i += end
                else:
                    i += 1
                continue
            name, end = _braced(text[i:])
            if end == 0 or (i > 0 and text[i - 1 : i] == b"{") or text[i + end : i + end + 1] == b"}":
                i += 1
                continue
            start = i - 1 if i > 0 and text[i - 1 : i] == b"$" else i
            self.add(text[start : i + end], offset + start, _placeholder_hint(name))
            i += end

    def add(self, snippet: bytes, offset: int, hint: str) -> None:
        before = self.raw[:offset].decode("utf-8", "surrogatepass")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        self.found.append(Suspect(snippet.decode("utf-8", "surrogatepass"), offset, line, column, hint))


def _braced(s: bytes) -> tuple[str, int]:
    end = s[:_MAX_BRACED].find(b"}")
    if end < 0:
        return "", 0
    name = s[1:end].strip(b" ").decode("utf-8", "replace")
    if not _valid_name(name):
        return "", 0
    return name, end + 1


def _jinja_end(s: bytes) -> int:
    s = s[:_MAX_JINJA_TAG]
    nl = s.find(b"\n")
    if nl >= 0:
        s = s[:nl]
    end = s.find(b"%}", 2)
    return 0 if end < 0 else end + 2


Values = Mapping[str, Any]
TemplateLike = Union[str, Template]
