// @ts-check
import createClient from "openapi-fetch";

/**
 * createPromptOpsClient returns a typed client for a PromptOps server. Every call is
 * `client.GET("/api/v1/prompts/{slug}/resolve", { params: { path: { slug } } })` and so on,
 * with paths, parameters, bodies and responses typed from the server's OpenAPI document.
 *
 * @param {{ baseUrl: string, apiKey?: string, fetch?: typeof globalThis.fetch }} options
 * @returns {import("openapi-fetch").Client<import("./schema.js").paths>}
 */
export function createPromptOpsClient({ baseUrl, apiKey, fetch }) {
  /** @type {import("openapi-fetch").Client<import("./schema.js").paths>} */
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

export { createResolver, renderMessages, ResolverError } from "./resolver.js";
