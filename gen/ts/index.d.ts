import type { Client } from "openapi-fetch";
import type { paths } from "./generated/schema.js";

export type { paths, components, operations } from "./generated/schema.js";

/** A typed client for a PromptOps server; apiKey is sent as a bearer token. */
export declare function createPromptOpsClient(options: {
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
}): Client<paths>;

import type { components } from "./generated/schema.js";

/** A snapshot put together from all its pages (`nextPageToken` is never set). */
export type Snapshot = components["schemas"]["Snapshot"];

/**
 * Reads the key's snapshot (`GET /api/v1/snapshot`, of `slugs` when given), every page of
 * it (`limit` prompts a page at most, default 100), and returns it whole; `undefined` when
 * `ifNoneMatch` still names it. A snapshot that changes while its pages are read is read
 * again from its first page, at most `attempts` times (default 5), then it throws.
 */
export declare function readSnapshot(
  client: Client<paths>,
  options?: { slugs?: string[]; ifNoneMatch?: string; limit?: number; attempts?: number },
): Promise<Snapshot | undefined>;

/** The live version of a prompt, as `GET /api/v1/prompts/{slug}/resolve` returns it. */
export type ResolvedPrompt = components["schemas"]["ResolvedPrompt"];
/** The server's render, as `POST /api/v1/prompts/{slug}/render` returns it. */
export type RenderedPrompt = components["schemas"]["RenderedPrompt"];
export type ChatMessage = components["schemas"]["ChatMessage"];

/**
 * A prompt shipped with the application, answered when the server is unreachable (or the
 * key revoked). `messages` defaults to `[system, user]` from the two templates.
 */
export type FallbackPrompt = Pick<ResolvedPrompt, "systemPrompt" | "userTemplate"> & Partial<ResolvedPrompt>;

/** The part of the WHATWG WebSocket the resolver uses; `ws` and Node 22's global both fit. */
export interface WebSocketLike {
  onopen: ((ev: any) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason: string }) => void) | null;
  onerror: ((ev: any) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface ResolverOptions {
  /** The server, e.g. `http://localhost:3001`; the feed is its `/ws`. */
  baseUrl: string;
  /** A key with `prompts:read`; its environment is the one resolved. */
  apiKey: string;
  /** Prompts to answer by slug when the server is unreachable. */
  fallbacks?: Record<string, FallbackPrompt>;
  /** Slugs fetched at once, so that `ready()` means they answer from the cache. */
  prefetch?: string[];
  /** A cached entry older than this is revalidated even with the feed live (default 300000). */
  maxAgeMs?: number;
  /** How long resolve waits for a revalidation before answering from the cache, `stale` (default 100). */
  staleAfterMs?: number;
  /** A request slower than this counts as the server unreachable (default 5000). */
  timeoutMs?: number;
  /** The feed's reconnect backoff: doubles from min to max, with jitter (defaults 100, 5000). */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /**
   * The most bytes a local render may write, all messages together (default 1 MiB, the
   * server's unless its operator set PROMPTOPS_RENDER_LIMIT): set it to the server's.
   */
  renderLimit?: number;
  /** The WebSocket class; default the `ws` package's. */
  WebSocket?: WebSocketConstructor;
  fetch?: typeof globalThis.fetch;
  /** Called when a cached prompt changes (a new version or content), after the cache has it. */
  onUpdate?: (slug: string, prompt: ResolvedPrompt) => void;
  /** Called with background failures: refreshes, the feed, revocation. */
  onError?: (error: Error) => void;
}

export type ResolverErrorCode =
  | "UNAVAILABLE" // no answer, a network error, a timeout, 429 or 5xx
  | "REVOKED" // 401, or the feed closed with 1008: the key is revoked, expired or unknown
  | "NOT_FOUND"
  | "BAD_REQUEST"
  | "HTTP_ERROR"
  | "RENDER_UNAVAILABLE" // offline, and what only the server renders (a partial's text not known, a variables schema of a draft not checked locally)
  | "CLOSED";

export declare class ResolverError extends Error {
  constructor(code: ResolverErrorCode, message: string, extra?: { status?: number; cause?: unknown; details?: unknown });
  code: ResolverErrorCode;
  /** The HTTP status, when there was one; 400 for a `BAD_REQUEST` refused locally too, as the server would. */
  status?: number;
  /**
   * The server's error details (`fields`, `missingVariables`, `limit`); a local render's
   * BAD_REQUEST has the same.
   */
  details?: unknown;
}

/**
 * Where an answer came from: `cache` (no request), `network` (the server answered, 200 or
 * 304), `stale` (from the cache, the server slow or unreachable; `error` says which when it
 * failed) or `fallback` (the caller's prompt; `error` says why). `etag` is the cursor of the
 * slug's snapshot (`GET /api/v1/snapshot?slug=…`), which the resolver fetches: the version
 * with its partials' text.
 */
export type ResolveResult =
  | { source: "cache" | "network" | "stale"; slug: string; prompt: ResolvedPrompt; etag?: string; fetchedAt: Date; error?: ResolverError }
  | { source: "fallback"; slug: string; prompt: FallbackPrompt; error: ResolverError };

export type RenderFormat = RenderedPrompt["format"];

/**
 * What a local render gives: what `POST …/render` answers for the same version and
 * variables, field for field (a fallback has no version: versionId, versionNumber and
 * environment are null).
 */
export type LocalRendered = Omit<RenderedPrompt, "versionId" | "versionNumber" | "environment"> & {
  versionId: string | null;
  versionNumber: number | null;
  environment: RenderedPrompt["environment"] | null;
};

/** A render made by the resolver without the server, with the prompt it rendered. */
export type LocalRender = LocalRendered & { prompt: ResolvedPrompt | FallbackPrompt };

/**
 * What resolve takes besides the slug. `subject` (a user, session or tenant id) picks the
 * version while a rolling release moves the prompt: the resolver assigns it locally with the
 * server's rule (`variant`), so it gets the same version as from the server's resolve, and
 * the prompt's `release` says which (`{id, variant}`; null outside a release). Without a
 * subject: the current version. A subject the server refuses (empty, holding a NUL, longer
 * than 256 characters) is refused so (`BAD_REQUEST`, the server's message and `fields`),
 * before anything else: an empty one is not taken for none. So is one holding a lone
 * surrogate (`"\ud800"`), which no client can encode as UTF-8, as the server refuses its
 * bytes in WTF-8 (`%ED%A0%80`: `subject: is not valid UTF-8`), and a slug the server
 * refuses (not of its form, longer than 100 characters, holding a NUL or a lone
 * surrogate), never answered from the cache or a fallback.
 */
export interface ResolveOptions {
  fallback?: FallbackPrompt;
  subject?: string;
}

export interface RenderOptions {
  /** `messages` (default), or a provider's request body in `request`. */
  format?: RenderFormat;
  /** A version number to render instead of the live one: rendered by the server. */
  version?: number;
  fallback?: FallbackPrompt;
  /**
   * The subject, as for resolve: the version it gets is rendered, and `release` names it. One
   * the server refuses is refused as the server's render refuses it (with the problems of the
   * variables); with `version`, the server is sent it and refuses it, but for a lone
   * surrogate, which cannot be sent and is refused here alike.
   */
  subject?: string;
}

/**
 * Where a render came from, as for resolve: the prompt from the cache, the server, the cache
 * marked stale or the fallback, rendered locally (`rendered.prompt` is the prompt); a pinned
 * version, or what only the server renders, comes from the server (`network`, without
 * `prompt`).
 */
export type RenderResult =
  | { source: "cache" | "network"; slug: string; rendered: RenderedPrompt & { prompt?: ResolvedPrompt }; error?: undefined }
  | { source: "stale"; slug: string; rendered: LocalRender; error?: ResolverError }
  | { source: "fallback"; slug: string; rendered: LocalRender; error: ResolverError };

export interface ResolverStats {
  /** Resolves (a render resolves first) answered from the cache without a request. */
  hits: number;
  /** Resolves (and renders) that made (or joined) a request. */
  misses: number;
  /** Answers from the cache while the server was slow or unreachable (resolve and render). */
  staleServed: number;
  /** Answers from a fallback prompt (resolve and render). */
  fallbacks: number;
  /** Revalidations the server answered 304. */
  notModified: number;
  /** Feed events received. */
  events: number;
  /** Times the feed came back after a drop. */
  reconnects: number;
  feed: "connecting" | "live" | "down" | "revoked" | "closed";
}

export interface Resolver {
  /**
   * The live version of slug (for `subject`, the variant of a rolling release it gets), from
   * the cache, the server, the cache marked stale, or the fallback. A release's event on the
   * feed reads all its prompts again together and swaps them in at once: no answer shows one
   * prompt of a release moved and another not.
   */
  resolve(slug: string, options?: ResolveOptions): Promise<ResolveResult>;
  /**
   * Resolves slug as `resolve` does and renders it locally with the server's rules (the same
   * answer as `POST …/render`, warnings and provider bodies included, with no request when
   * the prompt is cached); a variable missing or refused is `BAD_REQUEST` with the server's
   * details (`fields`, `missingVariables`, `limit`).
   */
  render(slug: string, variables?: Record<string, unknown>, options?: RenderOptions): Promise<RenderResult>;
  stats(): ResolverStats;
  /** The cached prompt of slug, without a request or a count. */
  peek(slug: string): ResolvedPrompt | undefined;
  /**
   * Settles once the feed is live and every `prefetch` slug has been fetched (or found
   * missing) since: from then on, while the feed stays live, those slugs answer from the
   * cache. Before it, a resolve asks the server (`network`) or answers the fallback. Rejects
   * with REVOKED when the key is refused, CLOSED when `close()` comes first; with the server
   * unreachable it waits (race it with a timeout of your own).
   */
  ready(): Promise<void>;
  /** Closes the feed and its timers and aborts requests under way. */
  close(): Promise<void>;
}

/** A resolver: resolve and render with a cache kept fresh by the server's WebSocket feed. */
export declare function createResolver(options: ResolverOptions): Resolver;

/**
 * Renders the messages of a prompt (a resolved version, or a fallback) locally with the
 * server's rules. A variable missing or refused is BAD_REQUEST; a partial, whose text a
 * resolved version does not carry, is RENDER_UNAVAILABLE (PreparedPrompt takes the text).
 */
export declare function renderMessages(prompt: ResolvedPrompt | FallbackPrompt, variables: Record<string, unknown>): ChatMessage[];

/** The server's render limit unless its operator set PROMPTOPS_RENDER_LIMIT: 1 MiB. */
export declare const DEFAULT_RENDER_LIMIT: number;

/** A partial's text, as `GET /api/v1/snapshot` gives it beside a version. */
export type SnapshotPartial = components["schemas"]["SnapshotPartial"];

/**
 * A version prepared once for local renders (templates parsed, partials, warnings; its
 * variables schema compiled at the first render), rendered exactly as the server's render
 * does: the conformance vectors (gen/conformance/vectors.json) hold it to that.
 */
export declare class PreparedPrompt {
  /**
   * `prompt` as resolve or the snapshot gives it (`versionId`, `versionNumber` and
   * `environment` may be null), `partials` the text of each partial it includes (a snapshot
   * entry's `partials`). A template that does not parse throws BAD_REQUEST.
   */
  constructor(prompt: Omit<ResolvedPrompt, "versionId" | "versionNumber" | "environment"> & {
    versionId: string | null;
    versionNumber: number | null;
    environment: ResolvedPrompt["environment"] | null;
  }, partials?: SnapshotPartial[]);
  /**
   * The server's render of these variables, as `messages` or a provider's request body
   * (`request`), within `renderLimit` bytes (default DEFAULT_RENDER_LIMIT) and MAX_STEPS
   * steps. What the server answers 400 throws a ResolverError BAD_REQUEST whose details are
   * the server's: `fields` (each `{field, problem}`), and `missingVariables` or `limit`. The
   * variables are rendered as JSON sends them (JSON.stringify's rules).
   */
  render(variables?: Record<string, unknown>, options?: { format?: RenderFormat; renderLimit?: number }): LocalRendered;
}

/** The content hash the server gives a version created from `request` (a POST …/versions body): `sha256:` and hex. */
export declare function contentHash(request: Partial<components["schemas"]["CreateVersionRequest"]>): string;
/** What a version created from `request` holds, in the fields the content hash covers, the server's defaults applied. */
export declare function contentOfRequest(request: Partial<components["schemas"]["CreateVersionRequest"]>): Record<string, unknown>;

/** How many levels of partials a render may go through. */
export declare const MAX_DEPTH: number;
/** The steps one render may take, all its messages and partials together. */
export declare const MAX_STEPS: number;

/** A malformed tag, or a section closed wrongly or never, where the server says. */
export declare class TemplateSyntaxError extends Error {
  /** The byte offset (in UTF-8) of the offending `{{`. */
  offset: number;
  /** From 1; the column counts characters. */
  line: number;
  column: number;
  problem: string;
}

/**
 * A render the server refuses too: past the budget (tooLarge, tooMuchWork), partials more
 * than MAX_DEPTH levels deep (tooDeep), a partial `include` cannot give, a value not JSON.
 */
export declare class TemplateRenderError extends Error {
  kind: "tooLarge" | "tooMuchWork" | "tooDeep" | "include" | "json";
}

/** What one render may spend, shared by the templates of a version's messages. */
export declare class Budget {
  constructor(bytes: number, steps?: number);
  bytes: number;
  steps: number;
  /** What the renders so far wrote and took. */
  wrote: number;
  took: number;
}

/** A reference to another template: `{{> slug}}`, or `{{> slug@3}}` when pinned (version 0: live). */
export declare class PartialRef {
  slug: string;
  version: number;
  offset: number;
  line: number;
  column: number;
  /** The reference as written: slug or slug@version. */
  toString(): string;
}

/** Text that looks like a tag of another template syntax, where it is and what to write instead. */
export declare class Suspect {
  snippet: string;
  offset: number;
  line: number;
  column: number;
  hint: string;
  /** As the server's warnings write it: `line L, column C: "{name}" looks like …`. */
  toString(): string;
}

/** A template parsed with the server's rules (`{{ name }}`, sections, partials); a syntax error throws TemplateSyntaxError. */
export declare class Template {
  constructor(src: string);
  src: string;
  /** The names it takes, each once in order of first use (partials not followed). */
  variables: string[];
  /** The partials it includes, each once in order of first use. */
  partials: PartialRef[];
  /** Its text that looks like a tag of another syntax, in order. */
  suspects(): Suspect[];
  /**
   * Fills it in from values (JSON values) as the server does: the text, and the names found
   * no value for (the text is complete only when there are none). `include` gives each
   * partial's template; `wroteJSON` hears each placeholder that writes an object or a list.
   */
  render(
    values: Record<string, unknown>,
    options?: { budget?: Budget; include?: (ref: PartialRef) => Template; wroteJSON?: (name: string, value: unknown) => void },
  ): { text: string; missing: string[] };
}

/** Release assignment, as the server assigns (see assign.js). */
export declare const BUCKETS: number;
export declare function bucket(salt: string, subject: string): number;
export declare function threshold(percent: number): number;
export declare function variant(salt: string, subject: string, percent: number): "current" | "candidate";
