"""What the server refuses with a 400 is refused before the cache or a fallback answers.

The server here is a port nothing listens on: every request the client sends fails to connect,
which the fallback answers (UNAVAILABLE); a resolve the server would refuse (the conformance
vectors' requests) raises its 400 instead, with its message and problems.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest

from promptops import PromptOps, PromptOpsError
from tests.test_conformance import RESOLVES, by_name

FALLBACK = {"systemPrompt": "", "userTemplate": "offline"}


def closed_port() -> int:
    """Return a port of 127.0.0.1 that nothing listens on (it did a moment ago)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture(scope="module")
def po() -> Iterator[PromptOps]:
    with PromptOps(f"http://127.0.0.1:{closed_port()}", "po_live_unreachable", timeout=2.0) as client:
        yield client


def test_unreachable_is_unavailable(po: PromptOps) -> None:
    prompt = po.get_prompt("welcome-email", fallback=FALLBACK)
    assert prompt.source == "fallback"
    assert prompt.error is not None and prompt.error.code == "UNAVAILABLE"


@by_name(RESOLVES)
def test_refused_before_the_fallback(po: PromptOps, case: dict[str, Any]) -> None:
    want = case.get("refused")
    if want is None:
        assert po.get_prompt(case["slug"], fallback=FALLBACK, subject=case.get("subject")).source == "fallback"
        return
    with pytest.raises(PromptOpsError) as caught:
        po.get_prompt(case["slug"], fallback=FALLBACK, subject=case.get("subject"))
    err = caught.value
    assert (err.code, err.status, str(err), err.problems) == ("BAD_REQUEST", 400, want["message"], want["problems"])
