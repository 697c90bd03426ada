"""The resolver: live versions in memory, kept current by the server's WebSocket feed.

One asyncio implementation serves both clients (AsyncPromptOps runs it on the application's
loop, PromptOps on a loop of its own in a background thread). It follows the TypeScript
resolver (gen/ts/resolver.js) and the edge replica (internal/client/edge):

- an entry is fetched with GET /api/v1/snapshot?slug=…, which gives the version and its
  partials' text (so it renders locally), and revalidated with If-None-Match (a 304 keeps it);
- the feed (/ws, channels prompts and system) names the slugs that changed: each cached one,
  and every cached prompt that includes it, is fetched again; while the feed is live an entry
  is answered from memory, without a request, for up to max_age;
- after every (re)subscription every entry is caught up in one request per 100 slugs, with
  the cursor of the last catch-up of the same slugs (a 304 when nothing changed), since
  events may have been missed;
- a revalidation slower than stale_after answers from memory (stale-while-revalidate); an
  unreachable server answers stale entries and the caller's fallbacks;
- the snapshot file (optional) holds the entries, whose key they are (by hash) and when it
  expires, so that a start with the server down serves them, marked stale;
- a refused key (401, or the feed closed with 1008) drops every entry and replaces the file
  with only why: what the server gave a key it now refuses is not served any more;
- a prompt a rolling release moves is kept with the release's candidate, and a subject gets
  the variant the server would give it (promptops.assign); a release's event names all its
  prompts, which are read again in one request and swapped in at once (the deployment events
  the release made are left to it), so that no answer sees a release half applied.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import threading
import time
from collections.abc import Coroutine, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

import httpx

from promptops import _otel
from promptops._feed import Feed
from promptops._snapshotfile import SnapshotFile
from promptops.assign import variant
from promptops.errors import PromptOpsError, classify
from promptops.generated.api.resolve import get_snapshot
from promptops.generated.client import AuthenticatedClient
from promptops.generated.types import UNSET, Response
from promptops.prompt import Prompt, from_fallback, from_snapshot

log = logging.getLogger("promptops")

RETRY_AFTER_FAILURE = 1.0
"""For how long after a failed request a cached slug is answered stale at once, without asking."""

SLUGS_PER_REQUEST = 100
"""The most slugs one snapshot request names (the API's bound)."""

Fallback = Mapping[str, Any]


@dataclass
class Settings:
    """How a client reaches the server and keeps its cache (every duration in seconds)."""

    base_url: str
    api_key: str
    timeout: float = 5.0
    max_age: float = 300.0
    stale_after: float = 0.1
    reconnect_min: float = 0.1
    reconnect_max: float = 5.0
    snapshot_file: Optional[str] = None
    fallbacks: Mapping[str, Fallback] = field(default_factory=dict)
    prefetch: Sequence[str] = ()
    on_update: Optional[Callable[[str, Prompt], None]] = None
    on_error: Optional[Callable[[Exception], None]] = None


@dataclass
class Stats:
    """Counts of the cache and the feed's state: connecting, live, down, revoked or closed."""

    lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    hits: int = 0
    misses: int = 0
    stale_served: int = 0
    fallbacks: int = 0
    not_modified: int = 0
    events: int = 0
    reconnects: int = 0
    feed: str = "connecting"

    def count(self, name: str) -> None:
        """Add one to a count; the sync client's thread and the loop's both count."""
        with self.lock:
            setattr(self, name, getattr(self, name) + 1)

    def as_dict(self) -> dict[str, Any]:
        """Return the counts and the feed's state as a plain dict."""
        with self.lock:
            return {k: v for k, v in vars(self).items() if k != "lock"}


@dataclass(frozen=True)
class _Release:
    """The rolling release moving a prompt: its candidate, and the salt and share (percent) that assign subjects."""

    id: str
    salt: str
    percent: float
    candidate: Prompt

    def snapshot_entry(self) -> dict[str, Any]:
        """Return the release as GET /api/v1/snapshot gives it beside the prompt."""
        return {"id": self.id, "salt": self.salt, "percent": self.percent, "candidate": self.candidate.snapshot_entry()}


@dataclass(frozen=True)
class _Page:
    """A snapshot read: its entries, its cursor, and its number in the order reads started."""

    entries: list[Mapping[str, Any]]
    cursor: Optional[str]
    read: int


@dataclass
class _Entry:
    """What the resolver knows of one slug.

    want counts the reasons to fetch it again (events, reconnects, age); have is the want its
    last successful fetch started at, so that an event during a fetch makes it fetch once more.
    read is the number of the snapshot read it was stored from: an earlier read never
    overwrites what a later one stored.
    """

    prompt: Optional[Prompt] = None
    release: Optional[_Release] = None
    read: int = 0
    cursor: Optional[str] = None
    fetched_at: float = 0.0
    want: int = 1
    have: int = 0
    running: Optional[asyncio.Task[None]] = None
    started_at: float = 0.0
    failed_at: float = 0.0


def _now() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


class Resolver:
    """The cache, the feed and the snapshot file of one API key; runs on one event loop."""

    def __init__(self, settings: Settings, client: AuthenticatedClient) -> None:
        self.s = settings
        self.client = client
        self.entries: dict[str, _Entry] = {}
        self.slugs: dict[str, str] = {}  # prompt id → slug, learned from events
        self.stats = Stats()
        self.revoked: Optional[PromptOpsError] = None
        self.closed = False
        self.environment: Optional[str] = None
        self.expires_at: Optional[datetime.datetime] = None
        self.catch_up_cursors: dict[tuple[str, ...], str] = {}
        self.reads = 0
        # swap is held while entries change and while the sync client's thread reads one, so
        # that a release's prompts, stored together, are seen together.
        self.swap = threading.RLock()  # reentrant: on_update, called while it is held, may read
        self.file = SnapshotFile(settings.snapshot_file, settings.api_key) if settings.snapshot_file else None
        self.tasks: set[asyncio.Task[Any]] = set()
        # Made on the loop by start(): Python 3.9 binds them to the loop current at creation.
        self.live: asyncio.Event
        self.dirty: asyncio.Event
        self.refusal: asyncio.Future[None]
        self.feed = Feed(
            settings.base_url,
            settings.api_key,
            settings.timeout,
            (settings.reconnect_min, settings.reconnect_max),
            self,
        )
        # catching_up is the catch-up after the last subscription, which ready() waits for.
        self.catching_up: Optional[asyncio.Task[Any]] = None

    # ---- life ----

    async def start(self) -> None:
        """Load the snapshot file, connect the feed and prefetch; returns at once."""
        self.live = asyncio.Event()
        self.dirty = asyncio.Event()
        self.refusal = asyncio.get_running_loop().create_future()
        await asyncio.to_thread(self.load_file)
        if self.revoked is not None:
            self.fail_ready(self.revoked)
        self.spawn(self.feed.run())
        if self.file is not None:
            self.spawn(self.write_files())
        for slug in self.s.prefetch:
            self.spawn(self.prefetch(slug))

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        task: asyncio.Task[Any] = asyncio.ensure_future(coro)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def prefetch(self, slug: str) -> None:
        try:
            await self.get(slug)
        except PromptOpsError as err:
            self.report(err)

    async def ready(self) -> None:
        """Return once the feed is live and every prefetched slug has been fetched (or found missing)."""
        live: asyncio.Future[Any] = asyncio.ensure_future(self.live.wait())
        waiting: set[asyncio.Future[Any]] = {live, self.refusal}
        done, _ = await asyncio.wait(waiting, return_when=asyncio.FIRST_COMPLETED)
        if self.refusal in done:
            live.cancel()
            self.refusal.result()
        while True:
            pending: set[asyncio.Future[Any]] = {
                e.running for s in self.s.prefetch if (e := self.entries.get(s)) is not None and e.running is not None
            }
            if self.catching_up is not None and not self.catching_up.done():
                pending.add(self.catching_up)
            if not pending:
                break
            await asyncio.wait(pending)
        if self.refusal.done():
            self.refusal.result()

    async def close(self) -> None:
        """Stop the feed and every task, and drop the cache."""
        if self.closed:
            return
        self.closed = True
        self.stats.feed = "closed"
        self.fail_ready(PromptOpsError("CLOSED", "the client was closed before it was ready"))
        await self.feed.close()
        for task in list(self.tasks):
            task.cancel()
        for entry in self.entries.values():
            if entry.running is not None:
                entry.running.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)
        self.entries.clear()

    def fail_ready(self, err: PromptOpsError) -> None:
        """Make ready() raise err: the client can never be ready (closed, or the key refused)."""
        if not self.refusal.done():
            self.refusal.set_exception(err)
            self.refusal.exception()  # retrieved: nobody may be waiting for ready()

    def report(self, err: Exception) -> None:
        if self.s.on_error is not None and not self.closed:
            self.s.on_error(err)
        else:
            log.debug("promptops: %s", err)

    # ---- answers ----

    def fresh(self, slug: str, subject: Optional[str] = None) -> Optional[Prompt]:
        """Return the cached prompt of slug for subject when it may be answered without a request.

        Safe to call from another thread: the sync client's fast path reads it so.
        """
        with self.swap:
            entry = self.entries.get(slug)
            if entry is None or entry.prompt is None or self.stats.feed != "live" or entry.have < entry.want:
                return None
            if time.monotonic() - entry.fetched_at >= self.s.max_age or self.key_expired():
                return None
            return _assigned(entry, subject)

    async def get(self, slug: str, fallback: Optional[Fallback] = None, subject: Optional[str] = None) -> Prompt:
        """Return slug's live version: from memory, the server, memory marked stale, or the fallback."""
        if self.closed:
            raise PromptOpsError("CLOSED", "the client is closed")
        if self.key_expired():
            self.revoke(PromptOpsError("REVOKED", f"the API key expired at {self.expires_at}"))
        cached = self.fresh(slug, subject)
        if cached is not None:
            self.stats.count("hits")
            return _otel.noted(cached.served("cache"))
        self.stats.count("misses")
        if self.revoked is not None:
            return self.fallback_or(slug, fallback, self.revoked)
        entry = self.entries.get(slug)
        if entry is None:
            entry = self.entries[slug] = _Entry()
        elif (
            entry.prompt is not None
            and entry.running is None
            and time.monotonic() - entry.failed_at < RETRY_AFTER_FAILURE
        ):
            self.stats.count("stale_served")
            err = PromptOpsError("UNAVAILABLE", "the server was unreachable less than a second ago")
            return _otel.noted(_assigned(entry, subject).served("stale", err))
        elif entry.running is None and entry.have >= entry.want:
            entry.want += 1  # old, or the feed is down: ask again
        task = self.refresh(slug, entry)
        if entry.prompt is None:
            return await self.first_fetch(slug, entry, task, fallback, subject)
        return await self.revalidated(slug, entry, task, fallback, subject)

    async def first_fetch(
        self,
        slug: str,
        entry: _Entry,
        task: asyncio.Task[None],
        fallback: Optional[Fallback],
        subject: Optional[str],
    ) -> Prompt:
        try:
            await asyncio.shield(task)
        except PromptOpsError as err:
            if self.entries.get(slug) is entry and entry.prompt is None:
                del self.entries[slug]
            if err.code in ("UNAVAILABLE", "REVOKED"):
                return self.fallback_or(slug, fallback, err)
            raise
        return _otel.noted(_assigned(entry, subject).served("network"))

    async def revalidated(
        self,
        slug: str,
        entry: _Entry,
        task: asyncio.Task[None],
        fallback: Optional[Fallback],
        subject: Optional[str],
    ) -> Prompt:
        """Wait up to stale_after for the revalidation, then answer from memory."""
        waited = time.monotonic() - entry.started_at
        done, _ = await asyncio.wait({task}, timeout=max(0.0, self.s.stale_after - waited))
        if not done:
            self.stats.count("stale_served")
            return _otel.noted(_assigned(entry, subject).served("stale"))
        err = task.exception()
        if err is None:
            return _otel.noted(_assigned(entry, subject).served("network"))
        assert isinstance(err, PromptOpsError)
        if err.code == "REVOKED":
            return self.fallback_or(slug, fallback, err)
        if err.code != "UNAVAILABLE":
            raise err
        self.stats.count("stale_served")
        return _otel.noted(_assigned(entry, subject).served("stale", err))

    def fallback_or(self, slug: str, fallback: Optional[Fallback], err: PromptOpsError) -> Prompt:
        given = fallback if fallback is not None else self.s.fallbacks.get(slug)
        if given is None:
            raise err
        self.stats.count("fallbacks")
        return from_fallback(slug, given, err)

    # ---- fetching ----

    def refresh(self, slug: str, entry: _Entry) -> asyncio.Task[None]:
        """Fetch slug until its entry has caught up with every reason to (one fetch at a time per slug)."""
        if entry.running is None:
            entry.started_at = time.monotonic()
            entry.running = asyncio.ensure_future(self.run(slug, entry))
            entry.running.add_done_callback(lambda t: _retrieved(t, entry))
        return entry.running

    async def run(self, slug: str, entry: _Entry) -> None:
        while True:
            want = entry.want
            try:
                got = await self.fetch([slug], entry.cursor)
            except PromptOpsError as err:
                entry.failed_at = time.monotonic()
                if err.code == "REVOKED":
                    self.revoke(err)
                raise
            if self.revoked is not None or self.closed:
                raise self.revoked or PromptOpsError("CLOSED", "the client is closed")
            if got is None:
                self.stats.count("not_modified")
            else:
                if not got.entries:
                    if self.entries.get(slug) is entry:
                        del self.entries[slug]
                    self.dirty.set()
                    raise PromptOpsError("NOT_FOUND", f"no prompt {slug!r} is live in the key's environment")
                with self.swap:
                    self.store(slug, entry, got.entries[0], got.cursor, got.read)
            entry.fetched_at = time.monotonic()
            entry.failed_at = 0.0
            entry.have = want
            if entry.want == want:
                return

    def store(self, slug: str, entry: _Entry, raw: Mapping[str, Any], cursor: Optional[str], read: int) -> None:
        """Put a snapshot entry of read number read in entry, unless a later read stored one (hold swap)."""
        if read < entry.read:
            return
        prompt = from_snapshot(raw, _now())
        release = _release_of(raw, prompt.fetched_at)
        before, before_release = entry.prompt, entry.release
        entry.prompt, entry.release, entry.cursor, entry.read = prompt, release, cursor, read
        self.dirty.set()
        changed = (
            before is None
            or before.data.get("versionId") != prompt.data.get("versionId")
            or (
                before.content_hash != prompt.content_hash or before.data.get("partials") != prompt.data.get("partials")
            )
            or _split(before_release) != _split(release)
        )
        if changed and self.s.on_update is not None:
            try:
                self.s.on_update(slug, prompt)
            except Exception as err:
                self.report(err)

    async def fetch(self, slugs: list[str], cursor: Optional[str]) -> Optional[_Page]:
        """Read the snapshot of slugs (one page): None when cursor still names it (304)."""
        self.reads += 1
        read = self.reads
        try:
            resp: Response[Any] = await asyncio.wait_for(
                get_snapshot.asyncio_detailed(
                    client=self.client, slug=slugs, limit=SLUGS_PER_REQUEST, if_none_match=cursor or UNSET
                ),
                self.s.timeout,
            )
        except (httpx.HTTPError, OSError, asyncio.TimeoutError) as err:
            raise classify(None, b"", err) from err
        if resp.status_code == 304:
            return None
        if resp.status_code != 200:
            raise classify(int(resp.status_code), resp.content)
        page = json.loads(resp.content)["data"]
        if self.environment is None:
            self.environment = page.get("environment")
        return _Page(list(page["prompts"]), resp.headers.get("ETag") or page.get("cursor"), read)

    def revoke(self, err: PromptOpsError) -> None:
        """Stop serving what the server gave a key it now refuses: the cache and the file's prompts go."""
        if self.revoked is not None:
            return
        self.revoked = err
        self.stats.feed = "revoked"
        self.entries.clear()
        self.fail_ready(err)
        self.dirty.set()
        if self.file is not None:
            self.spawn(asyncio.to_thread(self.file.write_revoked, str(err)))
        self.spawn(self.feed.close())
        self.report(err)

    def key_expired(self) -> bool:
        return self.expires_at is not None and _now() >= self.expires_at

    # ---- the feed (its Listener) ----

    def stopped(self) -> bool:
        """Return whether the feed is to stop: the client closed, or the key refused."""
        return self.closed or self.revoked is not None

    def subscribed(self, environment: Optional[str], expires_at: Optional[datetime.datetime], again: bool) -> None:
        """Catch up once the feed is live: events may have been missed while no socket was subscribed."""
        self.environment, self.expires_at = environment, expires_at
        if again:
            self.stats.count("reconnects")
        self.stats.feed = "live"
        self.catching_up = self.spawn(self.catch_up())
        self.live.set()

    def down(self) -> None:
        """Mark the feed down: entries are revalidated on every get until it is live again."""
        self.stats.feed = "down"

    def refused(self, reason: str) -> None:
        """Revoke: the feed closed for policy (the key revoked, expired or unknown)."""
        self.revoke(PromptOpsError("REVOKED", f"the feed refused the API key: {reason}"))

    def message(self, msg: dict[str, Any]) -> None:
        """Revalidate what an event names; catch up after a system notice (events may have been missed)."""
        if msg.get("type") == "event":
            self.on_event(msg.get("event") or {})
        elif msg.get("type") == "system":
            self.spawn(self.catch_up())  # a notice: events may have been missed
        elif msg.get("type") == "error":
            self.report(PromptOpsError("HTTP_ERROR", f"feed: {msg.get('message')}"))

    def on_event(self, event: Mapping[str, Any]) -> None:
        self.stats.count("events")
        data = event.get("data") or {}
        kind = str(event.get("type") or "")
        env = data.get("environment")
        if kind == "version.created" or (isinstance(env, str) and self.environment and env != self.environment):
            return  # a new version changes nothing live; its deployment to dev follows
        if kind.startswith("release.") and isinstance(data.get("slugs"), list):
            self.spawn(self.revalidate_together([s for s in data["slugs"] if isinstance(s, str)]))
            return
        if data.get("releaseId") is not None:
            return  # a release's deployment or dependency event: its own event names all its prompts
        if kind == "deployment.undeployed" and isinstance(data.get("slug"), str):
            with self.swap:
                self.entries.pop(data["slug"], None)  # a fetch under way stores into an entry no longer here
            self.dirty.set()
            return
        touched: set[str] = set()
        pid = data.get("promptId") or (data.get("id") if kind.startswith("prompt.") else None)
        if isinstance(pid, str):
            if pid in self.slugs:
                touched.add(self.slugs[pid])  # a renamed prompt: its old slug is stale too
            if isinstance(data.get("slug"), str):
                self.slugs[pid] = data["slug"]
        if isinstance(data.get("slug"), str):
            touched.add(data["slug"])
        for slug in list(touched):
            touched.update(self.dependents(slug))
        for slug in touched:
            self.revalidate(slug)

    def dependents(self, slug: str) -> list[str]:
        """Return the cached prompts that include slug as a partial."""
        return [
            s
            for s, e in self.entries.items()
            if e.prompt and any(p.get("slug") == slug for p in e.prompt.data.get("partials") or [])
        ]

    async def revalidate_together(self, slugs: list[str]) -> None:
        """Read the cached ones of slugs (and what includes them) again in one request and swap them in at once.

        Until then they answer as before; should the read fail, each is fetched again on its next use.
        """
        wanted = set(slugs)
        for slug in slugs:
            wanted.update(self.dependents(slug))
        for slug in wanted:
            entry = self.entries.get(slug)
            if entry is not None and entry.prompt is None and entry.running is not None:
                entry.want += 1  # a first fetch under way may have read before the release moved
        cached = sorted(s for s in wanted if (e := self.entries.get(s)) is not None and e.prompt is not None)
        for i in range(0, len(cached), SLUGS_PER_REQUEST):
            chunk = cached[i : i + SLUGS_PER_REQUEST]
            try:
                got = await self.fetch(chunk, None)
            except PromptOpsError as err:
                for slug in chunk:
                    if (entry := self.entries.get(slug)) is not None:
                        entry.want += 1
                if err.code == "REVOKED":
                    self.revoke(err)
                self.report(err)
                continue
            assert got is not None
            found = {e["prompt"]["slug"]: e for e in got.entries}
            with self.swap:
                for slug in chunk:
                    entry = self.entries.get(slug)
                    if entry is None:
                        continue
                    if slug not in found:
                        del self.entries[slug]
                        self.dirty.set()
                    else:
                        # The set's cursor is not the slug's.
                        self.store(slug, entry, found[slug], None, got.read)

    def revalidate(self, slug: str) -> None:
        entry = self.entries.get(slug)
        if entry is None or entry.prompt is None:
            return
        entry.want += 1
        self.refresh(slug, entry)

    async def catch_up(self) -> None:
        """Revalidate every entry, one request per 100 slugs: events may have been missed."""
        slugs = sorted(s for s, e in self.entries.items() if e.prompt is not None)
        for i in range(0, len(slugs), SLUGS_PER_REQUEST):
            chunk = slugs[i : i + SLUGS_PER_REQUEST]
            wants = {s: self.entries[s].want + 1 for s in chunk if s in self.entries}
            for s, want in wants.items():
                self.entries[s].want = want
            # One slug's snapshot cursor is its entry's; a set's is the last catch-up's of it.
            cursor = self.entries[chunk[0]].cursor if len(chunk) == 1 else self.catch_up_cursors.get(tuple(chunk))
            try:
                got = await self.fetch(chunk, cursor)
            except PromptOpsError as err:
                if err.code == "REVOKED":
                    self.revoke(err)
                self.report(err)
                return
            self.caught_up(chunk, wants, got)

    def caught_up(self, chunk: list[str], wants: dict[str, int], got: Optional[_Page]) -> None:
        with self.swap:
            self.caught_up_locked(chunk, wants, got)

    def caught_up_locked(self, chunk: list[str], wants: dict[str, int], got: Optional[_Page]) -> None:
        cursor, read = None, 0
        if got is None:
            self.stats.count("not_modified")
            found: dict[str, Optional[Mapping[str, Any]]] = {s: None for s in chunk}
        else:
            cursor, read = got.cursor, got.read
            if cursor and len(chunk) > 1:
                self.catch_up_cursors[tuple(chunk)] = cursor
            found = {e["prompt"]["slug"]: e for e in got.entries}
        for slug, want in wants.items():
            entry = self.entries.get(slug)
            if entry is None or entry.want != want or entry.running is not None:
                continue  # changed meanwhile: its own fetch follows
            if slug not in found:
                del self.entries[slug]
                self.dirty.set()
                continue
            raw = found[slug]
            if raw is not None:
                # A set's cursor is not its members': only one slug's is the entry's own.
                self.store(slug, entry, raw, cursor if len(chunk) == 1 else None, read)
            entry.fetched_at, entry.have, entry.failed_at = time.monotonic(), want, 0.0

    # ---- the snapshot file ----

    def load_file(self) -> None:
        """Serve the snapshot file's entries, marked stale until revalidated; a refused key's serves nothing."""
        saved = self.file.load() if self.file is not None else None
        if saved is None:
            return
        if saved.revoked is not None:
            self.revoked = PromptOpsError("REVOKED", f"the snapshot file says the API key is refused: {saved.revoked}")
            self.stats.feed = "revoked"
            return
        self.expires_at, self.environment = saved.key_expires_at, saved.environment
        for raw in saved.prompts:
            prompt = from_snapshot(raw, saved.current_at)
            release = _release_of(raw, saved.current_at)
            self.entries[prompt.slug] = _Entry(prompt=prompt, release=release, want=1, have=0)

    async def write_files(self) -> None:
        """Write the snapshot file after every change, merging changes that come together."""
        assert self.file is not None
        while not self.closed and self.revoked is None:
            await self.dirty.wait()
            self.dirty.clear()
            prompts = [_snapshot_entry(e) for e in self.entries.values() if e.prompt is not None]
            try:
                await asyncio.to_thread(self.file.write, prompts, self.environment, self.expires_at)
            except OSError as err:
                self.report(err)


def _assigned(entry: _Entry, subject: Optional[str]) -> Prompt:
    """Return the version subject gets of entry: the release's candidate when its bucket is on it, else the current."""
    assert entry.prompt is not None
    r = entry.release
    if r is not None and subject is not None and variant(r.salt, subject, r.percent) == "candidate":
        return r.candidate
    return entry.prompt


def _release_of(raw: Mapping[str, Any], fetched_at: Optional[datetime.datetime]) -> Optional[_Release]:
    """Return the release of a snapshot entry, None when no rolling release moves it."""
    r = raw.get("release")
    if not r:
        return None
    return _Release(str(r["id"]), str(r["salt"]), float(r["percent"]), from_snapshot(r["candidate"], fetched_at))


def _split(r: Optional[_Release]) -> Optional[tuple[str, Any, float]]:
    """Return what of a release decides answers: its id, candidate version and share."""
    return None if r is None else (r.id, r.candidate.data.get("versionId"), r.percent)


def _snapshot_entry(entry: _Entry) -> dict[str, Any]:
    """Return a cached entry as GET /api/v1/snapshot gives it, release included (for the snapshot file)."""
    assert entry.prompt is not None
    out = entry.prompt.snapshot_entry()
    if entry.release is not None:
        out["release"] = entry.release.snapshot_entry()
    return out


def _retrieved(task: asyncio.Task[None], entry: _Entry) -> None:
    """End a fetch: mark the entry free, and retrieve its error (the callers that waited saw it)."""
    entry.running = None
    if not task.cancelled():
        task.exception()
