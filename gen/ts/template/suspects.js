// @ts-check
// Suspects: the text of a template that looks like a tag of another syntax ({name},
// ${name}, {{{name}}}, {% … %}), found as the server finds it
// (internal/prompt/template/suspects.go), with its positions and hint.
import { quoteGo } from "../gojson.js";
import { Positions, validName } from "./parse.js";

/** @typedef {import("./parse.js").Node} Node */

/** MAX_JINJA_TAG is how long (in bytes) a `{% … %}` may be to be taken for a Jinja tag. */
const MAX_JINJA_TAG = 80;

/** MAX_BRACED is how far (in bytes) `{name}` is looked for its closing brace. */
const MAX_BRACED = 128;

/** Suspect is a span of text that looks like a tag of another template syntax. */
export class Suspect {
  /**
   * @param {string} snippet the span as written
   * @param {{ offset: number, line: number, column: number }} at its byte offset, line and column
   * @param {string} hint what PromptOps writes instead
   */
  constructor(snippet, at, hint) {
    this.snippet = snippet;
    this.offset = at.offset;
    this.line = at.line;
    this.column = at.column;
    this.hint = hint;
  }

  /** toString says where the suspect is, what it looks like and what to write instead. */
  toString() {
    return `line ${this.line}, column ${this.column}: ${quoteGo(this.snippet)} ${this.hint}`;
  }
}

/**
 * suspects lists, in order, the spans of a template's text (outside its tags) that look
 * like a placeholder or a tag of another syntax.
 * @param {string} src @param {Node[]} nodes
 */
export function suspects(src, nodes) {
  const f = new Finder(src);
  f.nodes(nodes);
  return f.found;
}

/** Finder is the state of one suspects. */
class Finder {
  /** @param {string} src */
  constructor(src) {
    this.src = src;
    this.pos = new Positions(src);
    /** @type {Suspect[]} */
    this.found = [];
  }

  /** @param {Node[]} nodes */
  nodes(nodes) {
    nodes.forEach((n, i) => {
      if (n.kind === "text") this.text(n.text, n.start);
      if (n.kind === "variable") this.tripleBraces(nodes, i);
      if (n.kind === "section" || n.kind === "inverted") this.nodes(n.body);
    });
  }

  /**
   * tripleBraces flags `{{{name}}}`: the parser opens the tag at the last two braces, so it
   * is a placeholder between a text ending in `{` and one starting with `}`.
   * @param {Node[]} nodes @param {number} i
   */
  tripleBraces(nodes, i) {
    const before = nodes[i - 1];
    const after = nodes[i + 1];
    const n = nodes[i];
    if (before?.kind !== "text" || after?.kind !== "text" || n.kind !== "variable" || !before.text.endsWith("{") || !after.text.startsWith("}")) return;
    const start = before.start + before.text.length - 1;
    this.add(this.src.slice(start, after.start + 1), start, placeholderHint(n.text));
  }

  /**
   * text flags the suspects in a text of the template that starts at start.
   * @param {string} text @param {number} start
   */
  text(text, start) {
    for (let i = 0; i < text.length; i++) {
      if (text[i] !== "{") continue;
      if (text[i + 1] === "%") {
        const end = jinjaEnd(text, i);
        if (end > 0) {
          this.add(text.slice(i, i + end), start + i, "looks like a tag of another syntax (Jinja); PromptOps sections are {{#name}}…{{/name}}");
          i += end - 1;
        }
        continue;
      }
      const { name, end } = braced(text, i);
      if (end === 0 || text[i - 1] === "{" || text[i + end] === "}") continue; // not a name, or more braces around it than one
      const from = text[i - 1] === "$" ? i - 1 : i;
      this.add(text.slice(from, i + end), start + from, placeholderHint(name));
      i += end - 1;
    }
  }

  /** @param {string} snippet @param {number} index @param {string} hint */
  add(snippet, index, hint) {
    this.found.push(new Suspect(snippet, this.pos.at(index), hint));
  }
}

/**
 * braced reads `{name}` or `{ name }` at text[i]: the name and the length of the span, or
 * end 0 when there is none. A name is ASCII, so MAX_BRACED units are as far as its bytes.
 * @param {string} text @param {number} i
 */
function braced(text, i) {
  const close = text.slice(i, i + MAX_BRACED).indexOf("}");
  if (close < 0) return { name: "", end: 0 };
  const name = text.slice(i + 1, i + close).replace(/^ +| +$/g, "");
  return validName(name) ? { name, end: close + 1 } : { name: "", end: 0 };
}

/**
 * jinjaEnd is the length (in UTF-16 units) of the Jinja tag `{% … %}` at text[i], or 0 when
 * it is not closed on its line within MAX_JINJA_TAG bytes.
 * @param {string} text @param {number} i
 */
function jinjaEnd(text, i) {
  let end = i;
  for (let bytes = 0; end < text.length && text[end] !== "\n"; end++) {
    const c = text.charCodeAt(end);
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xdc00 && c < 0xe000 ? 1 : 3; // a pair's two units make 4
    if (bytes > MAX_JINJA_TAG) break;
  }
  const close = text.slice(i + 2, end).indexOf("%}");
  return close < 0 ? 0 : 2 + close + 2;
}

/** @param {string} name */
const placeholderHint = (name) => `looks like a placeholder of another syntax; PromptOps placeholders are {{ ${name} }}`;
