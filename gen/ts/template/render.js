// @ts-check
// Rendering: the context stack, sections, partials and the budget, counted step for step as
// the server counts them (internal/prompt/template/render.go), so that a render the server
// refuses is refused here with the same error.
import { formatDecimal, stringify } from "../gojson.js";

/** MAX_DEPTH is how many levels of partials a render may go through. */
export const MAX_DEPTH = 5;

/** MAX_STEPS is the steps one render may take, all its templates and partials together. */
export const MAX_STEPS = 1 << 17;

/** FIELD_STEPS is what a field a dotted name walks through costs. */
const FIELD_STEPS = 2;

/**
 * TemplateRenderError is a render the server refuses too: kind is tooLarge or tooMuchWork
 * (past the budget), tooDeep (partials past MAX_DEPTH levels), include (a partial the
 * include function cannot give) or json (a value that is not JSON).
 */
export class TemplateRenderError extends Error {
  /**
   * @param {"tooLarge" | "tooMuchWork" | "tooDeep" | "include" | "json"} kind
   * @param {string} message
   * @param {unknown} [cause]
   */
  constructor(kind, message, cause) {
    super(message, { cause });
    this.name = "TemplateRenderError";
    this.kind = kind;
  }
}

/**
 * Budget is what one render may spend: bytes of text and steps of work, shared by the
 * renders of each of its templates (a version's messages), partials included.
 */
export class Budget {
  /** @param {number} bytes @param {number} [steps] */
  constructor(bytes, steps = MAX_STEPS) {
    this.bytes = bytes;
    this.steps = steps;
    /** What the renders so far wrote and took. */
    this.wrote = 0;
    this.took = 0;
  }
}

/** @typedef {import("./parse.js").Node} Node */
/** @typedef {import("./parse.js").PartialRef} PartialRef */
/** @typedef {{ nodes: Node[] }} Parsed what a partial's template gives the renderer */

/**
 * @typedef {{
 *   budget?: Budget,
 *   include?: (ref: PartialRef) => Parsed,
 *   wroteJSON?: (name: string, value: unknown) => void,
 * }} RenderOptions
 */

/**
 * render fills nodes in from values, JSON values, as the server does: the text and the
 * names found no value for, each once in order.
 * @param {Node[]} nodes
 * @param {Record<string, unknown>} values
 * @param {RenderOptions} opts
 */
export function render(nodes, values, opts) {
  const r = new Renderer(values, opts);
  r.nodes(nodes);
  if (r.steps > r.maxSteps) throw r.tooMuchWork(); // the last lookup's steps, which no step checked
  if (opts.budget) {
    opts.budget.wrote += r.n;
    opts.budget.took += r.steps;
  }
  return { text: r.out.join(""), missing: r.missing };
}

/** Renderer is the state of one render. */
class Renderer {
  /** @param {Record<string, unknown>} values @param {RenderOptions} opts */
  constructor(values, opts) {
    this.values = values;
    this.opts = opts;
    const b = opts.budget;
    this.maxBytes = b ? b.bytes - b.wrote : Infinity;
    this.maxSteps = b ? b.steps - b.took : Infinity;
    /** @type {string[]} */
    this.out = [];
    this.n = 0; // bytes written
    this.steps = 0;
    /** @type {unknown[]} the values of the sections being rendered, innermost last */
    this.stack = [];
    /** @type {string[]} the partials being rendered, outermost first */
    this.chain = [];
    /** @type {Map<string, Parsed>} what include gave */
    this.included = new Map();
    /** @type {string[]} */
    this.missing = [];
    /** @type {Set<string>} */
    this.missed = new Set();
  }

  tooMuchWork() {
    return new TemplateRenderError("tooMuchWork", `template: render takes too many steps: more than the budget of ${this.opts.budget?.steps ?? MAX_STEPS} steps`);
  }

  step() {
    if (++this.steps > this.maxSteps) throw this.tooMuchWork();
  }

  /** @param {string} text @param {number} bytes */
  write(text, bytes) {
    this.n += bytes;
    if (this.n > this.maxBytes) {
      throw new TemplateRenderError("tooLarge", `template: rendered text too large: more than the limit of ${this.opts.budget?.bytes} bytes`);
    }
    this.out.push(text);
  }

  /** @param {Node[]} nodes */
  nodes(nodes) {
    for (const n of nodes) {
      this.step();
      switch (n.kind) {
        case "text":
          this.write(n.text, n.bytes);
          break;
        case "variable":
          this.variable(n.text);
          break;
        case "section":
          this.section(n.text, n.body);
          break;
        case "inverted":
          if (!truthy(this.lookup(n.text).value)) this.nodes(n.body);
          break;
        case "partial":
          this.partial(n.ref);
      }
    }
  }

  /** @param {string} name */
  variable(name) {
    let found = { value: /** @type {unknown} */ (undefined), ok: false };
    if (this.stack.length === 0 && name !== ".") {
      this.steps += name.length >> 6; // hashing a long name
      if (Object.hasOwn(this.values, name)) found = { value: this.values[name], ok: true };
    }
    if (!found.ok) found = this.lookup(name);
    if (!found.ok) {
      if (!this.missed.has(name)) {
        this.missed.add(name);
        this.missing.push(name);
      }
      return;
    }
    const v = found.value;
    if (typeof v === "string") {
      this.write(v, Buffer.byteLength(v));
      return;
    }
    if (this.opts.wroteJSON && v !== null && typeof v === "object") this.opts.wroteJSON(name, v);
    this.value(v);
  }

  /** value writes a value other than a string as a placeholder shows it. @param {unknown} v */
  value(v) {
    if (v === null || v === undefined) return;
    if (typeof v === "boolean") return this.write(String(v), v ? 4 : 5);
    if (typeof v === "number") {
      const text = formatDecimal(v);
      return this.write(text, text.length);
    }
    if (isObject(v) && !hasKeys(v)) return this.write("{}", 2); // not null: `{{.}}` with no values
    let text;
    try {
      text = stringify(v, false); // prompts are text: no HTML escapes
    } catch (err) {
      throw new TemplateRenderError("json", `template: write a value as JSON: ${err instanceof Error ? err.message : err}`, err);
    }
    const bytes = Buffer.byteLength(text);
    this.steps += bytes; // encoding costs about a step per byte
    this.write(text, bytes);
  }

  /**
   * section renders a {{#name}} section: once per item of a list, once with a truthy value
   * on top of the context stack, or not at all.
   * @param {string} name @param {Node[]} body
   */
  section(name, body) {
    const v = this.lookup(name).value;
    if (Array.isArray(v)) {
      for (const item of v) {
        this.step();
        this.within(body, item);
      }
      return;
    }
    if (truthy(v)) this.within(body, v);
  }

  /** @param {Node[]} nodes @param {unknown} v */
  within(nodes, v) {
    this.stack.push(v);
    try {
      this.nodes(nodes);
    } finally {
      this.stack.pop();
    }
  }

  /** partial renders the template ref names in place. @param {PartialRef} ref */
  partial(ref) {
    if (this.chain.length >= MAX_DEPTH) {
      const chain = [...this.chain, ref.toString()].join(" > ");
      throw new TemplateRenderError("tooDeep", `template: partials nested too deep (more than ${MAX_DEPTH} levels): ${chain}`);
    }
    const t = this.lookupPartial(ref);
    this.chain.push(ref.toString());
    try {
      this.nodes(t.nodes);
    } finally {
      this.chain.pop();
    }
  }

  /** lookupPartial returns the template ref names, asking include once per render. @param {PartialRef} ref */
  lookupPartial(ref) {
    const key = ref.toString();
    const known = this.included.get(key);
    if (known) return known;
    let t;
    try {
      if (!this.opts.include) throw new Error("no include function to look partials up");
      t = this.opts.include(ref);
    } catch (err) {
      const where = this.chain.length > 0 ? ` in ${this.chain.join(" > ")}` : "";
      const why = err instanceof Error ? err.message : String(err);
      throw new TemplateRenderError("include", `template: partial ${key} at line ${ref.line}, column ${ref.column}${where}: ${why}`, err);
    }
    this.included.set(key, t);
    return t;
  }

  /**
   * lookup finds name in the context stack: in each value from the innermost out, the value
   * keyed by name itself, else (for a dotted name) the value keyed by its first segment and
   * the fields of it the other segments name. A value that has the first segment decides
   * (Mustache's broken chain). The name `.` is the innermost value.
   * @param {string} name
   * @returns {{ value: unknown, ok: boolean }}
   */
  lookup(name) {
    if (name === ".") return { value: this.stack.length === 0 ? this.values : this.stack.at(-1), ok: true };
    // Each value looked in costs a step, and more for a long name.
    const cost = 1 + (name.length >> 6);
    for (let i = this.stack.length - 1; i >= 0; i--) {
      this.steps += cost;
      const m = this.stack[i];
      if (isObject(m)) {
        const got = this.find(m, name);
        if (got.decided) return got;
      }
    }
    this.steps += cost;
    return this.find(this.values, name);
  }

  /**
   * find looks name up in one value of the context stack; decided is whether the value has
   * the name or its first segment, so that lookup goes no further.
   * @param {Record<string, unknown>} m @param {string} name
   */
  find(m, name) {
    if (Object.hasOwn(m, name)) return { value: m[name], ok: true, decided: true };
    const dot = name.indexOf(".");
    if (dot < 0 || !Object.hasOwn(m, name.slice(0, dot))) return { value: undefined, ok: false, decided: false };
    return { ...this.walk(m[name.slice(0, dot)], name.slice(dot + 1)), decided: true };
  }

  /**
   * walk follows the dotted path of fields from v, a step each; every segment names a
   * field, even an empty one.
   * @param {unknown} v @param {string} path
   * @returns {{ value: unknown, ok: boolean }}
   */
  walk(v, path) {
    for (const field of path.split(".")) {
      this.steps += FIELD_STEPS;
      if (!isObject(v) || !Object.hasOwn(v, field)) return { value: undefined, ok: false };
      v = v[field];
    }
    return { value: v, ok: true };
  }
}

/**
 * truthy is whether a section renders for v: not for a missing value, null, false, "", 0,
 * an empty object or an empty list.
 * @param {unknown} v
 */
export function truthy(v) {
  if (v === null || v === undefined) return false;
  if (typeof v === "string") return v !== "";
  if (typeof v === "number") return v !== 0;
  if (typeof v === "boolean") return v;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return hasKeys(v);
  return true;
}

/**
 * isObject is whether v is a JSON object (not a list).
 * @param {unknown} v
 * @returns {v is Record<string, unknown>}
 */
export const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);

/** @param {object} o */
function hasKeys(o) {
  for (const k in o) if (Object.hasOwn(o, k)) return true;
  return false;
}
