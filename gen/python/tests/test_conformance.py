"""Every conformance vector (gen/conformance/vectors.json, written from the Go rules): the SDK must agree."""

from __future__ import annotations

import hashlib
import json
import pathlib
import re
from typing import Any, Callable, TypeVar

import pytest

from promptops import PromptOpsError, content_hash
from promptops._tracker import check_event
from promptops.assign import bucket, threshold, variant
from promptops.prompt import check_request, from_snapshot
from promptops.template import MAX_DEPTH, MAX_STEPS, Budget, Partial, RenderError, Template, TemplateSyntaxError

F = TypeVar("F", bound=Callable[..., None])

VECTORS = json.loads((pathlib.Path(__file__).parents[2] / "conformance" / "vectors.json").read_text(encoding="utf-8"))
RESOLVES = [c for c in VECTORS["requests"] if "variables" not in c and "format" not in c]


def by_name(cases: list[dict[str, Any]]) -> Callable[[F], F]:
    mark: Callable[[F], F] = pytest.mark.parametrize("case", cases, ids=[c["name"] for c in cases])
    return mark


def test_limits_are_the_servers() -> None:
    assert (VECTORS["maxSteps"], VECTORS["maxDepth"]) == (MAX_STEPS, MAX_DEPTH)


def include_from(texts: dict[str, str]) -> Any:
    def include(ref: Partial) -> Template:
        if str(ref) not in texts:
            raise LookupError("no such partial")
        return Template(texts[str(ref)])

    return include


@by_name(VECTORS["templates"])
def test_template(case: dict[str, Any]) -> None:
    want_error = case.get("error")
    if want_error and want_error["kind"] == "syntax":
        with pytest.raises(TemplateSyntaxError) as caught:
            Template(case["template"])
        err = caught.value
        assert (err.offset, err.line, err.column, err.problem, str(err)) == (
            want_error["offset"],
            want_error["line"],
            want_error["column"],
            want_error["problem"],
            want_error["message"],
        )
        return
    t = Template(case["template"])
    assert t.variables == case["variables"]
    assert [str(p) for p in t.partials] == case["partialRefs"]
    got_suspects = [
        {"snippet": s.snippet, "offset": s.offset, "line": s.line, "column": s.column, "hint": s.hint}
        for s in t.suspects()
    ]
    assert got_suspects == case["suspects"]
    budget = Budget(case["limit"]) if case.get("limit") else None
    values = case.get("values") or {}
    if want_error:
        with pytest.raises(RenderError) as render_error:
            t.render(values, budget=budget, include=include_from(case.get("partials") or {}))
        assert (render_error.value.kind, str(render_error.value)) == (want_error["kind"], want_error["message"])
        return
    text, missing = t.render(values, budget=budget, include=include_from(case.get("partials") or {}))
    assert (text, missing) == (case["text"], case["missing"])


def render_cases() -> list[dict[str, Any]]:
    return [
        {**c, "name": f"{c['name']} [{fmt}]", "format": fmt, "want": want}
        for c in VECTORS["renders"]
        for fmt, want in sorted(c["results"].items())
    ]


@by_name(render_cases())
def test_render(case: dict[str, Any]) -> None:
    prompt = from_snapshot(case["entry"])
    want = case["want"]
    if "rendered" in want:
        got = prompt.render_as(case["format"], case["variables"], render_limit=case["renderLimit"])
        assert got.data == want["rendered"]
        if case["format"] == "openai-chat":
            assert prompt.to_openai_chat(case["variables"]) == want["rendered"]["request"]
        if case["format"] == "openai-responses":
            assert prompt.to_openai_responses(case["variables"]) == want["rendered"]["request"]
        if case["format"] == "anthropic":
            assert prompt.to_anthropic(case["variables"]) == want["rendered"]["request"]
        return
    with pytest.raises(PromptOpsError) as caught:
        prompt.render_as(case["format"], case["variables"], render_limit=case["renderLimit"])
    err = caught.value
    assert (err.code, err.status) == ("BAD_REQUEST", 400)
    if want.get("schemaProblems"):
        # The JSON Schema libraries word their problems each their own way: the fields must agree.
        assert [p["field"] for p in err.problems] == [p["field"] for p in want["problems"]]
    else:
        assert err.problems == want["problems"]
        assert str(err) == want["message"]
    # As errors.classify makes them of the server's 400: details with the problems as fields.
    assert err.details == {**(want.get("details") or {}), "fields": err.problems}


@by_name(VECTORS["contentHashes"])
def test_content_hash(case: dict[str, Any]) -> None:
    assert content_hash(case["request"]) == case["contentHash"]


def test_every_vector_kind_is_present() -> None:
    kinds = {t["error"]["kind"] for t in VECTORS["templates"] if t.get("error")}
    assert kinds == {"syntax", "tooLarge", "tooMuchWork", "tooDeep", "include"}
    formats = {fmt for r in VECTORS["renders"] for fmt in r["results"]}
    assert formats == {"messages", "openai-chat", "openai-responses", "anthropic"}
    # Text the server refuses before it decodes the body: a NUL, a lone surrogate.
    problems = {p["problem"] for r in VECTORS["renders"] for w in r["results"].values() for p in w.get("problems", [])}
    for text in ("contains a NUL character", "contains a lone UTF-16 surrogate"):
        assert any(p.startswith(text) for p in problems)
    # Values the spec refuses: a null, a string too long, a null item of a list.
    spec = ("must be a string, number, boolean, list or object", "is longer than 65536 characters", "must not be null")
    for text in spec:
        assert text in problems


@by_name(VECTORS["assignments"])
def test_assignment(case: dict[str, Any]) -> None:
    got = (
        bucket(case["salt"], case["subject"]),
        threshold(case["percent"]),
        variant(case["salt"], case["subject"], case["percent"]),
    )
    assert got == (case["bucket"], case["threshold"], case["variant"])


@by_name(VECTORS["assignmentSamples"])
def test_assignment_sample(case: dict[str, Any]) -> None:
    variants = "".join(
        "1" if variant(case["salt"], case["prefix"] + str(i), case["percent"]) == "candidate" else "0"
        for i in range(case["count"])
    )
    assert variants.count("1") == case["candidates"]
    assert hashlib.sha256(variants.encode()).hexdigest() == case["variantsSha256"]


# The subjects of resolves. Those of renders the SDK has no call for: it renders a prompt
# get_prompt answered, whose subject was checked there.
@by_name([c for c in VECTORS["subjects"] if "variables" not in c])
def test_subject(case: dict[str, Any]) -> None:
    assert_refused(case, lambda: check_request("p", case["subject"]))


# The resolves of a slug (for a subject). Renders the SDK has no call for, as above.
@by_name(RESOLVES)
def test_request(case: dict[str, Any]) -> None:
    assert_refused(case, lambda: check_request(case["slug"], case.get("subject")))


# The events track() sends, one body each; the vectors write them in the order the SDK sends
# them (the spec's), which decides the first string refused.
@by_name(VECTORS["tracks"])
def test_track(case: dict[str, Any]) -> None:
    assert_refused(case, lambda: check_event(case["event"]))


def test_a_slug_holding_a_surrogate_is_refused() -> None:
    assert any(
        re.search("[\ud800-\udfff]", c["slug"]) and c["refused"]["problems"][0]["problem"] == "is not valid UTF-8"
        for c in RESOLVES
    )


def assert_refused(case: dict[str, Any], check: Callable[[], None]) -> None:
    """Check that check refuses as the case's refused says, or lets it through."""
    want = case.get("refused")
    if want is None:
        check()
        return
    with pytest.raises(PromptOpsError) as caught:
        check()
    err = caught.value
    assert (err.code, err.status, str(err), err.problems, err.details) == (
        "BAD_REQUEST",
        400,
        want["message"],
        want["problems"],
        {"fields": want["problems"]},
    )


def test_an_empty_subject_is_refused() -> None:
    assert any(c["subject"] == "" and c.get("refused") for c in VECTORS["subjects"])
