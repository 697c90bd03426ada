"""A rendered call as the request body of OpenAI Chat, OpenAI Responses or Anthropic Messages.

The same mapping as the server's (internal/prompt/providers): every field that is set reaches
the body or is refused with the field named, so a call is never sent with part of it missing.
The bodies are the keyword arguments of those providers' Python SDKs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Optional

from promptops import _gojson

OPENAI_CHAT = "openai-chat"
OPENAI_RESPONSES = "openai-responses"
ANTHROPIC = "anthropic"
FORMATS = (OPENAI_CHAT, OPENAI_RESPONSES, ANTHROPIC)

_ROLES = ("system", "developer", "user", "assistant")
_CHAT_MAX_STOP = 4
_ANTHROPIC_DEFAULT_MAX_TOKENS = 4096
_OPENAI_PREFIXES = ("gpt-", "o1", "o3", "o4", "chatgpt-")


@dataclass(frozen=True)
class Unsupported:
    """A field of the version (a JSON pointer, such as /modelParameters/seed) a format cannot express."""

    field: str
    reason: str


class UnsupportedError(ValueError):
    """Raised when a call cannot be expressed in a format; problems lists every field, in order."""

    def __init__(self, fmt: str, problems: list[Unsupported]) -> None:
        super().__init__("; ".join(f"{fmt}: {p.field}: {p.reason}" for p in problems))
        self.format = fmt
        self.problems = problems


@dataclass
class Call:
    """One rendered call: a version with its templates filled, as a JSON-like description."""

    model: str
    messages: list[dict[str, str]]
    temperature: float
    max_tokens: Optional[int] = None
    parameters: Mapping[str, Any] = field(default_factory=dict)
    tools: list[Mapping[str, Any]] = field(default_factory=list)
    tool_choice: Any = None
    response_format: Optional[Mapping[str, Any]] = None


def model_warning(fmt: str, model: str) -> str:
    """Say, when model is the other vendor's than the format's, that it was rendered as written."""
    vendor, expected = _model_vendor(model), _format_vendor(fmt)
    if not vendor or not expected or vendor == expected:
        return ""
    return f"model {model} is {vendor}; rendered for {fmt} as written"


def _model_vendor(model: str) -> str:
    if model.startswith("claude-"):
        return "an Anthropic model"
    if model.startswith(_OPENAI_PREFIXES):
        return "an OpenAI model"
    return ""


def _format_vendor(fmt: str) -> str:
    return {OPENAI_CHAT: "an OpenAI model", OPENAI_RESPONSES: "an OpenAI model", ANTHROPIC: "an Anthropic model"}.get(
        fmt, ""
    )


def request(fmt: str, call: Call) -> dict[str, Any]:
    """Return the request body of call in fmt, or raise UnsupportedError naming what it cannot express."""
    build = {OPENAI_CHAT: _openai_chat, OPENAI_RESPONSES: _openai_responses, ANTHROPIC: _anthropic}.get(fmt)
    if build is None:
        raise ValueError(f"unknown provider format {fmt!r} (want one of {', '.join(FORMATS)})")
    problems = _Problems(fmt)
    body = build(call, problems)
    if problems.list:
        raise UnsupportedError(fmt, problems.list)
    return body


class _Problems:
    def __init__(self, fmt: str) -> None:
        self.format = fmt
        self.list: list[Unsupported] = []

    def add(self, fld: str, reason: str) -> None:
        self.list.append(Unsupported(fld, reason))


def _tool_function(tool: Mapping[str, Any]) -> Mapping[str, Any]:
    fn = tool.get("function")
    return fn if isinstance(fn, Mapping) else {}


def _empty(v: Any) -> bool:
    return v is None


def _json_schema(call: Call) -> Optional[Mapping[str, Any]]:
    rf = call.response_format
    if rf is None or rf.get("type") != "json_schema":
        return None
    schema = rf.get("jsonSchema")
    return schema if isinstance(schema, Mapping) else None


def _check_common(p: _Problems, c: Call) -> None:
    if c.model == "":
        p.add("/model", "is required")
    if not c.messages:
        p.add("/messages", "at least one message is required")
    for i, m in enumerate(c.messages):
        if m["role"] not in _ROLES:
            p.add(
                f"/messages/{i}/role",
                f"unknown role {_gojson.quote(m['role'])} (want system, developer, user or assistant)",
            )
    if c.max_tokens is not None and c.max_tokens < 1:
        p.add("/maxTokens", f"must be at least 1, not {c.max_tokens}")
    names = []
    for i, t in enumerate(c.tools):
        fn = _tool_function(t)
        names.append(fn.get("name", ""))
        if not fn.get("name"):
            p.add(f"/tools/{i}/function/name", "is required")
        params = fn.get("parameters")
        if not _empty(params) and not isinstance(params, Mapping):
            p.add(f"/tools/{i}/function/parameters", "must be a JSON Schema object")
    _check_tool_choice(p, c.tool_choice, names)
    _check_response_format(p, c.response_format)
    for fld, name in (
        ("/modelParameters/topP", "topP"),
        ("/modelParameters/presencePenalty", "presencePenalty"),
        ("/modelParameters/frequencyPenalty", "frequencyPenalty"),
    ):
        v = c.parameters.get(name)
        if v is not None and (math.isnan(v) or math.isinf(v)):
            p.add(fld, "must be a finite number")
    effort = c.parameters.get("reasoningEffort") or ""
    if effort not in ("", "minimal", "low", "medium", "high"):
        p.add(
            "/modelParameters/reasoningEffort",
            f"unknown effort {_gojson.quote(effort)} (want minimal, low, medium or high)",
        )


def _check_tool_choice(p: _Problems, choice: Any, names: list[str]) -> None:
    if choice is None:
        return
    if isinstance(choice, Mapping):
        name = _tool_function(choice).get("name", "")
        if name not in names:
            p.add("/toolChoice", f"names the function {_gojson.quote(name)}, which is not one of the tools")
    elif choice not in ("auto", "none", "required"):
        p.add("/toolChoice", f"unknown mode {_gojson.quote(str(choice))} (want auto, none, required or a function)")


def _check_response_format(p: _Problems, rf: Optional[Mapping[str, Any]]) -> None:
    if rf is None:
        return
    kind = rf.get("type")
    schema = rf.get("jsonSchema")
    if kind in ("text", "json_object"):
        if schema is not None:
            p.add("/responseFormat/jsonSchema", f"is only for the json_schema type, not {kind}")
    elif kind == "json_schema":
        if schema is None:
            p.add("/responseFormat/jsonSchema", "is required for the json_schema type")
        elif not _empty(schema.get("schema")) and not isinstance(schema.get("schema"), Mapping):
            p.add("/responseFormat/jsonSchema/schema", "must be a JSON Schema object")
    else:
        p.add(
            "/responseFormat/type", f"unknown type {_gojson.quote(str(kind))} (want text, json_object or json_schema)"
        )


def _check_temperature(p: _Problems, t: float, top: float) -> None:
    if not (0 <= t <= top):
        p.add(
            "/temperature",
            f"must be between 0 and {_gojson.format_g(top)} for this provider, not {_gojson.format_g(t)}",
        )


def _set(body: dict[str, Any], key: str, value: Any) -> None:
    """Set key unless value is empty: omitempty's rule (None, "" and empty lists are left out)."""
    if value is None or value == "" or (isinstance(value, list) and not value):
        return
    body[key] = value


def _openai_chat(c: Call, p: _Problems) -> dict[str, Any]:
    _check_common(p, c)
    _check_temperature(p, c.temperature, 2)
    stop = c.parameters.get("stop") or []
    if len(stop) > _CHAT_MAX_STOP:
        p.add("/modelParameters/stop", f"Chat Completions takes up to {_CHAT_MAX_STOP} stop sequences, not {len(stop)}")
    schema = _json_schema(c)
    if schema is not None and not schema.get("name"):
        p.add("/responseFormat/jsonSchema/name", "is required by OpenAI")
    body: dict[str, Any] = {"model": c.model, "messages": [dict(m) for m in c.messages], "temperature": c.temperature}
    _set(body, "max_completion_tokens", c.max_tokens)
    _set(body, "top_p", c.parameters.get("topP"))
    _set(body, "stop", list(stop))
    _set(body, "presence_penalty", c.parameters.get("presencePenalty"))
    _set(body, "frequency_penalty", c.parameters.get("frequencyPenalty"))
    _set(body, "seed", c.parameters.get("seed"))
    _set(body, "reasoning_effort", c.parameters.get("reasoningEffort"))
    tools = []
    for t in c.tools:
        fn = _tool_function(t)
        out: dict[str, Any] = {"name": fn.get("name", "")}
        _set(out, "description", fn.get("description"))
        _set(out, "parameters", fn.get("parameters"))
        _set(out, "strict", fn.get("strict"))
        tools.append({"type": "function", "function": out})
    _set(body, "tools", tools)
    if isinstance(c.tool_choice, Mapping):
        body["tool_choice"] = {"type": "function", "function": {"name": _tool_function(c.tool_choice).get("name", "")}}
    else:
        _set(body, "tool_choice", c.tool_choice)
    if c.response_format is not None:
        rf: dict[str, Any] = {"type": c.response_format.get("type")}
        if schema is not None:
            js: dict[str, Any] = {"name": schema.get("name", "")}
            _set(js, "description", schema.get("description"))
            _set(js, "schema", schema.get("schema"))
            _set(js, "strict", schema.get("strict"))
            rf["json_schema"] = js
        body["response_format"] = rf
    return body


def _openai_responses(c: Call, p: _Problems) -> dict[str, Any]:
    _check_common(p, c)
    _check_temperature(p, c.temperature, 2)
    none = "the Responses API has no such parameter"
    if c.parameters.get("stop"):
        p.add("/modelParameters/stop", none)
    for name in ("presencePenalty", "frequencyPenalty", "seed"):
        if c.parameters.get(name) is not None:
            p.add(f"/modelParameters/{name}", none)
    schema = _json_schema(c)
    if schema is not None:
        if not schema.get("name"):
            p.add("/responseFormat/jsonSchema/name", "is required by OpenAI")
        if _empty(schema.get("schema")):
            p.add("/responseFormat/jsonSchema/schema", "is required by the Responses API")
    body: dict[str, Any] = {"model": c.model, "input": [dict(m) for m in c.messages], "temperature": c.temperature}
    _set(body, "top_p", c.parameters.get("topP"))
    _set(body, "max_output_tokens", c.max_tokens)
    tools = []
    for t in c.tools:
        fn = _tool_function(t)
        out: dict[str, Any] = {"type": "function", "name": fn.get("name", "")}
        _set(out, "description", fn.get("description"))
        out["parameters"] = fn.get("parameters")
        out["strict"] = fn.get("strict") is True
        tools.append(out)
    _set(body, "tools", tools)
    if isinstance(c.tool_choice, Mapping):
        body["tool_choice"] = {"type": "function", "name": _tool_function(c.tool_choice).get("name", "")}
    else:
        _set(body, "tool_choice", c.tool_choice)
    if c.response_format is not None:
        fmt: dict[str, Any] = {"type": c.response_format.get("type")}
        if schema is not None:
            _set(fmt, "name", schema.get("name"))
            _set(fmt, "description", schema.get("description"))
            _set(fmt, "schema", schema.get("schema"))
            _set(fmt, "strict", schema.get("strict"))
        body["text"] = {"format": fmt}
    effort = c.parameters.get("reasoningEffort")
    if effort:
        body["reasoning"] = {"effort": effort}
    return body


def _anthropic_checks(c: Call, p: _Problems) -> None:
    none = "the Anthropic Messages API has no such parameter"
    for name in ("presencePenalty", "frequencyPenalty", "seed"):
        if c.parameters.get(name) is not None:
            p.add(f"/modelParameters/{name}", none)
    if c.parameters.get("reasoningEffort") == "minimal":
        p.add("/modelParameters/reasoningEffort", "Anthropic's effort has no minimal (it takes low, medium or high)")
    if c.response_format is not None and c.response_format.get("type") == "json_object":
        p.add("/responseFormat", "Anthropic has no JSON mode without a schema: use json_schema")
    schema = _json_schema(c)
    if schema is not None:
        if _empty(schema.get("schema")):
            p.add("/responseFormat/jsonSchema/schema", "is required by Anthropic")
        if schema.get("description"):
            p.add("/responseFormat/jsonSchema/description", "Anthropic's output format has no description")
        if schema.get("strict") is False:
            p.add("/responseFormat/jsonSchema/strict", "Anthropic's structured outputs are always strict")
    for i, t in enumerate(c.tools):
        params = _tool_function(t).get("parameters")
        if isinstance(params, Mapping) and params.get("type") != "object":
            p.add(f"/tools/{i}/function/parameters", 'Anthropic\'s input_schema must have "type": "object"')
    if c.messages and not any(m["role"] == "user" for m in c.messages):
        p.add("/messages", "Anthropic needs at least one user message")


def _anthropic(c: Call, p: _Problems) -> dict[str, Any]:
    _check_common(p, c)
    _check_temperature(p, c.temperature, 1)
    _anthropic_checks(c, p)
    system = [m["content"] for m in c.messages if m["role"] in ("system", "developer") and m["content"] != ""]
    body: dict[str, Any] = {
        "model": c.model,
        "max_tokens": c.max_tokens if c.max_tokens is not None else _ANTHROPIC_DEFAULT_MAX_TOKENS,
    }
    _set(body, "system", "\n\n".join(system))
    body["messages"] = [dict(m) for m in c.messages if m["role"] not in ("system", "developer")]
    body["temperature"] = c.temperature
    _set(body, "top_p", c.parameters.get("topP"))
    _set(body, "stop_sequences", list(c.parameters.get("stop") or []))
    tools = []
    for t in c.tools:
        fn = _tool_function(t)
        out: dict[str, Any] = {"name": fn.get("name", "")}
        _set(out, "description", fn.get("description"))
        params = fn.get("parameters")
        out["input_schema"] = params if params is not None else {"type": "object"}
        _set(out, "strict", fn.get("strict"))
        tools.append(out)
    _set(body, "tools", tools)
    if isinstance(c.tool_choice, Mapping):
        body["tool_choice"] = {"type": "tool", "name": _tool_function(c.tool_choice).get("name", "")}
    elif c.tool_choice == "required":
        body["tool_choice"] = {"type": "any"}
    elif c.tool_choice is not None:
        body["tool_choice"] = {"type": c.tool_choice}
    output: dict[str, Any] = {}
    _set(output, "effort", c.parameters.get("reasoningEffort"))
    schema = _json_schema(c)
    if schema is not None:
        output["format"] = {"type": "json_schema", "schema": schema.get("schema")}
    if output:
        body["output_config"] = output
    return body
