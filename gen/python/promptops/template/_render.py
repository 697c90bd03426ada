"""Rendering: the context stack, sections, partials and the budget, counted as the server counts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Callable, Optional

from promptops import _gojson
from promptops.template._parse import (
    _INVERTED,
    _SECTION,
    _TEXT,
    _VARIABLE,
    MAX_DEPTH,
    MAX_STEPS,
    Budget,
    Partial,
    RenderError,
    _Node,
)

if TYPE_CHECKING:
    from promptops.template import Template

_FIELD_STEPS = 2

IncludeFunc = Callable[[Partial], "Template"]
"""Returns the parsed template a partial reference names; raises when there is none."""


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
