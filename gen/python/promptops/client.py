"""PromptOps and AsyncPromptOps: what an application resolves prompts, renders and tracks with.

Both are thin over the generated client (``.api``, every operation of the API) and the resolver
(_resolver): AsyncPromptOps runs on the application's event loop; PromptOps runs the same code
on a loop of its own in a background thread, and answers cached prompts from the calling thread
without touching that loop.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime
import os
import threading
import weakref
from collections.abc import Coroutine, Mapping, Sequence
from typing import Any, Callable, Optional, TypeVar, Union

import httpx

from promptops import _otel
from promptops._resolver import Fallback, Resolver, Settings
from promptops._tracker import Tracker, TrackStats, check_event
from promptops.errors import PromptOpsError
from promptops.generated.client import AuthenticatedClient
from promptops.prompt import Prompt, check_request

T = TypeVar("T")

EXIT_FLUSH_TIMEOUT = 2.0
"""How long the queued analytics events may take to send at interpreter exit."""


def settings_from(
    base_url: Optional[str],
    api_key: Optional[str],
    **options: Any,
) -> Settings:
    """Return the settings, base_url and api_key from PROMPTOPS_URL and PROMPTOPS_API_KEY when not given."""
    url = base_url or os.environ.get("PROMPTOPS_URL")
    key = api_key or os.environ.get("PROMPTOPS_API_KEY")
    if not url:
        raise ValueError("no server URL: pass base_url or set PROMPTOPS_URL (such as http://localhost:3001)")
    if not key:
        raise ValueError("no API key: pass api_key or set PROMPTOPS_API_KEY (po_live_…)")
    return Settings(base_url=url.rstrip("/"), api_key=key, **options)


def _api(s: Settings) -> AuthenticatedClient:
    return AuthenticatedClient(base_url=s.base_url, token=s.api_key, timeout=httpx.Timeout(s.timeout))


def _event(
    prompt: Union[Prompt, str],
    version_number: Optional[int],
    latency_ms: float,
    success: bool,
    fields: Mapping[str, Any],
) -> Optional[dict[str, Any]]:
    """Return a track event, or None for a prompt with no version (a fallback)."""
    if isinstance(prompt, Prompt):
        slug, version = prompt.slug, version_number or prompt.version_number
    else:
        slug, version = prompt, version_number
        if version is None:
            raise ValueError("track(slug) needs version_number; or pass the Prompt get_prompt returned")
    if version is None:
        return None
    event: dict[str, Any] = {
        "type": "prompt.used",
        "slug": slug,
        "versionNumber": version,
        "latencyMs": latency_ms,
        "success": success,
    }
    trace_id, span_id = _otel.current_ids()
    event.update({"traceId": trace_id, "spanId": span_id})
    event.update({k: v for k, v in fields.items() if v is not None})
    timestamp = fields.get("timestamp") or datetime.datetime.now(datetime.timezone.utc)
    event["timestamp"] = timestamp.isoformat() if isinstance(timestamp, datetime.datetime) else timestamp
    return {k: v for k, v in event.items() if v is not None}


class AsyncPromptOps:
    """The client for asyncio applications; ``async with AsyncPromptOps() as po:`` or ``await po.close()``.

    base_url and api_key default to PROMPTOPS_URL and PROMPTOPS_API_KEY; the key's environment is
    the one resolved. fallbacks are version bodies (as POST …/versions takes them, such as
    {"systemPrompt": …, "userTemplate": …}) answered when the server cannot be and nothing is
    cached; prefetch lists slugs fetched at once (ready() waits for them); snapshot_file keeps
    what is cached, for a start with the server down. on_update(slug, prompt) hears each change
    once the cache holds it, on_error(err) what fails in the background; both are called on the
    client's event loop (PromptOps's background thread). Timings are in seconds.
    """

    def __init__(
        self,
        base_url: Optional[str] = None,
        api_key: Optional[str] = None,
        *,
        fallbacks: Optional[Mapping[str, Fallback]] = None,
        prefetch: Sequence[str] = (),
        snapshot_file: Optional[str] = None,
        timeout: float = 5.0,
        max_age: float = 300.0,
        stale_after: float = 0.1,
        track_queue: int = 10_000,
        track_batch: int = 500,
        track_interval: float = 1.0,
        on_update: Optional[Callable[[str, Prompt], None]] = None,
        on_error: Optional[Callable[[Exception], None]] = None,
    ) -> None:
        self.settings = settings_from(
            base_url,
            api_key,
            timeout=timeout,
            max_age=max_age,
            stale_after=stale_after,
            snapshot_file=snapshot_file,
            fallbacks=dict(fallbacks or {}),
            prefetch=tuple(prefetch),
            on_update=on_update,
            on_error=on_error,
        )
        self.api = _api(self.settings)
        """The generated client of the whole API (promptops.generated.api.*), authenticated with the key."""
        self._resolver = Resolver(self.settings, self.api)
        self._tracker = Tracker(
            self.api,
            max_queue=track_queue,
            batch_size=track_batch,
            interval=track_interval,
            timeout=timeout,
            on_error=on_error,
        )
        self._started: Optional[asyncio.Task[None]] = None
        self._closed = False
        atexit.register(_exit_send, weakref.ref(self))

    async def _start(self) -> None:
        if self._started is None:
            self._started = asyncio.ensure_future(self._resolver.start())
            self._resolver.spawn(self._tracker.run())
        await asyncio.shield(self._started)

    async def __aenter__(self) -> AsyncPromptOps:
        await self._start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def get_prompt(
        self, slug: str, *, fallback: Optional[Fallback] = None, subject: Optional[str] = None
    ) -> Prompt:
        r"""Return the version of slug live in the key's environment (see Prompt.source for where from).

        subject (a user, session or tenant id) picks the version while a rolling release moves
        the prompt, assigned locally exactly as the server's resolve assigns it; the prompt's
        data["release"] says which ({"id", "variant"}; None outside a release). Without a
        subject: the current version. A slug or subject the server refuses (a slug not of its
        form or longer than 100 characters, a subject empty or longer than 256, either holding
        a NUL) raises BAD_REQUEST with the server's message and problems, before the cache or a
        fallback is asked: an empty subject is not taken for none. So does one holding a
        surrogate ("\ud800"), which no client can encode as UTF-8, as the server refuses its
        bytes in WTF-8 (%ED%A0%80: "slug: is not valid UTF-8").
        """
        check_request(slug, subject)
        cached = self._resolver.fresh(slug, subject) if self._started is not None else None
        if cached is not None:
            self._resolver.stats.count("hits")
            return _otel.noted(cached.served("cache"))
        await self._start()
        return await self._resolver.get(slug, fallback, subject)

    async def ready(self, timeout: Optional[float] = None) -> None:
        """Wait until the feed is live and every prefetched slug is cached (raises REVOKED, CLOSED, TimeoutError)."""
        await self._start()
        await asyncio.wait_for(self._resolver.ready(), timeout)

    def peek(self, slug: str) -> Optional[Prompt]:
        """Return what the cache holds for slug, fresh or not, without a request."""
        entry = self._resolver.entries.get(slug)
        return entry.prompt if entry is not None else None

    def stats(self) -> dict[str, Any]:
        """Return the cache's counts (hits, misses, stale_served, fallbacks, not_modified, events, reconnects)."""
        return self._resolver.stats.as_dict()

    def track(
        self,
        prompt: Union[Prompt, str],
        *,
        latency_ms: float,
        success: bool = True,
        version_number: Optional[int] = None,
        input_tokens: Optional[int] = None,
        output_tokens: Optional[int] = None,
        cost_usd: Optional[float] = None,
        error: Optional[str] = None,
        trace_id: Optional[str] = None,
        span_id: Optional[str] = None,
        metadata: Optional[Mapping[str, Any]] = None,
        environment: Optional[str] = None,
        timestamp: Optional[datetime.datetime] = None,
    ) -> bool:
        """Queue an analytics event of one use of a prompt version; never blocks.

        Returns False when it was not queued: the prompt is a fallback (no version to count), or
        the queue is full (counted in track_stats().dropped). The trace and span ids default to the
        current OpenTelemetry span's. An event whose text the server refuses (a NUL or a lone
        surrogate in any string) raises PromptOpsError BAD_REQUEST with the server's 400, and one
        JSON cannot carry (a NaN, a value of no JSON type) ValueError or TypeError, before it is
        queued.
        """
        fields = {
            "inputTokens": input_tokens,
            "outputTokens": output_tokens,
            "costUsd": cost_usd,
            "error": error,
            "traceId": trace_id,
            "spanId": span_id,
            "metadata": dict(metadata) if metadata is not None else None,
            "environment": environment,
            "timestamp": timestamp,
        }
        event = _event(prompt, version_number, latency_ms, success, fields)
        if event is None:
            return False
        check_event(event)
        return self._tracker.add(event)

    def track_stats(self) -> TrackStats:
        """Return what became of the tracked events: queued, sent, dropped, rejected."""
        return self._tracker.snapshot()

    async def flush(self, timeout: float = 5.0) -> TrackStats:
        """Send the queued events now, waiting up to timeout seconds; queued > 0 in the answer: not all sent."""
        await self._start()
        return await self._tracker.flush(timeout)

    async def close(self, flush_timeout: float = EXIT_FLUSH_TIMEOUT) -> None:
        """Flush the tracked events (up to flush_timeout), then end the feed and every task."""
        if self._closed:
            return
        self._closed = True
        if self._started is not None:
            await asyncio.shield(self._started)  # started first, so that close() ends what it started
            await self._tracker.flush(flush_timeout)
        await self._resolver.close()
        await self.api.get_async_httpx_client().aclose()


def _exit_send(ref: weakref.ReferenceType[AsyncPromptOps]) -> None:
    """At interpreter exit, send the events an unclosed AsyncPromptOps still holds, without its loop."""
    po = ref()
    if po is not None and not po._closed:
        po._tracker.send_remaining_sync(EXIT_FLUSH_TIMEOUT)


class PromptOps:
    """The client for synchronous applications (and threads): the same as AsyncPromptOps, blocking.

    Cached prompts are answered from the calling thread in microseconds; anything else runs on a
    background thread's event loop, which also keeps the feed. Use ``with PromptOps() as po:`` or
    close(); at interpreter exit queued analytics events are flushed.
    """

    def __init__(self, base_url: Optional[str] = None, api_key: Optional[str] = None, **options: Any) -> None:
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="promptops", daemon=True)
        self._thread.start()
        self._async = AsyncPromptOps(base_url, api_key, **options)
        self.settings = self._async.settings
        self.api = _api(self.settings)
        """The generated client of the whole API (promptops.generated.api.*), authenticated with the key."""
        self._call(self._async._start())
        atexit.register(_exit_close, weakref.ref(self))

    def _call(self, coro: Coroutine[Any, Any, T], timeout: Optional[float] = None) -> T:
        if self._loop.is_closed():
            coro.close()
            raise PromptOpsError("CLOSED", "the client is closed")
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def __enter__(self) -> PromptOps:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get_prompt(self, slug: str, *, fallback: Optional[Fallback] = None, subject: Optional[str] = None) -> Prompt:
        """Return the version of slug live in the key's environment (see AsyncPromptOps.get_prompt)."""
        check_request(slug, subject)
        cached = self._async._resolver.fresh(slug, subject)
        if cached is not None:
            self._async._resolver.stats.count("hits")
            return _otel.noted(cached.served("cache"))
        return self._call(self._async.get_prompt(slug, fallback=fallback, subject=subject))

    def ready(self, timeout: Optional[float] = None) -> None:
        """Wait until the feed is live and every prefetched slug is cached (raises REVOKED, CLOSED, TimeoutError)."""
        self._call(self._async.ready(timeout))

    def peek(self, slug: str) -> Optional[Prompt]:
        """Return what the cache holds for slug, fresh or not, without a request."""
        return self._async.peek(slug)

    def stats(self) -> dict[str, Any]:
        """Return the cache's counts and the feed's state."""
        return self._async.stats()

    def track(self, prompt: Union[Prompt, str], **event: Any) -> bool:
        """Queue an analytics event (the arguments of AsyncPromptOps.track); never blocks."""
        return self._async.track(prompt, **event)

    def track_stats(self) -> TrackStats:
        """Return what became of the tracked events: queued, sent, dropped, rejected."""
        return self._async.track_stats()

    def flush(self, timeout: float = 5.0) -> TrackStats:
        """Send the queued events now, waiting up to timeout seconds."""
        return self._call(self._async.flush(timeout))

    def close(self, flush_timeout: float = EXIT_FLUSH_TIMEOUT) -> None:
        """Flush the tracked events (up to flush_timeout), end the feed, stop the background thread."""
        if self._loop.is_closed():
            return
        try:
            self._call(self._async.close(flush_timeout))
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join()
            self._loop.close()
            self.api.get_httpx_client().close()


def _exit_close(ref: weakref.ReferenceType[PromptOps]) -> None:
    po = ref()
    if po is not None:
        po.close()
