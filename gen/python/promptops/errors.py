"""PromptOpsError: what the SDK raises, and what a stale or fallback prompt carries as its error."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Literal, Optional

ErrorCode = Literal["UNAVAILABLE", "REVOKED", "NOT_FOUND", "BAD_REQUEST", "HTTP_ERROR", "CLOSED"]


class PromptOpsError(Exception):
    """A failed call, by code.

    UNAVAILABLE: the server is unreachable, slow (a timeout), rate-limiting (429) or failing
    (5xx): what the cache and fallbacks answer for. REVOKED: the key is refused (401, or the feed
    closed with 1008). NOT_FOUND: nothing live for the slug. BAD_REQUEST: a request or render the
    server refuses too, status 400 whether it refused it or the SDK did (problems names each
    field, as the 400's details.fields do). HTTP_ERROR: any other answer. CLOSED: the client was
    closed.
    """

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        *,
        status: Optional[int] = None,
        details: Optional[dict[str, Any]] = None,
        problems: Optional[list[dict[str, str]]] = None,
    ) -> None:
        super().__init__(message)
        self.code: ErrorCode = code
        self.status = status
        self.details: dict[str, Any] = details or {}
        self.problems: list[dict[str, str]] = problems or []


def classify(status: Optional[int], body: bytes, cause: Optional[BaseException] = None) -> PromptOpsError:
    """Turn a failed call into a PromptOpsError; UNAVAILABLE is what stale entries and fallbacks answer for."""
    if status is None or status == 429 or status >= 500:
        what = f"HTTP {status}" if status is not None else f"{type(cause).__name__}: {cause}"
        return PromptOpsError("UNAVAILABLE", f"the server is unreachable or slow: {what}", status=status)
    err: Mapping[str, Any] = {}
    try:
        parsed = json.loads(body)
        err = parsed.get("error", {}) if isinstance(parsed, Mapping) else {}
    except ValueError:
        pass
    message = str(err.get("message") or f"HTTP {status}")
    if status == 401:
        return PromptOpsError("REVOKED", f"the API key is no longer accepted: {message}", status=status)
    if status == 404:
        return PromptOpsError("NOT_FOUND", message, status=status)
    details = err.get("details") or {}
    problems = list(details.get("fields") or []) if isinstance(details, Mapping) else []
    code = "BAD_REQUEST" if status == 400 else "HTTP_ERROR"
    return PromptOpsError(code, message, status=status, details=dict(details), problems=problems)  # type: ignore[arg-type]
