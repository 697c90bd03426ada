"""The content hash of a prompt version, as the server computes contentHash (internal/prompt/contenthash).

content_of_request says what a version created from a request body would hold (the server's
defaults applied, a system prompt and user template as the two messages they are, line
endings made LF); content_hash hashes it. A prompt file or a fallback can so be compared with a
version on the server without creating one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any, Optional

from promptops import _gojson

DEFAULT_MODEL = "gpt-4"
DEFAULT_TEMPERATURE = 0.7


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _message(m: Mapping[str, Any]) -> dict[str, Any]:
    return {"content": _lf(str(m.get("content", ""))), "role": m.get("role", "")}


def _tool(t: Mapping[str, Any]) -> dict[str, Any]:
    fn = t.get("function") or {}
    function: dict[str, Any] = {"name": fn.get("name", "")}
    for key in ("description", "parameters", "strict"):
        if fn.get(key) is not None:
            function[key] = fn[key]
    return {"function": function, "type": t.get("type", "function")}


def _response_format(rf: Optional[Mapping[str, Any]]) -> Optional[dict[str, Any]]:
    if rf is None:
        return None
    out: dict[str, Any] = {"type": rf.get("type", "")}
    schema = rf.get("jsonSchema")
    if schema is not None:
        js: dict[str, Any] = {"name": schema.get("name", ""), "schema": schema.get("schema")}
        for key in ("description", "strict"):
            if schema.get(key) is not None:
                js[key] = schema[key]
        out["jsonSchema"] = js
    return out


def _model_parameters(p: Optional[Mapping[str, Any]]) -> dict[str, Any]:
    return {k: v for k, v in (p or {}).items() if v is not None}


def content_of_request(request: Mapping[str, Any]) -> dict[str, Any]:
    """Return what a version created from request (a CreateVersionRequest body) holds, as its JSON.

    The fields are those the hash covers: messages, tools, toolChoice, responseFormat, model,
    temperature, maxTokens, modelParameters, provider, variablesSchema and metadata.
    """
    if request.get("messages") is not None:
        messages = [_message(m) for m in request["messages"]]
    else:
        messages = [
            {"content": _lf(request.get("systemPrompt") or ""), "role": "system"},
            {"content": _lf(request.get("userTemplate") or ""), "role": "user"},
        ]
    return {
        "messages": messages,
        "tools": [_tool(t) for t in request.get("tools") or []],
        "toolChoice": request.get("toolChoice"),
        "responseFormat": _response_format(request.get("responseFormat")),
        "model": request["model"] if request.get("model") is not None else DEFAULT_MODEL,
        "temperature": request["temperature"] if request.get("temperature") is not None else DEFAULT_TEMPERATURE,
        "maxTokens": request.get("maxTokens"),
        "modelParameters": _model_parameters(request.get("modelParameters")),
        "provider": request.get("provider"),
        "variablesSchema": request.get("variablesSchema"),
        "metadata": request["metadata"] if request.get("metadata") is not None else {},
    }


def content_hash(request: Mapping[str, Any]) -> str:
    """Return the contentHash the server gives a version created from request: sha256: and hex digits."""
    canonical = _gojson.dumps(content_of_request(request), escape_html=True)
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()
