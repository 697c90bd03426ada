"""PromptOps templates, parsed and rendered exactly as the server does (internal/prompt/template).

Logic-less, after Mustache: ``{{ name }}`` placeholders, ``{{#name}}…{{/name}}`` sections (once
when truthy, once per item of a list), ``{{^name}}…{{/name}}`` inverted sections, and partials
``{{> slug}}`` / ``{{> slug@3}}``. Nothing is HTML-escaped. Single braces and a lone ``}}`` are
text, so JSON in a prompt stays as written. The conformance vectors
(gen/conformance/vectors.json) hold this module to the server's results, errors and budgets.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Callable, Optional

from promptops.template._parse import (
    _INVERTED,
    _SECTION,
    _VARIABLE,
    MAX_DEPTH,
    MAX_STEPS,
    Budget,
    Partial,
    RenderError,
    Suspect,
    TemplateSyntaxError,
    _Node,
    _Parser,
)
from promptops.template._render import IncludeFunc, _Renderer
from promptops.template._suspects import _SuspectFinder

__all__ = [
    "MAX_DEPTH",
    "MAX_STEPS",
    "Budget",
    "IncludeFunc",
    "Partial",
    "Reads",
    "RenderError",
    "Suspect",
    "Template",
    "TemplateSyntaxError",
]


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
