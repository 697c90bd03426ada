"""A prompt version as the SDK hands it out, rendered locally exactly as the server renders it.

Prompt is what get_prompt returns: the live version's messages and model settings, where it
came from (source), and render/to_openai_chat/to_openai_responses/to_anthropic, which fill its
templates (partials, sections, lists, the variables schema) without a network call, with the
server's rules, warnings and limits (internal/prompt/rendering).
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

import jsonschema
from jsonschema import exceptions as jsonschema_exceptions

from promptops import _gojson, contenthash, providers
from promptops.errors import PromptOpsError
from promptops.template import MAX_STEPS, Budget, Partial, Reads, RenderError, Template

DEFAULT_RENDER_LIMIT = 1 << 20
"""The server's render limit unless its operator set PROMPTOPS_RENDER_LIMIT."""

MAX_STRING_VARIABLE = 65536
"""The most characters a string variable may hold (the API refuses longer ones)."""

Source = Literal["network", "cache", "stale", "fallback"]
Format = Literal["messages", "openai-chat", "openai-responses", "anthropic"]


@dataclass(frozen=True)
class Rendered:
    """A render, as the server's render response gives it.

    data is the response's data: messages, model settings, format, request and warnings.
    """

    data: dict[str, Any]

    @property
    def messages(self) -> list[dict[str, str]]:
        """The rendered chat messages, each {"role", "content"}."""
        messages: list[dict[str, str]] = self.data["messages"]
        return messages

    @property
    def warnings(self) -> list[str]:
        """What the server would warn of: unused variables, objects written as JSON, other syntaxes."""
        warnings: list[str] = self.data["warnings"]
        return warnings

    @property
    def request(self) -> Optional[dict[str, Any]]:
        """The provider's request body (the keyword arguments of its SDK), for a provider format."""
        request: Optional[dict[str, Any]] = self.data.get("request")
        return request


def _bad_request(problems: list[dict[str, str]], details: Optional[dict[str, Any]] = None) -> PromptOpsError:
    """Return the server's 400 for problems as the SDK makes it of the server's answer (errors.classify).

    The status is 400, the message names the first problem and how many more
    (gateway.ProblemsMessage), details are the 400's, fields included: a local refusal reads as
    the server's.
    """
    message = f"The request is not valid: {problems[0]['field']}: {problems[0]['problem']}"
    if len(problems) > 1:
        message += f" (and {len(problems) - 1} more)"
    return PromptOpsError(
        "BAD_REQUEST", message, status=400, details={**(details or {}), "fields": problems}, problems=problems
    )


_PROBLEM_NUL = "contains a NUL character (\\u0000), which no text may hold"
_PROBLEM_SURROGATE = "contains a lone UTF-16 surrogate escape (such as \\ud800 without its pair), which is no character"
_PROBLEM_UTF8 = "is not valid UTF-8"
_SURROGATE = re.compile("[\ud800-\udfff]")


MAX_SUBJECT = 256
"""The most characters a subject may hold (the API refuses longer)."""

MAX_SLUG = 100
"""The most characters a slug may hold (the API refuses longer)."""

_SLUG = re.compile(r"[a-z0-9]([a-z0-9._-]*[a-z0-9])?")
_PROBLEM_SLUG = 'string doesn\'t match the regular expression "^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$"'


def _param_text_problem(name: str, value: Optional[str]) -> list[dict[str, str]]:
    r"""Return what the server says of a path or query parameter's text: a NUL, or a surrogate.

    No client can encode a surrogate as UTF-8: the nearest it could send is its bytes in WTF-8
    ("\ud800": %ED%A0%80), which the server refuses as not UTF-8.
    """
    if value is None:
        return []
    if "\x00" in value:
        return [{"field": name, "problem": _PROBLEM_NUL}]
    if _SURROGATE.search(value):
        return [{"field": name, "problem": _PROBLEM_UTF8}]
    return []


def _slug_problems(slug: str) -> list[dict[str, str]]:
    """Return what the spec refuses in a slug, as the server lists it: empty or too long, then its form."""
    problems = []
    if slug == "":
        problems.append({"field": "slug", "problem": "minimum string length is 1"})
    if len(slug) > MAX_SLUG:
        problems.append({"field": "slug", "problem": f"is longer than {MAX_SLUG} characters"})
    if not _SLUG.fullmatch(slug):
        problems.append({"field": "slug", "problem": _PROBLEM_SLUG})
    return problems


def _subject_problems(subject: Optional[str]) -> list[dict[str, str]]:
    """Return what the spec refuses in a subject given: empty (not taken for none), or too long."""
    if subject == "":
        return [{"field": "subject", "problem": "minimum string length is 1"}]
    if subject is not None and len(subject) > MAX_SUBJECT:
        return [{"field": "subject", "problem": f"is longer than {MAX_SUBJECT} characters"}]
    return []


def check_request(slug: str, subject: Optional[str] = None) -> None:
    """Raise the server's 400 for a resolve of slug for subject, as it refuses it before anything else.

    The server checks the parameters' text first (a NUL or a surrogate in the slug or the
    subject, together), then what the spec refuses, together: a slug empty, longer than
    MAX_SLUG characters or not of its form; a subject empty (refused, not taken for none) or
    longer than MAX_SUBJECT characters. None is no subject. The conformance vectors hold the
    server's answers.
    """
    text = _param_text_problem("slug", slug) + _param_text_problem("subject", subject)
    if text:
        raise _bad_request(text)
    problems = _slug_problems(slug) + _subject_problems(subject)
    if problems:
        raise _bad_request(problems)


def _well_formed(s: str) -> str:
    """Return s as the server decodes it from JSON: a surrogate pair one character, a lone surrogate U+FFFD."""
    if not _SURROGATE.search(s):
        return s
    return s.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def _string_problem(s: str) -> Optional[str]:
    if "\x00" in s:
        return _PROBLEM_NUL
    if _SURROGATE.search(s):
        try:
            s.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            return _PROBLEM_SURROGATE  # a surrogate code point not paired with the one after it
    return None


def _text_problem(value: Any, pointer: str) -> Optional[dict[str, str]]:
    """Return what the server says of a body holding value at pointer, or None.

    That is the first string or member name, in the order of the JSON the value is sent as
    (json.dumps's), holding a NUL character or a lone surrogate (json.dumps writes it as a lone
    U+D800-U+DFFF escape, which the server refuses before it decodes the body; json.loads
    gives one for such an escape), named by its JSON pointer, a name in it as the server decodes
    it (a lone surrogate as U+FFFD). The conformance vectors hold the server's answers.
    """
    if isinstance(value, str):
        problem = _string_problem(value)
        return {"field": pointer, "problem": problem} if problem else None
    if isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            found = _text_problem(v, f"{pointer}/{i}")
            if found:
                return found
        return None
    if isinstance(value, Mapping):
        for name, v in value.items():
            key = name if isinstance(name, str) else json.dumps(name)
            at = pointer + "/" + _well_formed(key).replace("~", "~0").replace("/", "~1")
            problem = _string_problem(key)
            if problem:
                return {"field": at, "problem": problem}
            found = _text_problem(v, at)
            if found:
                return found
    return None


# The server's words (internal/http/gateway/errors.go).
_PROBLEM_TYPE = "must be a string, number, boolean, list or object"
_PROBLEM_NULL_ITEM = "must not be null"


def _value_problems(values: Mapping[str, Any]) -> list[dict[str, str]]:
    """Return what the server's spec (VariableValue) refuses in values, as it refuses it.

    A None, a string of more than MAX_STRING_VARIABLE characters (code points, as JSON Schema
    counts them), a None item of a list (deeper, and in dicts, None is a value). Each by its
    JSON pointer, in the server's order: names by their UTF-8 bytes, a list's items by index.
    """
    problems: list[dict[str, str]] = []
    # Names as the server decodes them (a surrogate pair one character; none is lone by now).
    named = {_well_formed(name if isinstance(name, str) else json.dumps(name)): v for name, v in values.items()}
    for name in sorted(named, key=lambda n: n.encode("utf-8")):
        v = named[name]
        at = "/variables" + _pointer([name])
        if v is None:
            problems.append({"field": at, "problem": _PROBLEM_TYPE})
        elif isinstance(v, str) and len(v) > MAX_STRING_VARIABLE and len(_well_formed(v)) > MAX_STRING_VARIABLE:
            problems.append({"field": at, "problem": f"is longer than {MAX_STRING_VARIABLE} characters"})
        elif isinstance(v, (list, tuple)):
            nulls = [i for i, item in enumerate(v) if item is None]
            problems.extend({"field": f"{at}/{i}", "problem": _PROBLEM_NULL_ITEM} for i in nulls)
    return problems


def _pointer(path: Any) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def _leaves(errors: Any) -> list[jsonschema_exceptions.ValidationError]:
    out = []
    for e in errors:
        if e.context:
            out.extend(_leaves(e.context))
        else:
            out.append(e)
    return out


class _Version:
    """A version prepared once for its renders: templates parsed, partials, schema, warnings."""

    def __init__(self, data: Mapping[str, Any], partials: Sequence[Mapping[str, Any]]) -> None:
        self.data = dict(data)
        self.snapshot_partials = [dict(p) for p in partials]
        self.templates = [Template(m["content"]) for m in self.data["messages"]]
        self.partials = {p["ref"]: Template(p["template"]) for p in partials}
        self.reads = Reads(*self.templates, *self.partials.values())
        self.suspects = [f"/messages/{i}/content: {s}" for i, t in enumerate(self.templates) for s in t.suspects()]
        schema = self.data.get("variablesSchema")
        self.validator: Optional[jsonschema.protocols.Validator] = None
        if schema:
            cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
            self.validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    def include(self, ref: Partial) -> Template:
        t = self.partials.get(str(ref))
        if t is None:
            raise LookupError(f"partial {ref} was not resolved")
        return t

    def check_variables(self, values: Mapping[str, Any]) -> list[dict[str, str]]:
        """Return what the server refuses in values, as it refuses it.

        First text no string may hold (a NUL character, a lone surrogate: the first such string,
        alone), then what the spec refuses (_value_problems), then what the variables schema refuses.
        """
        refused = _text_problem(values, "/variables")
        if refused:
            return [refused]
        problems = _value_problems(values)
        if problems or self.validator is None:
            return problems
        seen: dict[str, str] = {}
        for e in _leaves(self.validator.iter_errors(dict(values))):
            seen.setdefault(_pointer(e.absolute_path), e.message)
        return [{"field": "/variables" + p, "problem": seen[p]} for p in sorted(seen, key=lambda p: p.encode("utf-8"))]

    def render(self, values: Mapping[str, Any], fmt: str, limit: int) -> Rendered:
        problems = self.check_variables(values)
        if problems:
            raise _bad_request(problems)
        contents, missing, as_json = self.fill(values, limit)
        if missing:
            raise _bad_request(
                [{"field": f"/variables/{name}", "problem": "is required by the template"} for name in missing],
                {"missingVariables": missing},
            )
        unused = [f"variable {_gojson.quote(k)} is not used by the templates" for k in self.reads.unused(values)]
        warnings = [*unused, *as_json, *self.suspects]
        if fmt == "messages":
            return Rendered(self.rendered(contents, warnings, "messages"))
        warning = providers.model_warning(fmt, self.data["model"])
        if warning:
            warnings.append(warning)
        data = self.rendered(contents, warnings, fmt)
        try:
            data["request"] = providers.request(fmt, self.call(data["messages"]))
        except providers.UnsupportedError as err:
            raise _bad_request(
                [
                    {"field": p.field, "problem": f"cannot be expressed in the {fmt} format: {p.reason}"}
                    for p in err.problems
                ]
            ) from err
        return Rendered(data)

    def fill(self, values: Mapping[str, Any], limit: int) -> tuple[list[str], list[str], list[str]]:
        budget = Budget(limit)
        contents: list[str] = []
        missing: list[str] = []
        as_json: list[str] = []
        seen_json: set[str] = set()

        def wrote_json(name: str, v: Any) -> None:
            if name not in seen_json:
                seen_json.add(name)
                kind = "a list" if isinstance(v, (list, tuple)) else "an object"
                as_json.append(f"variable {_gojson.quote(name)} is rendered from {kind} as JSON")

        for t in self.templates:
            try:
                text, miss = t.render(values, budget=budget, include=self.include, wrote_json=wrote_json)
            except RenderError as err:
                raise _budget_error(err, limit) from err
            contents.append(text)
            missing.extend(name for name in miss if name not in missing)
        return contents, missing, as_json

    def rendered(self, contents: list[str], warnings: list[str], fmt: str) -> dict[str, Any]:
        d = self.data
        data: dict[str, Any] = {
            "slug": d.get("slug"),
            "versionId": d.get("versionId"),
            "versionNumber": d.get("versionNumber"),
            "environment": d.get("environment"),
            "messages": [{"role": m["role"], "content": c} for m, c in zip(d["messages"], contents)],
            "model": d["model"],
            "temperature": d["temperature"],
            "maxTokens": d.get("maxTokens"),
            "metadata": d.get("metadata", {}),
            "tools": d.get("tools") or [],
            "responseFormat": d.get("responseFormat"),
            "modelParameters": d.get("modelParameters") or {},
            "provider": d.get("provider"),
            "format": fmt,
            "warnings": warnings,
            "release": d.get("release"),
        }
        if d.get("toolChoice") is not None:
            data["toolChoice"] = d["toolChoice"]
        return data

    def call(self, messages: list[dict[str, str]]) -> providers.Call:
        d = self.data
        return providers.Call(
            model=d["model"],
            messages=messages,
            temperature=d["temperature"],
            max_tokens=d.get("maxTokens"),
            parameters=d.get("modelParameters") or {},
            tools=list(d.get("tools") or []),
            tool_choice=d.get("toolChoice"),
            response_format=d.get("responseFormat"),
        )


def _budget_error(err: RenderError, limit: int) -> PromptOpsError:
    if err.kind == "tooLarge":
        return _bad_request(
            [
                {
                    "field": "/variables",
                    "problem": f"would render the prompt into more than the render limit of {limit} bytes",
                }
            ],
            {"limit": limit},
        )
    if err.kind == "tooMuchWork":
        return _bad_request(
            [
                {
                    "field": "/variables",
                    "problem": f"would take more than the render budget of {MAX_STEPS} steps (all messages and "
                    "partials together: every text, placeholder, section item, partial and lookup is a step)",
                }
            ],
            {"limit": MAX_STEPS},
        )
    return PromptOpsError("HTTP_ERROR", f"the version does not render: {err}")


@dataclass(frozen=True)
class Prompt:
    """The version of a prompt live in the key's environment, or the caller's fallback.

    data is the version as resolve gives it (messages, model, temperature, maxTokens, tools,
    toolChoice, responseFormat, modelParameters, provider, variablesSchema, variables, metadata,
    versionNumber, contentHash, partials). source says where it came from: "network" (asked the
    server now), "cache" (memory kept current by the feed), "stale" (memory the server could not
    confirm: it is slow, unreachable, or the entry came from the snapshot file), "fallback" (the
    caller's own, since nothing was cached and the server could not answer); error says why for
    the last two.
    """

    slug: str
    data: dict[str, Any]
    source: Source
    error: Optional[PromptOpsError] = None
    fetched_at: Optional[datetime.datetime] = None
    _version: _Version = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    @property
    def stale(self) -> bool:
        """Whether the prompt may not be the live version: served stale, or the fallback."""
        return self.source in ("stale", "fallback")

    @property
    def version_number(self) -> Optional[int]:
        """The version's number (None for a fallback)."""
        n: Optional[int] = self.data.get("versionNumber")
        return n

    @property
    def release(self) -> Optional[dict[str, str]]:
        """The rolling release the version was given in: {"id", "variant": "current" or "candidate"}, or None."""
        release: Optional[dict[str, str]] = self.data.get("release")
        return release

    @property
    def content_hash(self) -> str:
        """The version's contentHash (for a fallback, the hash a version of it would get)."""
        h: str = self.data["contentHash"]
        return h

    @property
    def messages(self) -> list[dict[str, str]]:
        """The version's chat messages, templates unrendered."""
        messages: list[dict[str, str]] = self.data["messages"]
        return messages

    @property
    def model(self) -> str:
        """The model the version is written for."""
        model: str = self.data["model"]
        return model

    def render(
        self, variables: Optional[Mapping[str, Any]] = None, *, render_limit: int = DEFAULT_RENDER_LIMIT
    ) -> Rendered:
        """Fill the templates in from variables as chat messages, as POST …/render does.

        Raises PromptOpsError BAD_REQUEST where the server answers 400: a variable missing
        (details.missingVariables), one the variables schema refuses, past the render limit.
        """
        return self.render_as("messages", variables, render_limit=render_limit)

    def render_as(
        self, fmt: Format, variables: Optional[Mapping[str, Any]] = None, *, render_limit: int = DEFAULT_RENDER_LIMIT
    ) -> Rendered:
        """Render in a format: messages, or a provider's request body (openai-chat, openai-responses, anthropic)."""
        return self._version.render(variables or {}, fmt, render_limit)

    def to_openai_chat(self, variables: Optional[Mapping[str, Any]] = None) -> dict[str, Any]:
        """Return the keyword arguments of OpenAI's client.chat.completions.create."""
        return self._request("openai-chat", variables)

    def to_openai_responses(self, variables: Optional[Mapping[str, Any]] = None) -> dict[str, Any]:
        """Return the keyword arguments of OpenAI's client.responses.create."""
        return self._request("openai-responses", variables)

    def to_anthropic(self, variables: Optional[Mapping[str, Any]] = None) -> dict[str, Any]:
        """Return the keyword arguments of Anthropic's client.messages.create."""
        return self._request("anthropic", variables)

    def _request(self, fmt: Format, variables: Optional[Mapping[str, Any]]) -> dict[str, Any]:
        request = self.render_as(fmt, variables).request
        assert request is not None
        return request

    def snapshot_entry(self) -> dict[str, Any]:
        """Return the prompt as GET /api/v1/snapshot gives it: the version and its partials' text."""
        return {"prompt": self.data, "partials": self._version.snapshot_partials}

    def served(self, source: Source, error: Optional[PromptOpsError] = None) -> Prompt:
        """Return the same version marked with where it was served from."""
        return Prompt(self.slug, self.data, source, error, self.fetched_at, self._version)


def from_snapshot(entry: Mapping[str, Any], fetched_at: Optional[datetime.datetime] = None) -> Prompt:
    """Return the prompt of an entry of GET /api/v1/snapshot: the version and its partials' text."""
    data = entry["prompt"]
    return Prompt(data["slug"], data, "network", None, fetched_at, _Version(data, entry.get("partials") or []))


def from_fallback(slug: str, fallback: Mapping[str, Any], error: Optional[PromptOpsError]) -> Prompt:
    """Return a caller's fallback as a prompt: a version body (as POST …/versions takes it), defaults applied."""
    content = contenthash.content_of_request(fallback)
    data = {
        **content,
        "slug": slug,
        "versionId": None,
        "versionNumber": None,
        "environment": None,
        "contentHash": contenthash.content_hash(fallback),
        "partials": [],
    }
    return Prompt(slug, data, "fallback", error, None, _Version(data, []))
