// @ts-check
import createClient from "openapi-fetch";

/**
 * createPromptOpsClient returns a typed client for a PromptOps server. Every call is
 * `client.GET("/api/v1/prompts/{slug}/resolve", { params: { path: { slug } } })` and so on,
 * with paths, parameters, bodies and responses typed from the server's OpenAPI document.
 *
 * @param {{ baseUrl: string, apiKey?: string, fetch?: typeof globalThis.fetch }} options
 * @returns {import("openapi-fetch").Client<import("./generated/schema.js").paths>}
 */
export function createPromptOpsClient({ baseUrl, apiKey, fetch }) {
  /** @type {import("openapi-fetch").Client<import("./generated/schema.js").paths>} */
  const client = createClient({ baseUrl, fetch });
  if (apiKey) {
    client.use({
      onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${apiKey}`);
        return request;
      },
    });
  }
  return client;
}

/** @typedef {import("./generated/schema.js").components["schemas"]["Snapshot"]} Snapshot */

/** changed marks a snapshot that changed while its pages were read. */
const changed = Symbol("changed");

/**
 * readSnapshot reads the snapshot of the client's key (`GET /api/v1/snapshot`), every page
 * of it, and returns it whole, or `undefined` when `ifNoneMatch` still names it (304). All
 * pages of one snapshot carry its cursor: when it changes while its pages are read (the
 * server answers 409, or a page names another cursor), it is read again from its first
 * page, at most `attempts` times, so that two states are never put together.
 *
 * @param {import("openapi-fetch").Client<import("./generated/schema.js").paths>} client
 * @param {{ slugs?: string[], ifNoneMatch?: string, limit?: number, attempts?: number }} [options]
 * @returns {Promise<Snapshot | undefined>}
 */
export async function readSnapshot(client, { slugs, ifNoneMatch, limit = 100, attempts = 5 } = {}) {
  for (let i = 0; i < attempts; i++) {
    const snapshot = await readSnapshotPages(client, slugs, ifNoneMatch, limit);
    if (snapshot !== changed) return snapshot;
  }
  throw new Error(`the snapshot changed while its pages were read, ${attempts} times in a row`);
}

/**
 * readSnapshotPages reads the pages of one snapshot, or says it changed meanwhile.
 * @param {import("openapi-fetch").Client<import("./generated/schema.js").paths>} client
 * @param {string[] | undefined} slugs
 * @param {string | undefined} ifNoneMatch
 * @param {number} limit
 * @returns {Promise<Snapshot | undefined | typeof changed>}
 */
async function readSnapshotPages(client, slugs, ifNoneMatch, limit) {
  /** @type {Snapshot | undefined} */
  let whole;
  /** @type {string | undefined} */
  let pageToken;
  do {
    const header = !whole && ifNoneMatch ? { "If-None-Match": ifNoneMatch } : {};
    const { data, error, response } = await client.GET("/api/v1/snapshot", { params: { query: { slug: slugs, limit, pageToken }, header } });
    if (response.status === 304 && !whole) return undefined;
    if (response.status === 409) return changed;
    if (!data) throw new Error(`snapshot: the server answered ${response.status}: ${error?.error?.message ?? ""}`);
    const page = data.data;
    if (!whole) {
      whole = { environment: page.environment, cursor: page.cursor, prompts: [...page.prompts] };
    } else if (page.cursor !== whole.cursor || page.environment !== whole.environment) {
      return changed;
    } else {
      whole.prompts.push(...page.prompts);
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return whole;
}

