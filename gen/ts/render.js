// @ts-check
// A version rendered locally exactly as POST /api/v1/prompts/{slug}/render renders it
// (internal/prompt/rendering): the variables checked (and against the variables schema), all
// messages rendered within one budget with the version's partials, the same warnings, and for
// a provider format the same request body. What the server answers 400 is thrown as a
// ResolverError BAD_REQUEST whose details are the server's (fields, missingVariables, limit).
import { contentHash, contentOfRequest } from "./contenthash.js";
import { ResolverError } from "./errors.js";
import { compareUTF8, quoteGo } from "./gojson.js";
import { FORMATS, modelWarning, request, UnsupportedError } from "./providers.js";
import { compileSchema } from "./schema.js";
import { Budget, MAX_STEPS, Reads, Template, TemplateRenderError, TemplateSyntaxError } from "./template/index.js";

/** @typedef {import("./index.js").ResolvedPrompt} ResolvedPrompt */
/** @typedef {import("./index.js").FallbackPrompt} FallbackPrompt */
/** @typedef {import("./index.js").LocalRendered} LocalRendered */
/** @typedef {import("./index.js").RenderFormat} RenderFormat */
/** @typedef {import("./generated/schema.js").components["schemas"]["SnapshotPartial"]} SnapshotPartial */
/** @typedef {import("./schema.js").FieldProblem} FieldProblem */
/** @typedef {import("./providers.js").Call} Call */

/**
 * A Version is what a local render reads of a version: a resolved prompt, or a fallback
 * made into one (no version, environment or partials).
 * @typedef {Omit<ResolvedPrompt, "versionId" | "versionNumber" | "environment"> & {
 *   versionId: string | null, versionNumber: number | null, environment: ResolvedPrompt["environment"] | null,
 * }} Version
 */

/** DEFAULT_RENDER_LIMIT is the server's render limit unless its operator sets PROMPTOPS_RENDER_LIMIT. */
export const DEFAULT_RENDER_LIMIT = 1 << 20;

/** MAX_STRING_VARIABLE is the most characters a string variable may hold (the API refuses longer). */
export const MAX_STRING_VARIABLE = 65536;

/**
 * PreparedPrompt is a version prepared once for its renders: templates parsed, partials,
 * warnings; its variables schema is compiled at its first render.
 */
export class PreparedPrompt {
  /**
   * @param {Version} prompt the version, as resolve (or the snapshot) gives it
   * @param {SnapshotPartial[]} [partials] the text of every partial it includes, as the snapshot gives it
   */
  constructor(prompt, partials = []) {
    this.prompt = prompt;
    this.templates = prompt.messages.map((m, i) => parseOrRefuse(m.content, `/messages/${i}/content`));
    /** @type {Map<string, Template>} */
    this.included = new Map(partials.map((p) => [p.ref, parseOrRefuse(p.template, `/partials/${p.ref}`)]));
    this.reads = new Reads([...this.templates, ...this.included.values()]);
    this.suspects = this.templates.flatMap((t, i) => t.suspects().map((s) => `/messages/${i}/content: ${s}`));
    /** @type {((values: Record<string, unknown>) => FieldProblem[]) | undefined} */
    this.schemaCheck = undefined;
  }

  /**
   * render fills the templates in from variables as the server's render does, in format
   * (messages, or a provider's request body), within renderLimit bytes and MAX_STEPS steps.
   * @param {Record<string, unknown>} [variables]
   * @param {{ format?: RenderFormat, renderLimit?: number }} [opts]
   * @returns {LocalRendered}
   */
  render(variables = {}, { format = "messages", renderLimit = DEFAULT_RENDER_LIMIT } = {}) {
    // What the server renders is what it is sent: the variables as JSON. Their text is
    // checked first, as the server checks a body's before anything else.
    const values = JSON.parse(JSON.stringify(variables));
    const refused = textProblem(values, "/variables");
    if (refused) throw badRequest([refused]);
    const unknown = formatProblems(format);
    if (unknown.length > 0) throw badRequest(unknown);
    const problems = this.checkVariables(values);
    if (problems.length > 0) throw badRequest(problems);
    const { contents, missing, asJSON } = this.fill(values, renderLimit);
    if (missing.length > 0) {
      throw badRequest(missing.map((name) => ({ field: `/variables/${name}`, problem: "is required by the template" })), { missingVariables: missing });
    }
    const unused = this.reads.unused(values).map((k) => `variable ${quoteGo(k)} is not used by the templates`);
    const warnings = [...unused, ...asJSON, ...this.suspects];
    if (format === "messages") return this.rendered(contents, warnings, format);
    const warning = modelWarning(format, this.prompt.model);
    if (warning) warnings.push(warning);
    const data = this.rendered(contents, warnings, format);
    try {
      data.request = request(format, this.call(data.messages));
    } catch (err) {
      if (!(err instanceof UnsupportedError)) throw err;
      throw badRequest(err.problems.map((p) => ({ field: p.field, problem: `cannot be expressed in the ${format} format: ${p.reason}` })));
    }
    return data;
  }

  /**
   * checkVariables finds what the API refuses in values: text no string may hold (a NUL, a
   * lone surrogate: the first such string, alone, as the server refuses it), then what the
   * spec refuses (valueProblems), then what the variables schema refuses.
   * @param {Record<string, unknown>} values
   * @returns {FieldProblem[]}
   */
  checkVariables(values) {
    const refused = textProblem(values, "/variables");
    if (refused) return [refused];
    const problems = valueProblems(values);
    const schema = this.prompt.variablesSchema;
    if (problems.length > 0 || schema === null || schema === undefined) return problems;
    if (!this.schemaCheck) {
      try {
        this.schemaCheck = compileSchema(schema);
      } catch (err) {
        throw new ResolverError("RENDER_UNAVAILABLE", `cannot check the variables schema locally: ${err instanceof Error ? err.message : err}`, { cause: err });
      }
    }
    return this.schemaCheck(values);
  }

  /**
   * fill renders every message within one budget: the contents, every name missing from
   * any, and the warnings about the variables written as JSON.
   * @param {Record<string, unknown>} values @param {number} limit
   */
  fill(values, limit) {
    const budget = new Budget(limit);
    /** @type {Set<string>} */
    const missing = new Set();
    /** @type {Map<string, string>} */
    const asJSON = new Map();
    const wroteJSON = (/** @type {string} */ name, /** @type {unknown} */ v) => {
      if (!asJSON.has(name)) asJSON.set(name, `variable ${quoteGo(name)} is rendered from ${Array.isArray(v) ? "a list" : "an object"} as JSON`);
    };
    const include = (/** @type {import("./template/index.js").PartialRef} */ ref) => {
      const t = this.included.get(ref.toString());
      if (!t) throw new Error(`partial ${ref} was not resolved`);
      return t;
    };
    const contents = this.templates.map((t, i) => {
      try {
        const { text, missing: miss } = t.render(values, { budget, include, wroteJSON });
        miss.forEach((name) => missing.add(name));
        return text;
      } catch (err) {
        throw renderRefusal(err, i, limit);
      }
    });
    return { contents, missing: [...missing], asJSON: [...asJSON.values()] };
  }

  /**
   * rendered is a render's data: the version's call with its rendered contents.
   * @param {string[]} contents @param {string[]} warnings @param {RenderFormat} format
   * @returns {LocalRendered}
   */
  rendered(contents, warnings, format) {
    const d = this.prompt;
    return {
      environment: d.environment,
      format,
      maxTokens: d.maxTokens ?? null,
      messages: d.messages.map((m, i) => ({ content: contents[i], role: m.role })),
      metadata: d.metadata ?? {},
      model: d.model,
      modelParameters: d.modelParameters ?? {},
      provider: d.provider ?? null,
      release: d.release ?? null,
      responseFormat: d.responseFormat ?? null,
      slug: d.slug,
      temperature: d.temperature,
      ...(d.toolChoice != null && { toolChoice: d.toolChoice }),
      tools: d.tools ?? [],
      versionId: d.versionId,
      versionNumber: d.versionNumber,
      warnings,
    };
  }

  /**
   * call is the rendered version as the providers' mapping takes it.
   * @param {{ role: string, content: string }[]} messages
   * @returns {Call}
   */
  call(messages) {
    const d = this.prompt;
    const p = d.modelParameters ?? {};
    const tc = d.toolChoice;
    const rf = d.responseFormat;
    const s = rf?.jsonSchema;
    return {
      model: d.model, messages, temperature: d.temperature, maxTokens: d.maxTokens,
      parameters: { topP: p.topP, stop: p.stop, presencePenalty: p.presencePenalty, frequencyPenalty: p.frequencyPenalty, seed: p.seed, reasoningEffort: p.reasoningEffort },
      tools: (d.tools ?? []).map(({ function: f }) => ({ name: f.name, description: f.description ?? "", parameters: f.parameters, strict: f.strict })),
      toolChoice: tc == null ? undefined : typeof tc === "string" ? { mode: tc } : { function: tc.function?.name ?? "" },
      responseFormat: rf ? { type: rf.type, jsonSchema: s && { name: s.name, description: s.description ?? "", schema: s.schema, strict: s.strict } } : undefined,
    };
  }
}

/**
 * fallbackVersion is a caller's fallback (a version body, as POST …/versions takes it) as a
 * version: the server's defaults applied, no version, environment or partials.
 * @param {string} slug @param {FallbackPrompt} fallback
 * @returns {Version}
 */
export function fallbackVersion(slug, fallback) {
  // The content is the version's fields as the server would store them.
  const content = contentOfRequest(/** @type {any} */ (fallback));
  const messages = /** @type {Version["messages"]} */ (content.messages);
  return /** @type {Version} */ ({
    ...fallback, ...content,
    slug, versionId: null, versionNumber: null, environment: null,
    systemPrompt: messages.find((m) => m.role === "system")?.content ?? "",
    userTemplate: messages.find((m) => m.role === "user")?.content ?? "",
    variables: [], partials: [], contentHash: contentHash(/** @type {any} */ (fallback)),
  });
}

/**
 * renderMessages fills the templates of a prompt's messages in locally, with the server's
 * rules: a resolved version, or a fallback. A variable missing (or refused by the variables
 * schema) is BAD_REQUEST; a partial, whose text a resolved version does not carry, is
 * RENDER_UNAVAILABLE (the resolver's render has the partials' text).
 * @param {ResolvedPrompt | FallbackPrompt} prompt
 * @param {Record<string, unknown>} variables
 */
export function renderMessages(prompt, variables) {
  const version = typeof prompt.versionId === "string" ? /** @type {ResolvedPrompt} */ (prompt) : fallbackVersion(prompt.slug ?? "", prompt);
  return new PreparedPrompt(version).render(variables).messages;
}

/** PROBLEM_TYPE and PROBLEM_NULL_ITEM are the server's words (internal/http/gateway/errors.go). */
const PROBLEM_TYPE = "must be a string, number, boolean, list or object";
const PROBLEM_NULL_ITEM = "must not be null";

/**
 * valueProblems is what the server's spec (VariableValue) refuses in values: a null, a
 * string of more than MAX_STRING_VARIABLE characters (code points, as JSON Schema counts
 * them), a null item of a list (deeper, and in objects, null is a value). Each by its JSON
 * pointer, in the server's order: names by their UTF-8 bytes, a list's items by index.
 * @param {Record<string, unknown>} values
 * @returns {FieldProblem[]}
 */
function valueProblems(values) {
  /** @type {FieldProblem[]} */
  const problems = [];
  for (const name of Object.keys(values).sort(compareUTF8)) {
    const v = values[name];
    const at = `/variables/${name.replaceAll("~", "~0").replaceAll("/", "~1")}`;
    if (v === null) problems.push({ field: at, problem: PROBLEM_TYPE });
    else if (typeof v === "string" && v.length > MAX_STRING_VARIABLE && [...v].length > MAX_STRING_VARIABLE) {
      problems.push({ field: at, problem: `is longer than ${MAX_STRING_VARIABLE} characters` });
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => item === null && problems.push({ field: `${at}/${i}`, problem: PROBLEM_NULL_ITEM }));
    }
  }
  return problems;
}

/** MAX_SUBJECT is the most characters a subject may hold (the API refuses longer). */
export const MAX_SUBJECT = 256;

/** MAX_SLUG and SLUG are the spec's bounds of a slug (the Slug parameter). */
export const MAX_SLUG = 100;
const SLUG = /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/;

/**
 * paramTextProblem is what the server says of a path or query parameter's text: a NUL, or
 * a lone surrogate. No client can encode a lone surrogate as UTF-8 (encodeURIComponent
 * throws): the nearest it could send is its bytes in WTF-8 (\ud800: %ED%A0%80), which the
 * server refuses as not UTF-8. Undefined when there is no such parameter, or it is text.
 * @param {string} field @param {string | undefined} value
 * @returns {FieldProblem | undefined}
 */
function paramTextProblem(field, value) {
  if (value === undefined) return undefined;
  if (value.includes("\0")) return { field, problem: PROBLEM_NUL };
  if (!value.isWellFormed()) return { field, problem: PROBLEM_UTF8 };
  return undefined;
}

/**
 * slugProblems is what the spec refuses in a slug, as the server lists it: empty or longer
 * than MAX_SLUG characters (code points, as JSON Schema counts them), then not of SLUG's form.
 * @param {string} slug
 * @returns {FieldProblem[]}
 */
function slugProblems(slug) {
  /** @type {FieldProblem[]} */
  const problems = [];
  if (slug === "") problems.push({ field: "slug", problem: "minimum string length is 1" });
  if (slug.length > MAX_SLUG && [...slug].length > MAX_SLUG) problems.push({ field: "slug", problem: `is longer than ${MAX_SLUG} characters` });
  if (!SLUG.test(slug)) problems.push({ field: "slug", problem: `string doesn't match the regular expression "${SLUG.source}"` });
  return problems;
}

/**
 * subjectProblems is what the spec refuses in a subject given: empty (refused, not taken for
 * none) or longer than MAX_SUBJECT characters (code points, as JSON Schema counts them).
 * @param {string | undefined} subject
 * @returns {FieldProblem[]}
 */
function subjectProblems(subject) {
  if (subject === "") return [{ field: "subject", problem: "minimum string length is 1" }];
  if (subject !== undefined && subject.length > MAX_SUBJECT && [...subject].length > MAX_SUBJECT) {
    return [{ field: "subject", problem: `is longer than ${MAX_SUBJECT} characters` }];
  }
  return [];
}

/**
 * formatProblems is what the spec refuses in a render's format, in the server's words.
 * @param {string | undefined} format
 * @returns {FieldProblem[]}
 */
function formatProblems(format) {
  if (format === undefined || format === "messages" || FORMATS.includes(/** @type {any} */ (format))) return [];
  const allowed = JSON.stringify(["messages", ...FORMATS]);
  return [{ field: "/format", problem: `value is not one of the allowed values ${allowed}` }];
}

/**
 * A Request is what the resolver is asked: a resolve of slug (for subject), or, with
 * variables or a format, a render.
 * @typedef {{ slug: string, subject?: string, variables?: Record<string, unknown>, format?: string }} Request
 */

/**
 * requestRefusal is the server's 400 for a request, as its gateway checks it before it looks
 * the prompt up: the body's text (textProblem), then the path's and query's text (a NUL or
 * a lone surrogate in the slug or the subject, together), then the spec's problems together:
 * the slug's, the subject's, the body's (slugProblems, subjectProblems, formatProblems,
 * valueProblems).
 * Undefined when it lets the request through. The conformance vectors hold the server's
 * answers.
 * @param {Request} request
 * @returns {ResolverError | undefined}
 */
export function requestRefusal({ slug, subject, variables, format }) {
  const values = variables === undefined ? undefined : JSON.parse(JSON.stringify(variables));
  const refused = values === undefined ? undefined : textProblem(values, "/variables");
  if (refused) return badRequest([refused]);
  const text = [paramTextProblem("slug", slug), paramTextProblem("subject", subject)].filter((p) => p !== undefined);
  if (text.length > 0) return badRequest(text);
  const problems = [...slugProblems(slug), ...subjectProblems(subject), ...formatProblems(format), ...(values === undefined ? [] : valueProblems(values))];
  return problems.length > 0 ? badRequest(problems) : undefined;
}

/** PROBLEM_NUL, PROBLEM_UTF8 and PROBLEM_SURROGATE are the server's words (internal/http/gateway/text.go). */
const PROBLEM_NUL = "contains a NUL character (\\u0000), which no text may hold";
const PROBLEM_UTF8 = "is not valid UTF-8";
const PROBLEM_SURROGATE = "contains a lone UTF-16 surrogate escape (such as \\ud800 without its pair), which is no character";

/**
 * textProblem is what the server says of a body holding value at pointer: the first string
 * or member name, in the order of the JSON the SDK sends (JSON.stringify's), that holds a
 * NUL character or a lone surrogate (which JSON.stringify writes as a lone \uD800–\uDFFF
 * escape, refused by the server before it decodes the body), named by its JSON pointer; a
 * name holding one is named with U+FFFD in its place, as the server decodes it. Undefined
 * when there is none. The conformance vectors hold the server's answers.
 * @param {unknown} value @param {string} pointer
 * @returns {FieldProblem | undefined}
 */
export function textProblem(value, pointer) {
  if (typeof value === "string") {
    const problem = stringProblem(value);
    return problem ? { field: pointer, problem } : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = textProblem(value[i], `${pointer}/${i}`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== "object") return undefined;
  for (const [name, v] of Object.entries(value)) {
    const at = `${pointer}/${name.toWellFormed().replaceAll("~", "~0").replaceAll("/", "~1")}`;
    const problem = stringProblem(name);
    if (problem) return { field: at, problem };
    const found = textProblem(v, at);
    if (found) return found;
  }
  return undefined;
}

/** @param {string} s */
function stringProblem(s) {
  if (s.includes("\0")) return PROBLEM_NUL;
  if (!s.isWellFormed()) return PROBLEM_SURROGATE;
  return undefined;
}

/**
 * badRequest is the server's 400 for problems as the resolver makes it of the server's
 * answer: its status, message and details, so that a local refusal reads as the server's.
 * @param {FieldProblem[]} problems @param {{ missingVariables?: string[], limit?: number }} [details]
 */
function badRequest(problems, details = {}) {
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : "";
  const message = `The request is not valid: ${problems[0].field}: ${problems[0].problem}${more}`;
  return new ResolverError("BAD_REQUEST", message, { status: 400, details: { ...details, fields: problems } });
}

/**
 * renderRefusal is the answer to a render of message i that failed: the server's 400 past
 * the budget, RENDER_UNAVAILABLE for what only the server can render (a partial whose text
 * is not here).
 * @param {unknown} err @param {number} i @param {number} limit
 */
function renderRefusal(err, i, limit) {
  if (!(err instanceof TemplateRenderError)) return err;
  if (err.kind === "tooLarge") {
    return badRequest([{ field: "/variables", problem: `would render the prompt into more than the render limit of ${limit} bytes` }], { limit });
  }
  if (err.kind === "tooMuchWork") {
    return badRequest([{
      field: "/variables",
      problem: `would take more than the render budget of ${MAX_STEPS} steps (all messages and partials together: every text, placeholder, section item, partial and lookup is a step)`,
    }], { limit: MAX_STEPS });
  }
  return new ResolverError("RENDER_UNAVAILABLE", `cannot render message ${i} locally: ${err.message}`, { cause: err });
}

/**
 * parseOrRefuse parses a template of a version, or throws the server's 400 for it.
 * @param {string} src @param {string} field
 */
function parseOrRefuse(src, field) {
  try {
    return new Template(src);
  } catch (err) {
    if (!(err instanceof TemplateSyntaxError)) throw err;
    throw badRequest([{ field, problem: err.message }]);
  }
}
