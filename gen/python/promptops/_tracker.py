"""track(): analytics events held in a bounded queue and sent in batches in the background.

An application never waits for analytics: track() only queues. Batches go to POST
/api/v1/analytics/track with an Idempotency-Key, so a retry after a lost answer stores nothing
twice. While the server cannot be reached the events stay queued and are retried with backoff;
past max_queue events held, new ones are dropped and counted, so memory stays bounded and the
application learns what it lost. A batch the server refuses (400) loses only the events it names.
An event the server would refuse for its text is refused by track() itself (check_event), and
a batch that cannot be sent at all is counted as rejected: the sender outlives whatever fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import httpx

from promptops.errors import PromptOpsError, classify
from promptops.generated.api.analytics import track_events
from promptops.generated.client import AuthenticatedClient
from promptops.generated.models.analytics_event import AnalyticsEvent
from promptops.generated.models.analytics_event_batch import AnalyticsEventBatch
from promptops.prompt import _bad_request, _text_problem

log = logging.getLogger("promptops")

MAX_BATCH_EVENTS = 1000
"""The most events the API takes in one request."""

MAX_BATCH_BYTES = 512 * 1024
"""The most bytes of events one request carries, well under the server's 1 MiB body limit."""

_EVENT_INDEX = re.compile(r"^/events/(\d+)(/|$)")


def check_event(event: dict[str, Any]) -> None:
    """Raise what sending event would meet, so that track() refuses it instead of the sender failing.

    The server's 400 (PromptOpsError, status 400) for text no string may hold, as the gateway
    refuses a body before it decodes it: a NUL or a lone surrogate (which httpx cannot even
    encode as UTF-8), in a value or a metadata name, the first in the order the event is sent
    (the spec's), by its JSON pointer in a body of that one event. The conformance vectors'
    tracks hold the server's answers. ValueError or TypeError for what JSON cannot carry: a
    NaN or infinite number, a metadata value of no JSON type, a timestamp string not ISO 8601.
    """
    sent = AnalyticsEvent.from_dict(event).to_dict()
    problem = _text_problem(sent, "")
    if problem:
        raise _bad_request([problem])
    json.dumps(sent, allow_nan=False)


@dataclass
class TrackStats:
    """What became of the events given to track().

    queued: held now; sent; dropped: the queue was full; rejected: the server refused them, or
    they could not be sent at all (last_error says why).
    """

    queued: int = 0
    sent: int = 0
    dropped: int = 0
    rejected: int = 0
    last_error: Optional[str] = None


@dataclass
class _Held:
    queue: deque[dict[str, Any]] = field(default_factory=deque)
    inflight: list[dict[str, Any]] = field(default_factory=list)


class Tracker:
    """The queue and its sender; add() may be called from any thread, run() on the client's loop."""

    def __init__(
        self,
        client: AuthenticatedClient,
        *,
        max_queue: int,
        batch_size: int,
        interval: float,
        timeout: float,
        on_error: Optional[Callable[[Exception], None]],
    ) -> None:
        self.client = client
        self.max_queue = max_queue
        self.batch_size = min(batch_size, MAX_BATCH_EVENTS)
        self.interval = interval
        self.timeout = timeout
        self.on_error = on_error
        self.lock = threading.Lock()
        self.held = _Held()
        self.stats = TrackStats()
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.wake: Optional[asyncio.Event] = None
        self.idle: Optional[asyncio.Event] = None

    def add(self, event: dict[str, Any]) -> bool:
        """Queue event; False when the queue is full and it was dropped."""
        with self.lock:
            if len(self.held.queue) + len(self.held.inflight) >= self.max_queue:
                self.stats.dropped += 1
                return False
            self.held.queue.append(event)
            full = len(self.held.queue) >= self.batch_size
        if full and self.loop is not None and self.wake is not None:
            self.loop.call_soon_threadsafe(self.wake.set)
        return True

    def snapshot(self) -> TrackStats:
        """Return the stats now."""
        with self.lock:
            s = self.stats
            return TrackStats(
                len(self.held.queue) + len(self.held.inflight), s.sent, s.dropped, s.rejected, s.last_error
            )

    async def run(self) -> None:
        """Send batches until cancelled: when one is full, every interval, and when flushed."""
        self.loop = asyncio.get_running_loop()
        self.wake, self.idle = asyncio.Event(), asyncio.Event()
        backoff = self.interval
        while True:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.wake.wait(), timeout=backoff)
            self.wake.clear()
            try:
                ok = await self.send_all()
            except Exception:  # such as on_error raising: the sender must outlive it
                log.exception("promptops: track")
                ok = False
            backoff = self.interval if ok else min(max(backoff * 2, 0.5), 5.0)

    async def send_all(self) -> bool:
        """Send every queued event; False when the server could not be reached (they stay queued)."""
        while True:
            batch = self.take()
            if not batch:
                assert self.idle is not None
                self.idle.set()
                return True
            try:
                sent = await self.send(batch)
            finally:
                with self.lock:
                    self.held.inflight = []
            if not sent:
                return False

    def take(self) -> list[dict[str, Any]]:
        with self.lock:
            batch: list[dict[str, Any]] = []
            size = 0
            while self.held.queue and len(batch) < self.batch_size:
                n = len(json.dumps(self.held.queue[0], default=repr))  # a size; send() meets what cannot go
                if batch and size + n > MAX_BATCH_BYTES:
                    break
                batch.append(self.held.queue.popleft())
                size += n
            self.held.inflight = batch
            return batch

    async def send(self, batch: list[dict[str, Any]]) -> bool:
        """Send one batch; on failure to reach the server put it back at the head of the queue."""
        key = str(uuid.uuid4())
        while batch:
            try:
                resp = await asyncio.wait_for(
                    track_events.asyncio_detailed(
                        client=self.client, body=AnalyticsEventBatch.from_dict({"events": batch}), idempotency_key=key
                    ),
                    self.timeout,
                )
                if resp.status_code == 202:
                    with self.lock:
                        self.stats.sent += len(batch)
                    return True
                err = classify(int(resp.status_code), resp.content)
            except (httpx.HTTPError, OSError, asyncio.TimeoutError) as cause:
                err = classify(None, b"", cause)
            except Exception as cause:  # the batch cannot be encoded: sending it again would fail again
                self.unsendable(batch, cause)
                return True
            if err.code == "UNAVAILABLE":
                with self.lock:
                    self.held.queue.extendleft(reversed(batch))
                    self.stats.last_error = str(err)
                return False
            batch, key = self.refused(batch, err), str(uuid.uuid4())
        return True

    def refused(self, batch: list[dict[str, Any]], err: PromptOpsError) -> list[dict[str, Any]]:
        """Count what the server refused; return the events of a 400 it did not name, to send again."""
        bad: set[int] = set()
        for f in err.problems:
            m = _EVENT_INDEX.match(str(f.get("field", "")))
            if m:
                bad.add(int(m.group(1)))
        keep = [e for i, e in enumerate(batch) if i not in bad] if err.code == "BAD_REQUEST" and bad else []
        with self.lock:
            self.stats.rejected += len(batch) - len(keep)
            self.stats.last_error = f"HTTP {err.status}: {err}"
        if self.on_error is not None:
            self.on_error(err)
        return keep

    def unsendable(self, batch: list[dict[str, Any]], cause: Exception) -> None:
        """Count a batch that could not be sent at all as rejected, and report why."""
        log.warning("promptops: %d tracked events could not be sent: %r", len(batch), cause)
        with self.lock:
            self.stats.rejected += len(batch)
            self.stats.last_error = f"not sent: {cause!r}"
        if self.on_error is not None:
            self.on_error(cause)

    async def flush(self, timeout: float) -> TrackStats:
        """Send everything queued now, waiting up to timeout; return the stats (queued > 0: not all sent)."""
        if self.wake is None or self.idle is None:
            return self.snapshot()  # not running yet: nothing was ever sent
        self.idle.clear()
        self.wake.set()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(self.idle.wait(), timeout)
        return self.snapshot()

    def send_remaining_sync(self, timeout: float) -> None:
        """At interpreter exit, when no loop runs any more: send what is queued, with the sync client."""
        with self.lock:
            events = list(self.held.queue)
            self.held.queue.clear()
        for i in range(0, len(events), self.batch_size):
            batch = events[i : i + self.batch_size]
            try:
                resp = track_events.sync_detailed(
                    client=self.client.with_timeout(httpx.Timeout(timeout)),
                    body=AnalyticsEventBatch.from_dict({"events": batch}),
                    idempotency_key=str(uuid.uuid4()),
                )
                if resp.status_code == 202:
                    self.stats.sent += len(batch)
                    continue
            except Exception:  # at exit nothing may fail; what is left is counted below
                pass
            self.stats.dropped += len(events) - i
            return
