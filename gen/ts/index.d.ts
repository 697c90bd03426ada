import type { Client } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { paths, components, operations } from "./schema.js";

/** A typed client for a PromptOps server; apiKey is sent as a bearer token. */
export declare function createPromptOpsClient(options: {
  baseUrl: string;
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
}): Client<paths>;
