"""The local render where the conformance vectors cannot reach: values as Python holds them (sent as JSON)."""

from __future__ import annotations

from typing import Any

import pytest

from promptops import PromptOpsError
from promptops.prompt import from_snapshot

SURROGATE = "contains a lone UTF-16 surrogate escape (such as \\ud800 without its pair), which is no character"
NUL = "contains a NUL character (\\u0000), which no text may hold"


def prompt_of(content: str) -> Any:
    data = {
        "slug": "case",
        "versionId": "00000000-0000-4000-8000-000000000001",
        "versionNumber": 1,
        "environment": "production",
        "messages": [{"role": "user", "content": content}],
        "model": "gpt-4",
        "temperature": 0.7,
        "variablesSchema": {"type": "object", "properties": {"a": {"type": "integer"}}},
    }
    return from_snapshot({"prompt": data, "partials": []})


def test_text_the_server_refuses_is_refused_as_json_dumps_sends_it() -> None:
    p = prompt_of("{{a}} {{gone}}")
    # Before the schema and the missing variable; a tuple is a list, a name that is no str is
    # written as json.dumps writes it.
    with pytest.raises(PromptOpsError) as caught:
        p.render({"a": ("x", {True: "\udc00"}), "b": "\x00"})
    err = caught.value
    assert (err.code, str(err)) == ("BAD_REQUEST", f"The request is not valid: /variables/a/1/true: {SURROGATE}")
    assert err.problems == [{"field": "/variables/a/1/true", "problem": SURROGATE}]
    assert err.details == {"fields": err.problems}
    with pytest.raises(PromptOpsError) as caught:
        p.render({"a~/\ud800": 1, "b": "\x00"})
    assert caught.value.problems == [{"field": "/variables/a~0~1\ufffd", "problem": SURROGATE}]
    with pytest.raises(PromptOpsError) as caught:
        p.render({"a": 1, "n\x00": "x"})
    assert caught.value.problems == [{"field": "/variables/n\x00", "problem": NUL}]


def test_values_the_spec_refuses_are_named_in_the_servers_order() -> None:
    p = prompt_of("{{a}}")
    kind = "must be a string, number, boolean, list or object"
    # A surrogate pair is one character, as the server decodes it; deeper None is a value.
    pair = "\ud83d\ude00"
    got = p.render({"a": 1, "s": pair * 65536, "l": ((None,), {"k": None}), "o": {"k": None}})
    assert got.messages[0]["content"] == "1"
    with pytest.raises(PromptOpsError) as caught:
        values: dict[Any, Any] = {"a": 1, "s": "\U0001f600" * 65537, pair: None, "\uff61": None}
        p.render({**values, "l": (None, 1, None), "a/b": None, 2: None})
    err = caught.value
    assert err.problems == [
        {"field": "/variables/2", "problem": kind},
        {"field": "/variables/a~1b", "problem": kind},
        {"field": "/variables/l/0", "problem": "must not be null"},
        {"field": "/variables/l/2", "problem": "must not be null"},
        {"field": "/variables/s", "problem": "is longer than 65536 characters"},
        {"field": "/variables/\uff61", "problem": kind},
        {"field": "/variables/\U0001f600", "problem": kind},
    ]
    assert str(err) == f"The request is not valid: /variables/2: {kind} (and 6 more)"


def test_surrogate_pairs_are_one_character() -> None:
    # json.dumps writes the pair as \ud83d\ude00, which the server decodes as the emoji.
    got = prompt_of("{{a}} {{gone}}").render({"a": 1, "gone": "\ud83d\ude00 \\u0000"})
    assert got.messages[0]["content"] == "1 \ud83d\ude00 \\u0000"
