// @ts-check
// The resolver: resolve and render through a PromptOps server with an in-memory cache that
// the server's WebSocket feed keeps fresh. Its types, and what each option means, are in
// index.d.ts; README.md ("TypeScript resolver") says how it behaves when things go wrong.
import { ResolverError } from "./errors.js";
import { quoteGo } from "./gojson.js";
import { createPromptOpsClient } from "./client.js";
import { variant } from "./assign.js";
import { DEFAULT_RENDER_LIMIT, fallbackVersion, PreparedPrompt, requestRefusal } from "./render.js";

export { ResolverError };

/** @typedef {import("./index.js").ResolvedPrompt} ResolvedPrompt */
/** @typedef {import("./index.js").FallbackPrompt} FallbackPrompt */
/** @typedef {import("./index.js").ResolverOptions} ResolverOptions */
/** @typedef {import("./index.js").ResolveResult} ResolveResult */
/** @typedef {import("./index.js").RenderResult} RenderResult */
/** @typedef {import("./index.js").ResolverStats} ResolverStats */
/** @typedef {import("./index.js").ResolverErrorCode} ResolverErrorCode */
/** @typedef {import("./index.js").WebSocketLike} WebSocketLike */
/** @typedef {import("./index.js").RenderOptions} RenderOptions */
/** @typedef {import("./index.js").RenderedPrompt} RenderedPrompt */
/** @typedef {import("./render.js").SnapshotPartial} SnapshotPartial */
/** @typedef {import("./generated/schema.js").components["schemas"]["SnapshotPrompt"]} SnapshotPrompt */
/** @typedef {import("./index.js").ResolveOptions} ResolveOptions */

/**
 * A slot is what the resolver knows of one slug. `want` counts the reasons to fetch it again
 * (events, reconnects, age); `have` is the `want` its last successful fetch started at, so
 * an event that arrives while a fetch is under way makes the resolver fetch once more.
 * `release` is the rolling release moving it (its candidate, and how subjects split), and
 * `read` the number of the fetch it was last stored from: a fetch started earlier never
 * overwrites what a later one stored.
 * @typedef {{
 *   prompt?: ResolvedPrompt, release?: Release, etag?: string, fetchedAt: number, read: number,
 *   want: number, have: number, running?: Promise<void>, startedAt: number, failedAt: number,
 * }} Slot
 */

/**
 * A Release is a snapshot's release of a prompt: its candidate version, and the salt and
 * share (percent) that assign subjects to it (assign.js).
 * @typedef {{ salt: string, percent: number, candidate: ResolvedPrompt }} Release
 */

/**
 * createResolver returns a resolver for one API key: the key's environment is the one
 * resolved. It connects to the feed at once; close() ends it.
 * @param {ResolverOptions} options
 */
export function createResolver(options) {
  const {
    baseUrl, apiKey, fallbacks = {}, prefetch = [], maxAgeMs = 300_000, staleAfterMs = 100, timeoutMs = 5_000,
    reconnectMinMs = 100, reconnectMaxMs = 5_000, renderLimit = DEFAULT_RENDER_LIMIT, onUpdate, onError,
  } = options;
  /** @type {WeakSet<object>} the errors of fetch itself: the server unreachable, or too slow */
  const unreachable = new WeakSet();
  const send = options.fetch ?? globalThis.fetch;
  /** @type {typeof globalThis.fetch} */
  const fetch = async (input, init) => {
    try {
      return await send(input, init);
    } catch (err) {
      if (err instanceof Object) unreachable.add(err);
      throw err;
    }
  };
  const client = createPromptOpsClient({ baseUrl, apiKey, fetch });
  const closing = new AbortController();
  /** @type {Map<string, Slot>} */
  const slots = new Map();
  /** @type {Map<string, string>} prompt id → slug, learned from events */
  const slugs = new Map();
  /**
   * @type {WeakMap<ResolvedPrompt, { partials: SnapshotPartial[], prepared?: PreparedPrompt }>}
   * each fetched version's partials' text and, once rendered, the version prepared for renders
   */
  const versions = new WeakMap();
  /** @type {ResolverStats} */
  const stats = { hits: 0, misses: 0, staleServed: 0, fallbacks: 0, notModified: 0, events: 0, reconnects: 0, feed: "connecting" };
  /** @type {ResolverError | undefined} set once the key is revoked, expired or unknown */
  let revoked;
  /** @type {string | undefined} the key's environment, from the feed's auth_ok */
  let environment;
  /** @type {() => void} */
  let markLive = () => {};
  /** live settles when the feed first subscribes. */
  const live = new Promise((ok) => { markLive = () => ok(undefined); });
  /** @type {(err: ResolverError) => void} */
  let refuseReady = () => {};
  /** refused rejects when the resolver can never be ready: the key refused, or closed. */
  const refused = new Promise((_, no) => { refuseReady = no; });

  const report = (/** @type {unknown} */ err) => {
    if (onError && !closing.signal.aborted) onError(err instanceof Error ? err : new Error(String(err)));
  };

  // ---- HTTP ----

  /**
   * classify turns a failed call into a ResolverError; UNAVAILABLE is what fallbacks and
   * stale entries answer for.
   * @param {number | undefined} status
   * @param {unknown} body
   * @param {unknown} [cause]
   */
  const classify = (status, body, cause) => {
    const e = /** @type {{ error?: { code?: string, message?: string, details?: unknown } } | undefined} */ (body)?.error;
    if (status === undefined || status === 429 || status >= 500) {
      const what = status === undefined ? `${cause instanceof Error ? cause.message : cause}` : `HTTP ${status}`;
      return new ResolverError("UNAVAILABLE", `the server is unreachable or slow: ${what}`, { status, cause });
    }
    const message = e?.message ?? `HTTP ${status}`;
    if (status === 401) return new ResolverError("REVOKED", `the API key is no longer accepted: ${message}`, { status });
    if (status === 404) return new ResolverError("NOT_FOUND", message, { status });
    return new ResolverError(status === 400 ? "BAD_REQUEST" : "HTTP_ERROR", message, { status, details: e?.details });
  };

  /**
   * unavailable is the UNAVAILABLE of a call that threw when fetch itself threw (the server
   * unreachable, or too slow). Anything else was thrown while the request was built, a
   * fault of the call, never answered from a fallback or the cache: it is thrown again.
   * @param {unknown} err
   */
  const unavailable = (err) => {
    if (!(err instanceof Object && unreachable.has(err))) throw err;
    return classify(undefined, undefined, err);
  };

  const signal = () => AbortSignal.any([closing.signal, AbortSignal.timeout(timeoutMs)]);

  /** reads numbers the snapshot reads in the order they start. */
  let reads = 0;

  /**
   * fetchSnapshot asks the server for the live versions of slugs (at most 100) and the text
   * of the partials they include, with their releases (the snapshot, as the Python SDK and
   * the edge read it, so that they render and assign locally), all read at once, with
   * If-None-Match when there is an ETag: `undefined` means 304 (unchanged).
   * @param {string[]} slugs
   * @param {string | undefined} etag
   */
  async function fetchSnapshot(slugs, etag) {
    const read = ++reads;
    let res;
    try {
      res = await client.GET("/api/v1/snapshot", {
        params: { query: { slug: slugs, limit: slugs.length }, header: etag ? { "If-None-Match": etag } : {} },
        signal: signal(),
      });
    } catch (err) {
      throw unavailable(err);
    }
    if (res.response.status === 304) return undefined;
    if (!res.data) throw classify(res.response.status, res.error);
    const page = res.data.data;
    return { read, page, etag: res.response.headers.get("ETag") ?? page.cursor };
  }

  /**
   * fetchPrompt reads slug's snapshot entry (fetchSnapshot): `undefined` means 304.
   * @param {string} slug
   * @param {string | undefined} etag
   */
  async function fetchPrompt(slug, etag) {
    const got = await fetchSnapshot([slug], etag);
    if (!got) return undefined;
    const entry = got.page.prompts[0];
    if (!entry) throw new ResolverError("NOT_FOUND", `No prompt ${quoteGo(slug)} is deployed to ${got.page.environment}.`); // the server's words
    return { read: got.read, entry, etag: got.etag };
  }

  /**
   * store puts a snapshot entry read by fetch number `read` in slot, with both versions
   * prepared for renders, unless a fetch started later has stored one already.
   * @param {string} slug
   * @param {Slot} slot
   * @param {SnapshotPrompt} entry
   * @param {number} read
   * @param {string | undefined} etag
   */
  function store(slug, slot, entry, read, etag) {
    if (read < slot.read) return;
    const before = slot.prompt;
    const changed = entry.prompt.versionId !== before?.versionId || entry.prompt.contentHash !== before?.contentHash ||
      JSON.stringify(entry.prompt.partials) !== JSON.stringify(before?.partials) ||
      entry.release?.candidate.prompt.versionId !== slot.release?.candidate.versionId ||
      entry.release?.percent !== slot.release?.percent;
    slot.prompt = entry.prompt;
    slot.read = read;
    slot.etag = etag;
    versions.set(entry.prompt, { partials: entry.partials });
    const r = entry.release;
    slot.release = r && { salt: r.salt, percent: r.percent, candidate: r.candidate.prompt };
    if (r) versions.set(r.candidate.prompt, { partials: r.candidate.partials });
    if (changed && onUpdate) onUpdate(slug, entry.prompt);
  }

  /** @param {ResolverError} err */
  function revoke(err) {
    if (revoked) return;
    revoked = err;
    refuseReady(err);
    stats.feed = "revoked";
    // Nothing the server gave this key is served once the server refuses it.
    slots.clear();
    socket?.close(1000);
    clearTimeout(retryTimer);
    report(err);
  }

  /**
   * refresh fetches slug until its slot has caught up with every reason to (one fetch at a
   * time per slug; callers share it).
   * @param {string} slug
   * @param {Slot} slot
   */
  function refresh(slug, slot) {
    if (!slot.running) {
      slot.startedAt = Date.now();
      slot.running = run(slug, slot).finally(() => { slot.running = undefined; });
    }
    return slot.running;
  }

  /** @param {string} slug @param {Slot} slot */
  async function run(slug, slot) {
    for (;;) {
      const want = slot.want;
      let got;
      try {
        got = await fetchPrompt(slug, slot.etag);
      } catch (err) {
        const e = /** @type {ResolverError} */ (err);
        slot.failedAt = Date.now();
        if (e.code === "NOT_FOUND" && slots.get(slug) === slot) slots.delete(slug);
        if (e.code === "REVOKED") revoke(e);
        throw e;
      }
      if (revoked || closing.signal.aborted) throw revoked ?? new ResolverError("CLOSED", "the resolver is closed");
      if (got) {
        store(slug, slot, got.entry, got.read, got.etag);
      } else {
        stats.notModified++;
      }
      slot.fetchedAt = Date.now();
      slot.failedAt = 0;
      slot.have = want;
      if (slot.want === want) return;
    }
  }

  /** @param {Slot} slot */
  const fresh = (slot) => stats.feed === "live" && slot.have >= slot.want && Date.now() - slot.fetchedAt < maxAgeMs;

  /**
   * @param {string} slug
   * @param {FallbackPrompt | undefined} fallback
   * @param {ResolverError} error
   * @returns {ResolveResult}
   */
  function fallbackOr(slug, fallback, error) {
    const prompt = fallback ?? fallbacks[slug];
    if (!prompt) throw error;
    stats.fallbacks++;
    return { source: "fallback", slug, prompt, error };
  }

  /**
   * fromSlot answers from slot with the version subject gets: the release's candidate when
   * its bucket is on it (assign.js, as the server assigns), else the current version.
   * @param {string} slug
   * @param {Slot} slot
   * @param {string | undefined} subject
   * @param {"cache" | "network" | "stale"} source
   * @param {ResolverError} [error]
   * @returns {ResolveResult}
   */
  function fromSlot(slug, slot, subject, source, error) {
    const r = slot.release;
    const onCandidate = r && subject !== undefined && variant(r.salt, subject, r.percent) === "candidate";
    const prompt = /** @type {ResolvedPrompt} */ (onCandidate ? r.candidate : slot.prompt);
    return { source, slug, prompt, etag: slot.etag, fetchedAt: new Date(slot.fetchedAt), error };
  }

  /**
   * @param {string} slug
   * @param {ResolveOptions} [opts]
   * @returns {Promise<ResolveResult>}
   */
  async function resolve(slug, opts = {}) {
    const { subject } = opts;
    if (closing.signal.aborted) throw new ResolverError("CLOSED", "the resolver is closed");
    // What the server refuses before it looks the prompt up, the resolver refuses before the
    // cache is asked.
    const refused = requestRefusal({ slug, subject });
    if (refused) throw refused;
    let slot = slots.get(slug);
    if (slot?.prompt && fresh(slot)) {
      stats.hits++;
      return fromSlot(slug, slot, subject, "cache");
    }
    stats.misses++;
    if (revoked) return fallbackOr(slug, opts.fallback, revoked);
    if (!slot) {
      slot = { fetchedAt: 0, read: 0, want: 1, have: 0, startedAt: 0, failedAt: 0 };
      slots.set(slug, slot);
    } else if (slot.prompt && !slot.running && Date.now() - slot.failedAt < RETRY_MS) {
      // It just failed: answer from the cache rather than ask a server that is down again.
      stats.staleServed++;
      return fromSlot(slug, slot, subject, "stale", new ResolverError("UNAVAILABLE", "the server was unreachable less than a second ago"));
    } else if (!slot.running && slot.have >= slot.want) {
      slot.want++; // old, or the feed is down: ask again
    }
    const cached = slot;
    const pending = refresh(slug, slot);
    if (!cached.prompt) {
      try {
        await pending;
        return fromSlot(slug, cached, subject, "network");
      } catch (err) {
        const e = /** @type {ResolverError} */ (err);
        if (slots.get(slug) === cached && !cached.prompt) slots.delete(slug);
        if (e.code === "UNAVAILABLE" || e.code === "REVOKED") return fallbackOr(slug, opts.fallback, e);
        throw e;
      }
    }
    // Stale-while-revalidate: wait a little for the server, then answer from the cache.
    pending.catch(() => {});
    const waited = Date.now() - cached.startedAt;
    /** @type {ReturnType<typeof setTimeout> | undefined} */
    let timer;
    const slow = new Promise((ok) => { timer = setTimeout(ok, Math.max(0, staleAfterMs - waited), "slow"); });
    try {
      const outcome = await Promise.race([pending.then(() => "done"), slow]);
      if (outcome === "done") return fromSlot(slug, cached, subject, "network");
      stats.staleServed++;
      return fromSlot(slug, cached, subject, "stale");
    } catch (err) {
      const e = /** @type {ResolverError} */ (err);
      if (e.code !== "UNAVAILABLE") {
        if (e.code === "REVOKED") return fallbackOr(slug, opts.fallback, e);
        throw e;
      }
      stats.staleServed++;
      return fromSlot(slug, cached, subject, "stale", e);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * render resolves slug as resolve does (from the cache without a request, from the
   * server, from the cache marked stale, or the fallback) and fills its templates in locally
   * with the server's rules (render.js), as the Python SDK does. A pinned version, and what
   * only the server can render of a version it answered (a variables schema of a draft not
   * checked locally), are rendered by the server.
   * @param {string} slug
   * @param {Record<string, unknown>} [variables]
   * @param {RenderOptions} [opts]
   * @returns {Promise<RenderResult>}
   */
  async function render(slug, variables = {}, opts = {}) {
    // What the server refuses before it looks the prompt up (the slug, the subject, the body
    // the spec refuses) is refused before the cache, the server or a fallback is asked.
    const refused = requestRefusal({ slug, subject: opts.subject, variables, format: opts.format });
    if (refused) throw refused;
    if (opts.version !== undefined) return renderByServer(slug, variables, opts);
    const r = await resolve(slug, { fallback: opts.fallback, subject: opts.subject });
    const how = { format: opts.format, renderLimit };
    if (r.source === "fallback") {
      return { source: "fallback", slug, rendered: renderFallback(slug, r.prompt, variables, how), error: r.error };
    }
    const version = /** @type {{ partials: SnapshotPartial[], prepared?: PreparedPrompt }} */ (versions.get(r.prompt));
    try {
      version.prepared ??= new PreparedPrompt(r.prompt, version.partials);
      const rendered = { ...version.prepared.render(variables, how), prompt: r.prompt };
      if (r.source === "stale") return { source: "stale", slug, rendered, error: r.error };
      return { source: r.source, slug, rendered: /** @type {RenderedPrompt & { prompt: ResolvedPrompt }} */ (rendered) }; // a version: its ids are set
    } catch (err) {
      if (!(err instanceof ResolverError) || err.code !== "RENDER_UNAVAILABLE" || r.source === "stale") throw err;
      return renderByServer(slug, variables, opts);
    }
  }

  /**
   * renderByServer asks the server to render (POST …/render); with the server unreachable
   * or the key refused it renders the fallback, when there is one.
   * @param {string} slug
   * @param {Record<string, unknown>} variables
   * @param {RenderOptions} opts
   * @returns {Promise<RenderResult>}
   */
  async function renderByServer(slug, variables, opts) {
    if (closing.signal.aborted) throw new ResolverError("CLOSED", "the resolver is closed");
    let error = revoked;
    if (!error) {
      let res;
      try {
        res = await client.POST("/api/v1/prompts/{slug}/render", {
          params: { path: { slug }, query: { subject: opts.subject } },
          body: { variables: /** @type {any} */ (variables), format: opts.format, version: opts.version },
          signal: signal(),
        });
      } catch (err) {
        res = undefined;
        error = unavailable(err);
      }
      if (res?.data) return { source: "network", slug, rendered: res.data.data };
      if (res) error = classify(res.response.status, res.error);
      const e = /** @type {ResolverError} */ (error);
      if (e.code === "REVOKED") revoke(e);
      if (e.code !== "UNAVAILABLE" && e.code !== "REVOKED") throw e;
    }
    const cause = /** @type {ResolverError} */ (error);
    const fallback = opts.fallback ?? fallbacks[slug];
    if (!fallback) throw cause;
    const rendered = renderFallback(slug, fallback, variables, { format: opts.format, renderLimit });
    stats.fallbacks++;
    return { source: "fallback", slug, rendered, error: cause };
  }

  // ---- the feed ----

  /** @type {WebSocketLike | undefined} */
  let socket;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let retryTimer;
  let attempt = 0;
  let connectedBefore = false;
  /** @type {(() => void) | undefined} */
  let socketClosed;

  /**
   * onEvent refetches what an event changed. A release's event names all its prompts
   * (`slugs`): they are read again together and swapped in at once, and the deployment
   * events the release made (with a `releaseId`: its deployments', and its partials'
   * includers' `prompt.dependency_changed`) are left to it, so that no answer sees a
   * release half applied. An undeployed prompt leaves the cache.
   * @param {unknown} event
   */
  function onEvent(event) {
    stats.events++;
    const ev = /** @type {{ type?: string, data?: Record<string, unknown> }} */ (event);
    const data = ev.data ?? {};
    const type = ev.type ?? "";
    if (typeof data.environment === "string" && environment && data.environment !== environment) return;
    if (type.startsWith("release.") && Array.isArray(data.slugs)) {
      revalidateTogether(withIncluders(data.slugs.filter((s) => typeof s === "string")));
      return;
    }
    if (data.releaseId != null) return;
    if (type === "deployment.undeployed" && typeof data.slug === "string") {
      slots.delete(data.slug); // a fetch under way stores into a slot no longer in the map
      return;
    }
    const touched = new Set();
    const id = typeof data.promptId === "string" ? data.promptId : ev.type?.startsWith("prompt.") && typeof data.id === "string" ? data.id : undefined;
    if (id) {
      const known = slugs.get(id);
      if (known) touched.add(known); // a renamed prompt: its old slug is stale too
      if (typeof data.slug === "string") slugs.set(id, data.slug);
    }
    if (typeof data.slug === "string") touched.add(data.slug);
    for (const slug of touched) revalidate(slug);
  }

  /**
   * withIncluders adds to slugs the cached prompts that include one of them as a partial
   * (in their current or candidate version): a release that moves a partial changes them.
   * @param {string[]} slugs
   * @returns {string[]}
   */
  function withIncluders(slugs) {
    const moved = new Set(slugs);
    const wanted = new Set(slugs);
    /** @param {ResolvedPrompt | undefined} p */
    const includes = (p) => (p?.partials ?? []).some((x) => moved.has(x.slug));
    for (const [slug, slot] of slots) {
      if (includes(slot.prompt) || includes(slot.release?.candidate)) wanted.add(slug);
    }
    return [...wanted];
  }

  /**
   * revalidateTogether reads the cached ones of slugs again in one snapshot read and swaps
   * them in at once (first fetches under way fetch once more). Until then they answer as
   * before; should the read fail, each is fetched again on its next use.
   * @param {string[]} slugs
   */
  function revalidateTogether(slugs) {
    const cached = [];
    for (const slug of slugs) {
      const slot = slots.get(slug);
      if (slot?.prompt) cached.push(slug);
      else if (slot?.running) slot.want++;
    }
    for (let i = 0; i < cached.length; i += SLUGS_PER_READ) {
      const chunk = cached.slice(i, i + SLUGS_PER_READ);
      fetchSnapshot(chunk, undefined).then((got) => {
        const page = /** @type {NonNullable<typeof got>} */ (got);
        const found = new Map(page.page.prompts.map((e) => [e.prompt.slug, e]));
        for (const slug of chunk) {
          const slot = slots.get(slug);
          if (!slot) continue;
          const entry = found.get(slug);
          if (!entry) slots.delete(slug);
          else store(slug, slot, entry, page.read, undefined); // the set's cursor is not the slug's
          if (slot.want === slot.have) slot.fetchedAt = Date.now();
        }
      }, (/** @type {ResolverError} */ e) => {
        for (const slug of chunk) {
          const slot = slots.get(slug);
          if (slot) slot.want++;
        }
        if (e.code === "REVOKED") revoke(e);
        report(e);
      });
    }
  }

  /** @param {string} slug */
  function revalidate(slug) {
    const slot = slots.get(slug);
    if (!slot) return;
    if (!slot.prompt) {
      // A first fetch under way may have read before the event: it fetches once more.
      if (slot.running) slot.want++;
      return;
    }
    slot.want++;
    refresh(slug, slot).catch((/** @type {ResolverError} */ e) => {
      if (e.code !== "NOT_FOUND") report(e); // a deleted prompt leaves the cache quietly
    });
  }

  function connect() {
    if (revoked || closing.signal.aborted) return;
    stats.feed = "connecting";
    const url = baseUrl.replace(/\/+$/, "").replace(/^http/, "ws") + "/ws";
    /** @type {WebSocketLike} */
    let ws;
    try {
      ws = new (options.WebSocket ?? defaultWebSocket)(url);
    } catch (err) {
      report(err);
      retry();
      return;
    }
    socket = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: "auth", token: apiKey }));
    ws.onerror = () => {}; // a close follows
    ws.onmessage = (/** @type {{ data: unknown }} */ m) => {
      let msg;
      try {
        msg = JSON.parse(String(m.data));
      } catch {
        return;
      }
      if (msg.type === "auth_ok") {
        environment = msg.environment;
        ws.send(JSON.stringify({ type: "subscribe", channel: "prompts" }));
      } else if (msg.type === "subscribed" && msg.channel === "prompts") {
        stats.feed = "live";
        attempt = 0;
        if (connectedBefore) stats.reconnects++;
        connectedBefore = true;
        // Events may have been missed while no socket was subscribed.
        for (const slug of slots.keys()) revalidate(slug);
        markLive();
      } else if (msg.type === "event") {
        onEvent(msg.event);
      } else if (msg.type === "error") {
        report(new Error(`feed: ${msg.message}`));
      }
    };
    ws.onclose = (/** @type {{ code: number, reason: string }} */ ev) => {
      if (socket === ws) socket = undefined;
      socketClosed?.();
      if (revoked || closing.signal.aborted) return;
      stats.feed = "down";
      const reason = String(ev.reason ?? "");
      if (ev.code === 1008 && !/^too many/i.test(reason)) {
        revoke(new ResolverError("REVOKED", `the feed refused the API key: ${reason || "policy violation"}`));
        return;
      }
      retry();
    };
  }

  function retry() {
    const delay = Math.min(reconnectMaxMs, reconnectMinMs * 2 ** attempt++) * (0.5 + Math.random() / 2);
    retryTimer = setTimeout(connect, delay);
  }

  /** @returns {Promise<void>} */
  async function close() {
    if (closing.signal.aborted) return;
    closing.abort();
    refuseReady(new ResolverError("CLOSED", "the resolver was closed before it was ready"));
    clearTimeout(retryTimer);
    stats.feed = "closed";
    const ws = socket;
    if (ws) {
      const closed = new Promise((ok) => { socketClosed = () => ok(undefined); });
      ws.close(1000);
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      await Promise.race([closed, new Promise((ok) => { timer = setTimeout(ok, 1_000); })]);
      clearTimeout(timer);
    }
    slots.clear();
  }

  /** @type {import("./index.js").WebSocketConstructor} */
  let defaultWebSocket;
  const started = (async () => {
    if (!options.WebSocket) defaultWebSocket = /** @type {any} */ ((await import("ws")).WebSocket);
    connect();
  })();
  started.catch(report);
  for (const slug of prefetch) resolve(slug).catch(report);

  /**
   * caughtUp settles once slug's slot has no fetch under way: its prompt is as current as
   * the feed (or it is gone).
   * @param {string} slug
   */
  const caughtUp = async (slug) => {
    for (let slot = slots.get(slug); slot?.running; slot = slots.get(slug)) await slot.running.catch(() => {});
  };
  const ready = Promise.race([
    (async () => {
      await live;
      await Promise.all(prefetch.map(caughtUp));
    })(),
    refused,
  ]);
  ready.catch(() => {}); // a caller of ready() sees the rejection; nobody else must

  return {
    resolve,
    render,
    stats: () => ({ ...stats }),
    /** @param {string} slug */
    peek: (slug) => slots.get(slug)?.prompt,
    ready: () => ready,
    close,
  };
}

/** SLUGS_PER_READ is the most slugs one snapshot read names (the API's bound). */
const SLUGS_PER_READ = 100;

/** RETRY_MS is how long after a failed request a cached slug is answered stale at once. */
const RETRY_MS = 1_000;

/**
 * renderFallback renders a fallback locally, as the version it would make (fallbacks
 * answer while the server is unreachable, seldom enough to be prepared each time).
 * @param {string} slug
 * @param {FallbackPrompt} fallback
 * @param {Record<string, unknown>} variables
 * @param {{ format?: import("./index.js").RenderFormat, renderLimit: number }} how
 */
function renderFallback(slug, fallback, variables, how) {
  return { ...new PreparedPrompt(fallbackVersion(slug, fallback)).render(variables, how), prompt: fallback };
}
