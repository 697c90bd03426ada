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
  | "RENDER_UNAVAILABLE" // offline, and the template or format needs the server
  | "CLOSED";

export declare class ResolverError extends Error {
  constructor(code: ResolverErrorCode, message: string, extra?: { status?: number; cause?: unknown; details?: unknown });
  code: ResolverErrorCode;
  /** The HTTP status, when there was one. */
  status?: number;
  /** The server's error details (e.g. `missingVariables`). */
  details?: unknown;
}

/**
 * Where an answer came from: `cache` (no request), `network` (the server answered, 200 or
 * 304), `stale` (from the cache, the server slow or unreachable; `error` says which when it
 * failed) or `fallback` (the caller's prompt; `error` says why).
 */
export type ResolveResult =
  | { source: "cache" | "network" | "stale"; slug: string; prompt: ResolvedPrompt; etag?: string; fetchedAt: Date; error?: ResolverError }
  | { source: "fallback"; slug: string; prompt: FallbackPrompt; error: ResolverError };

/** A render made without the server: the messages of `prompt` with the variables filled in. */
export interface LocalRender {
  slug: string;
  format: "messages";
  messages: ChatMessage[];
  prompt: ResolvedPrompt | FallbackPrompt;
}

export type RenderResult =
  | { source: "network"; slug: string; rendered: RenderedPrompt }
  | { source: "stale" | "fallback"; slug: string; rendered: LocalRender; error: ResolverError };

export interface ResolverStats {
  /** Resolves answered from the cache without a request. */
  hits: number;
  /** Resolves that made (or joined) a request. */
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
  resolve(slug: string, options?: { fallback?: FallbackPrompt }): Promise<ResolveResult>;
  render(
    slug: string,
    variables?: Record<string, unknown>,
    options?: { format?: "messages" | "openai-chat" | "openai-responses" | "anthropic"; version?: number; fallback?: FallbackPrompt },
  ): Promise<RenderResult>;
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

/** Fills `{{ name }}` placeholders of a prompt's messages locally (see RENDER_UNAVAILABLE). */
export declare function renderMessages(prompt: ResolvedPrompt | FallbackPrompt, variables: Record<string, unknown>): ChatMessage[];
