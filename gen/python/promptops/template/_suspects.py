"""Text that looks like a tag of another template syntax, found in the UTF-8 bytes as the server does."""

from __future__ import annotations

from promptops.template._parse import _TEXT, _VARIABLE, Suspect, _byte_offset, _Node, _valid_name

_MAX_JINJA_TAG = 80
_MAX_BRACED = 128


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
