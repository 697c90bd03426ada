"""The SDK against a live server (see conftest): every public method, the cache, outages, revocation, track."""

from __future__ import annotations

import asyncio
import json
import math
import os
import statistics
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import httpx
import pytest

from promptops import AsyncPromptOps, Prompt, PromptOps, PromptOpsError, content_hash, verify_webhook
from promptops.generated.api.resolve import render_prompt
from promptops.generated.api.versions import create_version
from promptops.generated.api.webhooks import create_webhook, test_webhook
from promptops.generated.models import CreateVersionRequest, CreateWebhookRequest, RenderRequest
from promptops.prompt import from_fallback
from promptops.webhooks import WebhookVerificationError, sign
from tests.conftest import URL, Admin, control, live, model, until

pytestmark = live

PROMOTES = 100  # p99 is then the 99th of 100, not the slowest

GREETING = [
    {"systemPrompt": "You are terse.", "userTemplate": "Hello {{ userName }}!"},
    {"systemPrompt": "You are terse.", "userTemplate": "Hi {{userName}}, welcome to {{plan}}."},
]


def quantile(xs: list[float], q: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, math.ceil(q * len(s)) - 1)]


def read(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def slug_of(name: str) -> str:
    return f"{name}-{uuid.uuid4().hex[:6]}"


def live_prompt(admin: Admin, name: str, *versions: dict[str, Any]) -> tuple[str, str, list[str]]:
    """Create a prompt with versions, the first live in production; return slug, id and version ids."""
    slug = slug_of(name)
    prompt_id, ids = admin.prompt(slug, *(versions or GREETING))
    admin.promote(prompt_id, ids[0])
    return slug, prompt_id, ids


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROMPTOPS_URL", "http://127.0.0.1:9/")
    monkeypatch.setenv("PROMPTOPS_API_KEY", "po_live_x")
    po = AsyncPromptOps()
    assert (po.settings.base_url, po.settings.api_key) == ("http://127.0.0.1:9", "po_live_x")
    monkeypatch.delenv("PROMPTOPS_API_KEY")
    with pytest.raises(ValueError, match="PROMPTOPS_API_KEY"):
        AsyncPromptOps()


def test_get_prompt_from_the_network_then_the_cache(admin: Admin, prod_key: str) -> None:
    slug, _, ids = live_prompt(admin, "greeting")
    with PromptOps(URL, prod_key) as po:
        until(lambda: po.stats()["feed"] == "live", "the feed")
        first = po.get_prompt(slug)
        assert (first.source, first.data["versionId"], first.version_number) == ("network", ids[0], 1)
        assert first.content_hash == content_hash(GREETING[0])
        assert first.messages[1] == {"role": "user", "content": "Hello {{ userName }}!"}
        second = po.get_prompt(slug)
        assert (second.source, second.stale, second.model) == ("cache", False, "gpt-4")
        assert po.peek(slug) is not None and po.peek("nothing") is None
        assert po.stats()["hits"] == 1 and po.stats()["misses"] == 1
        assert second.render({"userName": "Ada"}).messages[1]["content"] == "Hello Ada!"
        with pytest.raises(PromptOpsError) as missing:
            po.get_prompt("no-such-prompt")
        assert missing.value.code == "NOT_FOUND"


def test_ready_serves_prefetched_slugs_from_memory(admin: Admin, prod_key: str) -> None:
    slug, _, _ = live_prompt(admin, "prefetched")
    with PromptOps(URL, prod_key, prefetch=[slug]) as po:
        po.ready(timeout=10)
        assert po.get_prompt(slug).source == "cache", "the first get after ready() makes no request"
        assert po.stats()["misses"] == 1, "only the prefetch asked the server"

    async def main() -> None:
        async with AsyncPromptOps(URL, prod_key, prefetch=[slug]) as apo:
            await apo.ready(timeout=10)
            assert (await apo.get_prompt(slug)).source == "cache"
        closed = AsyncPromptOps(URL, prod_key, prefetch=[slug])
        waiting = asyncio.ensure_future(closed.ready())
        await asyncio.sleep(0)
        await closed.close()
        with pytest.raises(PromptOpsError) as err:
            await waiting
        assert err.value.code == "CLOSED"

    asyncio.run(main())


def promote_timings(
    admin: Admin, prompt_id: str, ids: list[str], arrived: dict[str, float], lock: threading.Lock
) -> list[float]:
    """Promote the two versions in turn; return, for each, ms from the promote's answer to the cache."""
    timings = []
    for i in range(1, PROMOTES + 1):
        nxt = ids[i % 2]
        with lock:
            arrived.pop(nxt, None)
        admin.promote(prompt_id, nxt)
        answered = time.perf_counter()
        until(lambda nxt=nxt: nxt in arrived, f"promote {i} to reach the cache", timeout=5)  # type: ignore[misc]
        timings.append(max(0.0, arrived[nxt] - answered) * 1000)
    return timings


def report(label: str, timings: list[float]) -> None:
    print(
        f"\npromote → {label} cache over {len(timings)} promotes, from the promote's answer: "
        f"p50 {statistics.median(timings):.1f} ms, p99 {quantile(timings, 0.99):.1f} ms "
        "(target p99 50 ms, not asserted)"
    )


def test_promote_reaches_the_sync_cache(admin: Admin, prod_key: str) -> None:
    slug, prompt_id, ids = live_prompt(admin, "promoted-sync")
    arrived: dict[str, float] = {}
    lock = threading.Lock()

    def on_update(_: str, p: Prompt) -> None:
        with lock:
            arrived[p.data["versionId"]] = time.perf_counter()

    with PromptOps(URL, prod_key, prefetch=[slug], on_update=on_update) as po:
        po.ready(timeout=10)
        timings = promote_timings(admin, prompt_id, ids, arrived, lock)
        report("sync", timings)
        got = po.get_prompt(slug)
        assert (got.source, got.data["versionId"]) == ("cache", ids[PROMOTES % 2])


def test_promote_reaches_the_async_cache(admin: Admin, prod_key: str) -> None:
    slug, prompt_id, ids = live_prompt(admin, "promoted-async")
    arrived: dict[str, float] = {}
    lock = threading.Lock()

    def on_update(_: str, p: Prompt) -> None:
        with lock:
            arrived[p.data["versionId"]] = time.perf_counter()

    async def main() -> None:
        async with AsyncPromptOps(URL, prod_key, prefetch=[slug], on_update=on_update) as po:
            await po.ready(timeout=10)
            timings = await asyncio.to_thread(promote_timings, admin, prompt_id, ids, arrived, lock)
            report("async", timings)
            got = await po.get_prompt(slug)
            assert (got.source, got.data["versionId"]) == ("cache", ids[PROMOTES % 2])

    asyncio.run(main())


def test_undeploy_leaves_the_cache(admin: Admin, prod_key: str) -> None:
    """An undeploy reaches the cache over the feed: the prompt is dropped, and getting it is NOT_FOUND."""
    slug, prompt_id, _ = live_prompt(admin, "undeployed")
    with PromptOps(URL, prod_key, prefetch=[slug]) as po:
        po.ready(timeout=10)
        assert po.get_prompt(slug).source == "cache"
        admin.undeploy(prompt_id)

        def gone() -> bool:
            try:
                po.get_prompt(slug)
            except PromptOpsError as err:
                assert err.code == "NOT_FOUND", err
                return True
            return False

        until(gone, "the undeploy to reach the cache")


WEATHER = {
    "messages": [
        {"role": "system", "content": "You answer weather questions in one sentence. {{> tone}}"},
        {"role": "user", "content": "Weather in {{city}}?{{#days}} Day {{.}}.{{/days}}"},
    ],
    "tools": [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "description": "Current weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
            },
        }
    ],
    "toolChoice": "auto",
    "responseFormat": {
        "type": "json_schema",
        "jsonSchema": {"name": "answer", "schema": {"type": "object", "properties": {"summary": {"type": "string"}}}},
    },
    "model": "gpt-4o",
    "temperature": 0.2,
    "maxTokens": 300,
    "variablesSchema": {
        "type": "object",
        "properties": {"city": {"type": "string", "minLength": 2}},
        "required": ["city"],
    },
}


def test_local_render_is_the_servers(admin: Admin, prod_key: str) -> None:
    tone = slug_of("tone")
    tone_id, tone_versions = admin.prompt(tone, {"systemPrompt": "", "userTemplate": "Be {{mood}}."})
    admin.promote(tone_id, tone_versions[0])
    weather = json.loads(json.dumps(WEATHER).replace("{{> tone}}", "{{> " + tone + "}}"))
    slug, _, _ = live_prompt(admin, "weather", weather)
    variables = {"city": "Lyon", "mood": "sunny", "days": [1, 2]}
    with PromptOps(URL, prod_key) as po:
        prompt = po.get_prompt(slug)
        for fmt, local in [
            ("messages", prompt.render(variables).data),
            ("openai-chat", prompt.render_as("openai-chat", variables).data),
            ("openai-responses", prompt.render_as("openai-responses", variables).data),
            ("anthropic", prompt.render_as("anthropic", variables).data),
        ]:
            resp = render_prompt.sync_detailed(
                slug, client=po.api, body=RenderRequest.from_dict({"variables": variables, "format": fmt})
            )
            assert resp.status_code == 200, resp.content
            assert local == json.loads(resp.content)["data"], fmt
        assert prompt.to_openai_chat(variables)["tool_choice"] == "auto"
        assert prompt.to_openai_responses(variables)["input"][1]["content"] == "Weather in Lyon? Day 1. Day 2."
        assert prompt.to_anthropic(variables)["system"] == "You answer weather questions in one sentence. Be sunny."
        with pytest.raises(PromptOpsError) as refused:
            prompt.render({"city": "L", "mood": "x"})
        assert [p["field"] for p in refused.value.problems] == ["/variables/city"]


def test_slow_server_answers_stale(admin: Admin, prod_key: str, relay_restored: None) -> None:
    slug, _, _ = live_prompt(admin, "slow")
    with PromptOps(URL, prod_key, max_age=0, stale_after=0.05) as po:
        until(lambda: po.stats()["feed"] == "live", "the feed")
        assert po.get_prompt(slug).source == "network"
        control("slow?ms=300")
        started = time.perf_counter()
        stale = po.get_prompt(slug)
        took = time.perf_counter() - started
        assert stale.source == "stale" and stale.stale
        assert took < 0.25, f"a slow server held get_prompt for {took * 1000:.0f} ms"
        print(f"\nstale answer with the server 300 ms slow: {took * 1000:.1f} ms")
        control("slow?ms=0")
        until(lambda: po.stats()["not_modified"] >= 1, "the background revalidation's 304")


def test_server_killed_cache_and_fallbacks_answer(admin: Admin, prod_key: str, relay_restored: None) -> None:
    slug, prompt_id, ids = live_prompt(admin, "outage")
    fallbacks = {"offline": {"systemPrompt": "You are offline.", "userTemplate": "Hello {{userName}} (offline)"}}
    with PromptOps(URL, prod_key, fallbacks=fallbacks) as po:
        assert po.get_prompt(slug).source == "network"
        until(lambda: po.stats()["feed"] == "live", "the feed")
        control("stop")
        until(lambda: po.stats()["feed"] == "down", "the feed to drop")
        started = time.perf_counter()
        cached = po.get_prompt(slug)
        print(f"\nserver stopped: cached answer in {(time.perf_counter() - started) * 1000:.1f} ms")
        assert cached.source == "stale"
        # The failed revalidation is the error (at once, or once it has failed on a busy machine);
        # within a second of it no new attempt is made.
        until(lambda: (p := po.get_prompt(slug)).error is not None and p.error.code == "UNAVAILABLE", "the error")
        assert po.get_prompt(slug).source == "stale"
        assert cached.render({"userName": "Ada"}).messages[1]["content"] == "Hello Ada!"

        fb = po.get_prompt("offline")
        assert fb.source == "fallback" and fb.error is not None and fb.error.code == "UNAVAILABLE"
        assert fb.version_number is None and fb.content_hash == content_hash(fallbacks["offline"])
        assert fb.render({"userName": "Ada"}).messages == [
            {"role": "system", "content": "You are offline."},
            {"role": "user", "content": "Hello Ada (offline)"},
        ]
        assert fb.to_anthropic({"userName": "Ada"})["system"] == "You are offline."
        inline = po.get_prompt("never-cached", fallback={"messages": [{"role": "user", "content": "inline"}]})
        assert inline.source == "fallback"
        with pytest.raises(PromptOpsError) as unavailable:
            po.get_prompt("never-cached")
        assert unavailable.value.code == "UNAVAILABLE"
        assert po.stats()["stale_served"] >= 3 and po.stats()["fallbacks"] == 2

        # Promoted while the client cannot hear it: the reconnect catches it up.
        admin.promote(prompt_id, ids[1])
        reconnects = po.stats()["reconnects"]
        control("start")
        until(lambda: (p := po.peek(slug)) is not None and p.data["versionId"] == ids[1], "the missed promote")
        assert po.stats()["reconnects"] == reconnects + 1
        until(lambda: po.get_prompt(slug).source == "cache", "the cache after the reconnect")


def test_restart_with_the_server_down_serves_the_snapshot_file(
    admin: Admin, prod_key: str, tmp_path: Any, relay_restored: None
) -> None:
    slug, _, ids = live_prompt(admin, "restart")
    path = str(tmp_path / "promptops-snapshot.json")
    with PromptOps(URL, prod_key, snapshot_file=path) as po:
        assert po.get_prompt(slug).source == "network"
        until(lambda: os.path.exists(path) and slug in read(path), "the snapshot file")
    assert oct(os.stat(path).st_mode & 0o777) == "0o600"
    control("stop")
    with PromptOps(URL, prod_key, snapshot_file=path, timeout=1) as restarted:
        got = restarted.get_prompt(slug)
        assert (got.source, got.data["versionId"]) == ("stale", ids[0])
        assert got.render({"userName": "Ada"}).messages[1]["content"] == "Hello Ada!"
    _, other_key = admin.new_key("another app")
    with PromptOps(URL, other_key, snapshot_file=path, timeout=1) as other:
        with pytest.raises(PromptOpsError) as err:
            other.get_prompt(slug)
        assert err.value.code == "UNAVAILABLE", "a file of another key is not served"


def test_revoked_key_empties_the_cache(admin: Admin, tmp_path: Any, relay_restored: None) -> None:
    slug, _, _ = live_prompt(admin, "revoked")
    key_id, key = admin.new_key("doomed")
    path = str(tmp_path / "revoked-snapshot.json")
    errors: list[Exception] = []
    with PromptOps(URL, key, snapshot_file=path, on_error=errors.append) as po:
        assert po.get_prompt(slug).source == "network"
        until(lambda: po.stats()["feed"] == "live", "the feed")
        admin.revoke(key_id)
        until(lambda: po.stats()["feed"] == "revoked", "the revocation")
        assert po.peek(slug) is None, "a revoked key's cache is dropped"
        fb = po.get_prompt(slug, fallback={"systemPrompt": "s", "userTemplate": "shipped"})
        assert fb.source == "fallback" and fb.error is not None and fb.error.code == "REVOKED"
        with pytest.raises(PromptOpsError) as err:
            po.get_prompt(slug)
        assert err.value.code == "REVOKED"
        with pytest.raises(PromptOpsError) as not_ready:
            po.ready(timeout=1)
        assert not_ready.value.code == "REVOKED"
        # The file is written in the background: it may not be there at the first look.
        until(lambda: os.path.exists(path) and "revoked" in json.loads(read(path)), "the file to say so")
    assert "prompts" not in json.loads(read(path)), "the file keeps only why"
    assert any(isinstance(e, PromptOpsError) and e.code == "REVOKED" for e in errors)
    control("stop")
    with PromptOps(URL, key, snapshot_file=path, timeout=1) as restarted:
        with pytest.raises(PromptOpsError) as again:
            restarted.get_prompt(slug)
        assert again.value.code == "REVOKED", "a restart from the file serves nothing either"


def test_track_loses_no_more_than_the_queue_bound(admin: Admin, prod_key: str, relay_restored: None) -> None:
    slug, prompt_id, _ = live_prompt(admin, "tracked")
    with PromptOps(URL, prod_key, track_queue=50, track_interval=0.05) as po:
        prompt = po.get_prompt(slug)
        assert po.track(prompt, latency_ms=12.5, input_tokens=10, output_tokens=3, cost_usd=0.001, metadata={"k": "v"})
        assert po.flush(timeout=10).sent == 1
        control("stop")
        queued = [
            po.track(prompt, latency_ms=float(i), success=i % 2 == 0, error=None if i % 2 == 0 else "boom")
            for i in range(80)
        ]
        assert queued.count(True) == 50 and queued.count(False) == 30
        held = po.flush(timeout=0.5)
        assert (held.queued, held.dropped, held.sent) == (50, 30, 1), held
        print(
            f"\ntrack with the server stopped: 80 tracked, {held.queued} held (the bound), "
            f"{held.dropped} dropped and reported"
        )
        control("start")
        done = po.flush(timeout=15)
        assert (done.queued, done.sent, done.dropped, done.rejected) == (0, 51, 30, 0), done
        assert not po.track(from_fallback("fb", {"userTemplate": "x"}, None), latency_ms=1), "a fallback has no version"
        assert po.track(slug, version_number=99, latency_ms=1)
        rejected = po.flush(timeout=10)
        assert rejected.rejected == 1 and "400" in (rejected.last_error or "")
    # Read raw: the generated parser fails on comparison, null until two versions were live (README).
    resp = admin.client.get_httpx_client().get(
        f"/api/v1/prompts/{prompt_id}/analytics", params={"environment": "production"}
    )
    assert resp.status_code == 200, resp.content
    totals = resp.json()["data"]["versions"][0]["totals"]
    assert totals["count"] == 51 and totals["errors"] == 25


def test_opentelemetry_attributes(admin: Admin, prod_key: str) -> None:
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter

    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("test")
    slug, _, _ = live_prompt(admin, "traced")
    with PromptOps(URL, prod_key) as po:
        with tracer.start_as_current_span("llm call") as span:
            prompt = po.get_prompt(slug)
            po.track(prompt, latency_ms=5)
            trace_id = format(span.get_span_context().trace_id, "032x")
        event = po._async._tracker.held.queue[0]
        assert event["traceId"] == trace_id and len(event["spanId"]) == 16
        assert po.flush(timeout=10).sent == 1
    (finished,) = exporter.get_finished_spans()
    assert finished.attributes == {"gen_ai.prompt.name": slug, "gen_ai.prompt.version": "1"}


def test_webhook_signatures_verify(admin: Admin) -> None:
    received: list[tuple[bytes, dict[str, str]]] = []

    class Hook(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((body, {k.lower(): v for k, v in self.headers.items()}))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        resp = create_webhook.sync_detailed(
            client=admin.client,
            body=CreateWebhookRequest.from_dict(
                {"url": f"http://127.0.0.1:{server.server_port}/hook", "events": ["*"]}
            ),
        )
        assert resp.status_code == 201, resp.content
        hook = json.loads(resp.content)["data"]
        assert test_webhook.sync_detailed(uuid.UUID(hook["id"]), client=admin.client).status_code in (200, 202)
        until(lambda: any(b'"ping"' in body for body, _ in received), "the ping delivery", timeout=20)
    finally:
        server.shutdown()
    body, headers = next((b, h) for b, h in received if b'"ping"' in b)
    verify_webhook(body, headers, hook["secret"])
    with pytest.raises(WebhookVerificationError):
        verify_webhook(body + b" ", headers, hook["secret"])
    with pytest.raises(WebhookVerificationError, match="seconds from now"):
        verify_webhook(body, headers, hook["secret"], now=time.time() + 600)
    stamp = int(headers["webhook-timestamp"])
    assert sign(hook["secret"], headers["webhook-id"], stamp, body) in headers["webhook-signature"].split()


def test_content_hash_is_the_servers(admin: Admin) -> None:
    body = {
        **WEATHER,
        "messages": [{"role": "user", "content": "Line\r\nbreaks {{city}}"}],
        "metadata": {"<b>": 1.5e-7},
    }
    prompt_id, _ = admin.prompt(slug_of("hashed"))
    resp = create_version.sync_detailed(prompt_id, client=admin.client, body=model(CreateVersionRequest, body))
    assert resp.status_code == 201, resp.content
    assert json.loads(resp.content)["data"]["contentHash"] == content_hash(body)


def test_closed_client_refuses(prod_key: str) -> None:
    po = PromptOps(URL, prod_key)
    po.close()
    po.close()  # twice is fine
    with pytest.raises(PromptOpsError) as err:
        po.get_prompt("x")
    assert err.value.code == "CLOSED"


def test_async_client_tracks_and_counts(admin: Admin, prod_key: str) -> None:
    slug, _, _ = live_prompt(admin, "async-tracked")

    async def main() -> None:
        async with AsyncPromptOps(URL, prod_key, track_interval=0.05) as po:
            prompt = await po.get_prompt(slug)
            assert po.peek(slug) is not None
            assert po.track(prompt, latency_ms=3.5, success=False, error="timeout")
            assert po.track_stats().queued + po.track_stats().sent == 1
            stats = await po.flush(timeout=10)
            assert (stats.sent, stats.queued, stats.dropped, stats.rejected) == (1, 0, 0, 0)
            assert po.stats()["misses"] == 1
            warned = prompt.render({"userName": "Ada", "unused": 1})
            assert warned.warnings == ['variable "unused" is not used by the templates']

    asyncio.run(main())


def test_track_refuses_what_the_server_would_and_goes_on(admin: Admin, prod_key: str) -> None:
    slug, _, _ = live_prompt(admin, "tracked-on")
    with PromptOps(URL, prod_key, track_interval=0.05) as po:
        prompt = po.get_prompt(slug)
        with pytest.raises(PromptOpsError) as refused:
            po.track(prompt, latency_ms=1, metadata={"note": "\ud800"})
        with pytest.raises(ValueError):
            po.track(prompt, latency_ms=float("nan"))
        with pytest.raises(TypeError):
            po.track(prompt, latency_ms=1, metadata={"at": object()})
        # The server's answer to the nearest body one could send (json.dumps escapes the surrogate).
        event = {"type": "prompt.used", "slug": slug, "versionNumber": 1, "latencyMs": 1, "success": True}
        resp = httpx.post(
            f"{URL}/api/v1/analytics/track",
            content=json.dumps({**event, "metadata": {"note": "\ud800"}}),
            headers={"Authorization": f"Bearer {prod_key}", "Content-Type": "application/json"},
        )
        server = resp.json()["error"]
        err = refused.value
        assert (err.status, str(err), err.details) == (resp.status_code, server["message"], server["details"])
        # An event that reaches the sender and cannot be encoded costs its batch, not the sender.
        po._async._tracker.add({**event, "metadata": {"note": "\ud800"}})
        assert po.flush(timeout=5).rejected == 1
        assert po.track(prompt, latency_ms=2)
        stats = po.flush(timeout=5)
        assert (stats.sent, stats.queued, stats.rejected) == (1, 0, 1), stats
        assert "UnicodeEncodeError" in (stats.last_error or "")
