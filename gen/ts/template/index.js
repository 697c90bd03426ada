// @ts-check
// PromptOps templates, parsed and rendered exactly as the server does
// (internal/prompt/template): logic-less, after Mustache, with `{{ name }}` placeholders,
// `{{#name}}…{{/name}}` sections (once when truthy, once per item of a list),
// `{{^name}}…{{/name}}` inverted sections and partials `{{> slug}}` / `{{> slug@3}}`.
// Nothing is HTML-escaped; single braces and a lone `}}` are text, so JSON in a prompt stays
// as written. The conformance vectors (gen/conformance/vectors.json) hold this module to the
// server's results, errors, positions and budgets (test/conformance.test.js).
import { compareUTF8 } from "../gojson.js";
import { parse } from "./parse.js";
import { render } from "./render.js";
import { suspects } from "./suspects.js";

export { PartialRef, TemplateSyntaxError } from "./parse.js";
export { Budget, MAX_DEPTH, MAX_STEPS, TemplateRenderError } from "./render.js";
export { Suspect } from "./suspects.js";

/** @typedef {import("./parse.js").Node} Node */
/** @typedef {import("./render.js").RenderOptions} RenderOptions */

/** Template is a parsed template; it is never changed once parsed. */
export class Template {
  /**
   * Parses src; a malformed tag throws a TemplateSyntaxError with its position.
   * @param {string} src
   */
  constructor(src) {
    const parsed = parse(src);
    this.src = src;
    /** @type {Node[]} */
    this.nodes = parsed.nodes;
    /** The names the template takes, each once in order of first use (partials not followed). */
    this.variables = parsed.names;
    /** The partials it includes, each once in order of first use. */
    this.partials = parsed.partials;
  }

  /** suspects lists the text that looks like a placeholder or tag of another syntax, in order. */
  suspects() {
    return suspects(this.src, this.nodes);
  }

  /**
   * render fills the template in from values (JSON values) as the server does: the text and
   * the names found no value for (each once, in order); the text is complete only when there
   * are none. Past the budget, past MAX_DEPTH levels of partials, or for a partial include
   * cannot give, it throws a TemplateRenderError.
   * @param {Record<string, unknown>} values
   * @param {{ budget?: import("./render.js").Budget, include?: (ref: import("./parse.js").PartialRef) => Template, wroteJSON?: (name: string, value: unknown) => void }} [opts]
   */
  render(values, opts = {}) {
    return render(this.nodes, values, opts);
  }
}

/** Reads is what a set of templates reads of the values given to a render, to warn of values unused. */
export class Reads {
  /** @param {Template[]} templates */
  constructor(templates) {
    /** all is whether `{{.}}` outside {{#}} sections writes all values. */
    this.all = false;
    /** @type {Set<string>} every placeholder's and section's name, whole and its first segment */
    this.names = new Set();
    for (const t of templates) this.add(t.nodes, true);
  }

  /** @param {Node[]} nodes @param {boolean} top whether outside {{#}} sections */
  add(nodes, top) {
    for (const n of nodes) {
      if (n.kind !== "variable" && n.kind !== "section" && n.kind !== "inverted") continue;
      this.names.add(n.text).add(n.text.split(".")[0]);
      this.all ||= top && n.text === ".";
      if (n.kind !== "variable") this.add(n.body, top && n.kind === "inverted");
    }
  }

  /**
   * unused lists the keys of values that none of the templates reads, sorted as Go sorts
   * strings: the values a render would ignore.
   * @param {Record<string, unknown>} values
   */
  unused(values) {
    if (this.all) return [];
    return Object.keys(values).filter((k) => !this.names.has(k)).sort(compareUTF8);
  }
}
