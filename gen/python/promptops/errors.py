"""PromptOpsError: what the SDK raises, and what a stale or fallback prompt carries as its error."""

from __future__ import annotations

from typing import Any, Literal, Optional

ErrorCode = Literal["UNAVAILABLE", "REVOKED", "NOT_FOUND", "BAD_REQUEST", "HTTP_ERROR", "CLOSED"]


class PromptOpsError(Exception):
    """A failed call, by code.

    UNAVAILABLE: the server is unreachable, slow (a timeout), rate-limiting (429) or failing
    (5xx): what the cache and fallbacks answer for. REVOKED: the key is refused (401, or the feed
    closed with 1008). NOT_FOUND: nothing live for the slug. BAD_REQUEST: a render the server
    refuses too (problems names each field, as the 400's details.fields do). HTTP_ERROR: any other
    answer. CLOSED: the client was closed.
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
