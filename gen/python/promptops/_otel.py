"""OpenTelemetry, when opentelemetry-api is installed (the otel extra); nothing otherwise.

get_prompt notes the prompt on the current span with the GenAI semantic conventions'
gen_ai.prompt.name and gen_ai.prompt.version; track() takes the current span's trace and span
ids for events that name none, so an event links to its trace.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional

if TYPE_CHECKING:
    from promptops.prompt import Prompt

try:
    from opentelemetry import trace as _trace
except ImportError:  # the otel extra is not installed
    _trace = None  # type: ignore[assignment]


def _span() -> Optional[Any]:
    if _trace is None:
        return None
    span = _trace.get_current_span()
    return span if span.is_recording() else None


def noted(prompt: Prompt) -> Prompt:
    """Set gen_ai.prompt.name and gen_ai.prompt.version on the current span, if one records; return prompt."""
    span = _span()
    if span is not None:
        span.set_attribute("gen_ai.prompt.name", prompt.slug)
        if prompt.version_number is not None:
            span.set_attribute("gen_ai.prompt.version", str(prompt.version_number))
    return prompt


def current_ids() -> tuple[Optional[str], Optional[str]]:
    """Return the current span's W3C trace id and span id (lowercase hex), or Nones."""
    if _trace is None:
        return None, None
    ctx = _trace.get_current_span().get_span_context()
    if not ctx.is_valid:
        return None, None
    return format(ctx.trace_id, "032x"), format(ctx.span_id, "016x")
