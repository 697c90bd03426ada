// @ts-check
// The content hash of a prompt version, as the server computes a version's contentHash
// (internal/prompt/contenthash): what a version created from a request body would hold, the
// server's defaults applied, as JSON with sorted keys, then SHA-256. A prompt file or a
// fallback can so be compared with a version on the server without creating one.
import { createHash } from "node:crypto";

import { stringify } from "./gojson.js";

/** @typedef {import("./generated/schema.js").components["schemas"]["CreateVersionRequest"]} CreateVersionRequest */

/** The defaults of a new version, as the reference gives them. */
export const DEFAULT_MODEL = "gpt-4";
export const DEFAULT_TEMPERATURE = 0.7;

/**
 * contentOfRequest is what a version created from request (a POST …/versions body) holds,
 * in the fields the hash covers: messages (a system prompt and user template are the two
 * messages they make), tools, toolChoice, responseFormat, model, temperature, maxTokens,
 * modelParameters, provider, variablesSchema and metadata; template text in LF line endings.
 * @param {Partial<CreateVersionRequest>} request
 */
export function contentOfRequest(request) {
  const messages = request.messages
    ? request.messages.map((m) => ({ content: lf(m.content ?? ""), role: m.role ?? "" }))
    : [{ content: lf(request.systemPrompt ?? ""), role: "system" }, { content: lf(request.userTemplate ?? ""), role: "user" }];
  return {
    messages,
    tools: (request.tools ?? []).map(tool),
    toolChoice: request.toolChoice ?? null,
    responseFormat: responseFormat(request.responseFormat),
    model: request.model ?? DEFAULT_MODEL,
    temperature: request.temperature ?? DEFAULT_TEMPERATURE,
    maxTokens: request.maxTokens ?? null,
    modelParameters: modelParameters(request.modelParameters ?? {}),
    provider: request.provider ?? null,
    variablesSchema: request.variablesSchema ?? null,
    metadata: request.metadata ?? {},
  };
}

/**
 * contentHash is the contentHash the server gives a version created from request:
 * `sha256:` and 64 hex digits.
 * @param {Partial<CreateVersionRequest>} request
 */
export function contentHash(request) {
  const canonical = stringify(contentOfRequest(request), true); // json.Marshal escapes HTML
  return `sha256:${createHash("sha256").update(canonical, "utf8").digest("hex")}`;
}

/** lf turns CRLF and lone CR into LF, as the server stores template text. @param {string} s */
const lf = (s) => s.replace(/\r\n?/g, "\n");

/** @param {NonNullable<CreateVersionRequest["tools"]>[number]} t */
function tool(t) {
  const { name = "", description, parameters, strict } = t.function ?? {};
  return { function: withoutNulls({ name, description, parameters, strict }), type: t.type ?? "function" };
}

/** @param {CreateVersionRequest["responseFormat"]} rf */
function responseFormat(rf) {
  if (!rf) return null;
  if (!rf.jsonSchema) return { type: rf.type };
  const { name = "", description, schema = null, strict } = rf.jsonSchema;
  return { type: rf.type, jsonSchema: { ...withoutNulls({ name, description, strict }), schema } }; // schema: null, not absent
}

/**
 * modelParameters is p with the fields the server keeps, unset ones left out.
 * @param {NonNullable<CreateVersionRequest["modelParameters"]>} p
 */
function modelParameters({ frequencyPenalty, presencePenalty, reasoningEffort, seed, stop, topP }) {
  return withoutNulls({ frequencyPenalty, presencePenalty, reasoningEffort, seed, stop, topP });
}

/**
 * withoutNulls drops the null and absent fields of o, as Go's omitempty pointers do.
 * @template {object} T @param {T} o @returns {Partial<T>}
 */
const withoutNulls = (o) => /** @type {Partial<T>} */ (Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)));
