// @ts-check
// A rendered call as the request body of OpenAI Chat Completions, OpenAI Responses or
// Anthropic Messages: the server's mapping (internal/prompt/providers), field for field, so
// that every field that is set reaches the body or is refused with the field named. The
// bodies are what those providers' SDKs take (`client.chat.completions.create(body)`).
import { formatG, quoteGo } from "./gojson.js";
import { isObject } from "./template/render.js";

/** FORMATS are the provider formats, in the server's order. */
export const FORMATS = /** @type {const} */ (["openai-chat", "openai-responses", "anthropic"]);

/**
 * A Call is one rendered call, as the server's providers.Call: the version's settings with
 * its messages rendered. toolChoice is a mode or a function's name; parameters hold
 * modelParameters as the version has them.
 * @typedef {{
 *   model: string, messages: { role: string, content: string }[], temperature: number, maxTokens?: number | null,
 *   parameters: { topP?: number, stop?: string[], presencePenalty?: number, frequencyPenalty?: number, seed?: number, reasoningEffort?: string },
 *   tools: { name: string, description?: string, parameters?: unknown, strict?: boolean }[],
 *   toolChoice?: { mode?: string, function?: string },
 *   responseFormat?: { type: string, jsonSchema?: { name: string, description?: string, schema?: unknown, strict?: boolean } },
 * }} Call
 */

/** @typedef {{ field: string, reason: string }} Unsupported a field of the version a format cannot express */

/** UnsupportedError is a call a format cannot express: problems names every field, in order. */
export class UnsupportedError extends Error {
  /** @param {string} format @param {Unsupported[]} problems */
  constructor(format, problems) {
    super(problems.map((p) => `${format}: ${p.field}: ${p.reason}`).join("\n"));
    this.name = "UnsupportedError";
    this.format = format;
    this.problems = problems;
  }
}

/**
 * modelWarning says, when model is the other vendor's than format's, that the call was
 * rendered for format as written; otherwise it is "". The rule is the name's prefix only.
 * @param {string} format @param {string} model
 */
export function modelWarning(format, model) {
  const vendor = model.startsWith("claude-") ? "an Anthropic model"
    : ["gpt-", "o1", "o3", "o4", "chatgpt-"].some((p) => model.startsWith(p)) ? "an OpenAI model" : "";
  const expected = format === "anthropic" ? "an Anthropic model" : format.startsWith("openai-") ? "an OpenAI model" : "";
  if (!vendor || !expected || vendor === expected) return "";
  return `model ${model} is ${vendor}; rendered for ${format} as written`;
}

/**
 * request returns the body of the request that makes call c in format, one of FORMATS, or
 * throws an UnsupportedError naming every field the format cannot express.
 * @param {string} format @param {Call} c
 * @returns {Record<string, unknown>}
 */
export function request(format, c) {
  const build = { "openai-chat": openAIChat, "openai-responses": openAIResponses, anthropic }[format];
  if (!build) throw new Error(`unknown provider format ${quoteGo(format)} (want one of ${FORMATS.join(", ")})`);
  /** @type {Unsupported[]} */
  const problems = [];
  const add = (/** @type {string} */ field, /** @type {string} */ reason) => problems.push({ field, reason });
  checkCommon(add, c);
  const body = build(add, c);
  if (problems.length > 0) throw new UnsupportedError(format, problems);
  return body;
}

/** @typedef {(field: string, reason: string) => void} Add */

/**
 * checkCommon records what no format accepts: a call without a model or messages, values
 * outside PromptOps' own enumerations, schemas that are not objects, a tool choice naming
 * no tool of the call.
 * @param {Add} add @param {Call} c
 */
function checkCommon(add, c) {
  if (c.model === "") add("/model", "is required");
  if (c.messages.length === 0) add("/messages", "at least one message is required");
  c.messages.forEach((m, i) => {
    if (!["system", "developer", "user", "assistant"].includes(m.role)) {
      add(`/messages/${i}/role`, `unknown role ${quoteGo(m.role)} (want system, developer, user or assistant)`);
    }
  });
  if (c.maxTokens != null && c.maxTokens < 1) add("/maxTokens", `must be at least 1, not ${c.maxTokens}`);
  c.tools.forEach((t, i) => {
    if (t.name === "") add(`/tools/${i}/function/name`, "is required");
    if (t.parameters != null && !isObject(t.parameters)) add(`/tools/${i}/function/parameters`, "must be a JSON Schema object");
  });
  checkToolChoice(add, c);
  checkResponseFormat(add, c.responseFormat);
  for (const name of /** @type {const} */ (["topP", "presencePenalty", "frequencyPenalty"])) {
    const v = c.parameters[name];
    if (v != null && !Number.isFinite(v)) add(`/modelParameters/${name}`, "must be a finite number");
  }
  const effort = c.parameters.reasoningEffort ?? "";
  if (!["", "minimal", "low", "medium", "high"].includes(effort)) {
    add("/modelParameters/reasoningEffort", `unknown effort ${quoteGo(effort)} (want minimal, low, medium or high)`);
  }
}

/** @param {Add} add @param {Call} c */
function checkToolChoice(add, c) {
  const tc = c.toolChoice;
  if (!tc) return;
  const { mode = "", function: fn = "" } = tc;
  if (mode !== "" && fn !== "") add("/toolChoice", "is a mode or a function, not both");
  else if (fn !== "") {
    if (!c.tools.some((t) => t.name === fn)) add("/toolChoice", `names the function ${quoteGo(fn)}, which is not one of the tools`);
  } else if (!["auto", "none", "required"].includes(mode)) {
    add("/toolChoice", `unknown mode ${quoteGo(mode)} (want auto, none, required or a function)`);
  }
}

/** @param {Add} add @param {Call["responseFormat"]} rf */
function checkResponseFormat(add, rf) {
  if (!rf) return;
  if (rf.type === "text" || rf.type === "json_object") {
    if (rf.jsonSchema) add("/responseFormat/jsonSchema", `is only for the json_schema type, not ${rf.type}`);
  } else if (rf.type === "json_schema") {
    if (!rf.jsonSchema) add("/responseFormat/jsonSchema", "is required for the json_schema type");
    else if (rf.jsonSchema.schema != null && !isObject(rf.jsonSchema.schema)) add("/responseFormat/jsonSchema/schema", "must be a JSON Schema object");
  } else {
    add("/responseFormat/type", `unknown type ${quoteGo(rf.type)} (want text, json_object or json_schema)`);
  }
}

/** checkTemperature records a temperature outside the provider's range. @param {Add} add @param {number} t @param {number} max */
function checkTemperature(add, t, max) {
  if (!(t >= 0 && t <= max)) add("/temperature", `must be between 0 and ${formatG(max)} for this provider, not ${formatG(t)}`);
}

/** jsonSchema is the call's JSON schema when its response format is json_schema. @param {Call} c */
const jsonSchema = (c) => (c.responseFormat?.type === "json_schema" ? c.responseFormat.jsonSchema : undefined);

/**
 * omitEmpty drops the fields Go's omitempty drops: absent, null, "" and empty lists.
 * @param {Record<string, unknown>} o
 */
const omitEmpty = (o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v != null && v !== "" && !(Array.isArray(v) && v.length === 0)));

/**
 * The OpenAI Chat Completions body, POST /v1/chat/completions: max_completion_tokens, roles
 * as given, stop as an array of at most 4, no metadata (see internal/prompt/providers).
 * @param {Add} add @param {Call} c
 */
function openAIChat(add, c) {
  checkTemperature(add, c.temperature, 2);
  const p = c.parameters;
  if ((p.stop?.length ?? 0) > 4) add("/modelParameters/stop", `Chat Completions takes up to 4 stop sequences, not ${p.stop?.length}`);
  const s = jsonSchema(c);
  if (s && !s.name) add("/responseFormat/jsonSchema/name", "is required by OpenAI");
  const tc = c.toolChoice;
  return omitEmpty({
    model: c.model,
    messages: c.messages.map(({ role, content }) => ({ role, content })),
    temperature: c.temperature,
    max_completion_tokens: c.maxTokens,
    top_p: p.topP,
    stop: p.stop,
    presence_penalty: p.presencePenalty,
    frequency_penalty: p.frequencyPenalty,
    seed: p.seed,
    reasoning_effort: p.reasoningEffort,
    tools: c.tools.map((t) => ({ type: "function", function: omitEmpty({ name: t.name, description: t.description, parameters: t.parameters, strict: t.strict }) })),
    tool_choice: tc?.function ? { type: "function", function: { name: tc.function } } : tc?.mode,
    response_format: c.responseFormat && {
      type: c.responseFormat.type,
      ...(s && { json_schema: { name: s.name, ...omitEmpty({ description: s.description, schema: s.schema, strict: s.strict }) } }),
    },
  });
}

/**
 * The OpenAI Responses body, POST /v1/responses: every message in input, a tool's
 * parameters and strict always written, no stop, penalties nor seed.
 * @param {Add} add @param {Call} c
 */
function openAIResponses(add, c) {
  checkTemperature(add, c.temperature, 2);
  const p = c.parameters;
  const none = "the Responses API has no such parameter";
  if ((p.stop?.length ?? 0) > 0) add("/modelParameters/stop", none);
  for (const name of /** @type {const} */ (["presencePenalty", "frequencyPenalty", "seed"])) if (p[name] != null) add(`/modelParameters/${name}`, none);
  const s = jsonSchema(c);
  if (s && !s.name) add("/responseFormat/jsonSchema/name", "is required by OpenAI");
  if (s && s.schema == null) add("/responseFormat/jsonSchema/schema", "is required by the Responses API");
  const tc = c.toolChoice;
  return omitEmpty({
    model: c.model,
    input: c.messages.map(({ role, content }) => ({ role, content })),
    temperature: c.temperature,
    top_p: p.topP,
    max_output_tokens: c.maxTokens,
    tools: c.tools.map((t) => ({
      type: "function", name: t.name, ...omitEmpty({ description: t.description }), parameters: t.parameters ?? null, strict: t.strict === true,
    })),
    tool_choice: tc?.function ? { type: "function", name: tc.function } : tc?.mode,
    text: c.responseFormat && {
      format: { type: c.responseFormat.type, ...(s && omitEmpty({ name: s.name, description: s.description, schema: s.schema, strict: s.strict })) },
    },
    reasoning: p.reasoningEffort ? { effort: p.reasoningEffort } : undefined,
  });
}

/**
 * The Anthropic Messages body, POST /v1/messages: max_tokens always (4096 by default), the
 * system and developer messages joined into system, temperature up to 1, structured output
 * as output_config.format (always strict, no description), effort without minimal.
 * @param {Add} add @param {Call} c
 */
function anthropic(add, c) {
  checkTemperature(add, c.temperature, 1);
  checkAnthropic(add, c);
  const p = c.parameters;
  const s = jsonSchema(c);
  const tc = c.toolChoice;
  const system = c.messages.filter((m) => (m.role === "system" || m.role === "developer") && m.content !== "").map((m) => m.content);
  const output = omitEmpty({ effort: p.reasoningEffort, format: s && { type: "json_schema", schema: s.schema } });
  return omitEmpty({
    model: c.model,
    max_tokens: c.maxTokens ?? 4096,
    system: system.join("\n\n"),
    messages: c.messages.filter((m) => m.role !== "system" && m.role !== "developer").map(({ role, content }) => ({ role, content })),
    temperature: c.temperature,
    top_p: p.topP,
    stop_sequences: p.stop,
    tools: c.tools.map((t) => ({
      name: t.name, ...omitEmpty({ description: t.description }), input_schema: t.parameters ?? { type: "object" }, ...omitEmpty({ strict: t.strict }),
    })),
    tool_choice: tc && (tc.function ? { type: "tool", name: tc.function } : { type: tc.mode === "required" ? "any" : tc.mode }),
    output_config: Object.keys(output).length > 0 ? output : undefined,
  });
}

/** checkAnthropic records what Anthropic's Messages API has no place for. @param {Add} add @param {Call} c */
function checkAnthropic(add, c) {
  const p = c.parameters;
  const none = "the Anthropic Messages API has no such parameter";
  for (const name of /** @type {const} */ (["presencePenalty", "frequencyPenalty", "seed"])) if (p[name] != null) add(`/modelParameters/${name}`, none);
  if (p.reasoningEffort === "minimal") add("/modelParameters/reasoningEffort", "Anthropic's effort has no minimal (it takes low, medium or high)");
  if (c.responseFormat?.type === "json_object") add("/responseFormat", "Anthropic has no JSON mode without a schema: use json_schema");
  const s = jsonSchema(c);
  if (s) {
    if (s.schema == null) add("/responseFormat/jsonSchema/schema", "is required by Anthropic");
    if (s.description) add("/responseFormat/jsonSchema/description", "Anthropic's output format has no description");
    if (s.strict === false) add("/responseFormat/jsonSchema/strict", "Anthropic's structured outputs are always strict");
  }
  c.tools.forEach((t, i) => {
    if (isObject(t.parameters) && t.parameters.type !== "object") add(`/tools/${i}/function/parameters`, `Anthropic's input_schema must have "type": "object"`);
  });
  if (c.messages.length > 0 && !c.messages.some((m) => m.role === "user")) add("/messages", "Anthropic needs at least one user message");
}
