// @ts-check
// Parsing: tags, sections, partial references, and the errors with their positions, as the
// server parses them (internal/prompt/template/parse.go). Positions are the server's: byte
// offsets in UTF-8, lines and columns from 1 in characters (code points).

/** TemplateSyntaxError is a malformed tag, or a section closed wrongly or never. */
export class TemplateSyntaxError extends Error {
  /**
   * @param {number} offset the byte offset (in UTF-8) of the offending `{{`
   * @param {number} line from 1
   * @param {number} column from 1, in characters
   * @param {string} problem
   */
  constructor(offset, line, column, problem) {
    super(`line ${line}, column ${column}: ${problem}`);
    this.name = "TemplateSyntaxError";
    this.offset = offset;
    this.line = line;
    this.column = column;
    this.problem = problem;
  }
}

/** PartialRef is a reference to another template: `{{> slug}}`, or `{{> slug@3}}` when pinned. */
export class PartialRef {
  /**
   * @param {string} slug
   * @param {number} version the pinned version, or 0 for the one live where it renders
   * @param {{ offset: number, line: number, column: number }} at where its `{{` is
   */
  constructor(slug, version, at) {
    this.slug = slug;
    this.version = version;
    this.offset = at.offset;
    this.line = at.line;
    this.column = at.column;
  }

  /** toString is the reference as templates write it: slug or slug@version. */
  toString() {
    return this.version === 0 ? this.slug : `${this.slug}@${this.version}`;
  }
}

/**
 * A node is one piece of a template: literal text (`start` is where it starts in the
 * source, in UTF-16 units; `bytes` its UTF-8 length), a placeholder or section (`text` is
 * its name), or a partial.
 * @typedef {{ kind: "text", text: string, start: number, bytes: number }
 *   | { kind: "variable", text: string }
 *   | { kind: "section" | "inverted", text: string, body: Node[] }
 *   | { kind: "partial", ref: PartialRef }} Node
 */

/**
 * An openSection is a section whose closing tag is still to come.
 * @typedef {{ kind: "section" | "inverted", name: string, tag: string, start: number, outer: Node[] }} OpenSection
 */

/**
 * parse parses src into its nodes, the names it takes and the partials it includes.
 * @param {string} src
 * @returns {{ nodes: Node[], names: string[], partials: PartialRef[] }}
 */
export function parse(src) {
  const p = new Parser(src);
  p.parse();
  return { nodes: p.nodes, names: p.names, partials: p.partials };
}

/** Parser is the state of one parse. */
class Parser {
  /** @param {string} src */
  constructor(src) {
    this.src = src;
    this.pos = new Positions(src);
    /** @type {Node[]} of the innermost open section, or of the template */
    this.nodes = [];
    /** @type {OpenSection[]} innermost last */
    this.open = [];
    /** @type {string[]} */
    this.names = [];
    /** @type {Set<string>} */
    this.seen = new Set();
    /** @type {PartialRef[]} */
    this.partials = [];
    /** @type {Set<string>} */
    this.refs = new Set();
    /** items counts the open {{#}} sections: names in them are relative to their items. */
    this.items = 0;
  }

  parse() {
    const src = this.src;
    let literal = 0; // start of the literal text not yet emitted
    for (let i = 0; i < src.length;) {
      let open = src.indexOf("{{", i);
      if (open < 0) break;
      while (src[open + 2] === "{") open++; // the tag opens at the last two braces of a run
      const end = src.indexOf("}}", open + 2);
      if (end < 0) throw syntaxError(src, open, "{{ is never closed with }}");
      const inner = src.slice(open + 2, end);
      const after = end + 2;
      let tag = trimSpaces(inner);
      let sigil = "";
      if (tag !== "" && "#^/>".includes(tag[0])) {
        sigil = tag[0];
        tag = trimSpaces(tag.slice(1));
      }
      let [textEnd, next] = [open, after];
      if (sigil === "#" || sigil === "^" || sigil === "/") [textEnd, next] = standalone(src, open, after);
      if (textEnd > literal) this.text(literal, textEnd);
      this.tag(sigil, tag, inner, open);
      i = literal = next;
    }
    if (literal < src.length) this.text(literal, src.length);
    const last = this.open.at(-1);
    if (last) throw syntaxError(src, last.start, `{{${last.tag}}} is never closed with {{/${last.name}}}`);
  }

  /** @param {number} start @param {number} end */
  text(start, end) {
    const text = this.src.slice(start, end);
    this.nodes.push({ kind: "text", text, start, bytes: Buffer.byteLength(text) });
  }

  /**
   * tag adds the tag at start: sigil is its first character if that is #, ^, / or >, tag the
   * rest without spaces around, inner all of it as written.
   * @param {string} sigil @param {string} tag @param {string} inner @param {number} start
   */
  tag(sigil, tag, inner, start) {
    switch (sigil) {
      case "":
        if (!validName(tag)) throw syntaxError(this.src, start, `{{${inner}}} does not enclose a variable name (letters, digits, _ and .)`);
        this.use(tag);
        this.nodes.push({ kind: "variable", text: tag });
        return;
      case "#":
      case "^":
        if (!validName(tag)) throw syntaxError(this.src, start, `{{${inner}}} does not enclose a section name (letters, digits, _ and .)`);
        this.use(tag);
        if (sigil === "#") this.items++;
        this.open.push({ kind: sigil === "#" ? "section" : "inverted", name: tag, tag: inner, start, outer: this.nodes });
        this.nodes = [];
        return;
      case "/":
        this.close(tag, inner, start);
        return;
      default:
        this.partial(tag, inner, start);
    }
  }

  /** @param {string} tag @param {string} inner @param {number} start */
  close(tag, inner, start) {
    if (!validName(tag)) throw syntaxError(this.src, start, `{{${inner}}} does not enclose the name of the section it closes`);
    const s = this.open.at(-1);
    if (!s) throw syntaxError(this.src, start, `{{${inner}}} closes a section, but none is open`);
    if (s.name !== tag) {
      const { line, column } = this.pos.at(s.start);
      throw syntaxError(this.src, start, `{{${inner}}} closes a section, but the one open is {{${s.tag}}} (line ${line}, column ${column})`);
    }
    this.open.pop();
    if (s.kind === "section") this.items--;
    s.outer.push({ kind: s.kind, text: s.name, body: this.nodes });
    this.nodes = s.outer;
  }

  /** @param {string} tag @param {string} inner @param {number} start */
  partial(tag, inner, start) {
    const ref = parseRef(tag, this.pos.at(start));
    if (!ref) {
      throw syntaxError(this.src, start, `{{${inner}}} does not enclose a partial reference (a slug of a-z, 0-9, ., _ and -, then @version if pinned)`);
    }
    const key = ref.toString();
    if (!this.refs.has(key)) {
      this.refs.add(key);
      this.partials.push(ref);
    }
    this.nodes.push({ kind: "partial", ref });
  }

  /**
   * use lists a name of a placeholder or a section among the variables unless it is
   * relative to the items of a section, or the context itself.
   * @param {string} name
   */
  use(name) {
    if (this.items === 0 && name !== "." && !this.seen.has(name)) {
      this.seen.add(name);
      this.names.push(name);
    }
  }
}

/**
 * standalone applies Mustache's rule for section tags alone on their line, from start to
 * after: when only spaces and tabs share the line, the line is removed, the tag with it.
 * It returns where the text before the tag ends and where the text after it starts.
 * @param {string} src @param {number} start @param {number} after
 * @returns {[number, number]}
 */
function standalone(src, start, after) {
  let lineStart = start;
  while (lineStart > 0 && (src[lineStart - 1] === " " || src[lineStart - 1] === "\t")) lineStart--;
  if (lineStart > 0 && src[lineStart - 1] !== "\n") return [start, after];
  let rest = after;
  while (src[rest] === " " || src[rest] === "\t") rest++;
  if (rest === src.length) return [lineStart, src.length];
  if (src[rest] === "\n") return [lineStart, rest + 1];
  if (src.startsWith("\r\n", rest)) return [lineStart, rest + 2];
  return [start, after];
}

/**
 * parseRef parses slug or slug@version, the version a positive int32 without leading zeros.
 * @param {string} s
 * @param {{ offset: number, line: number, column: number }} at
 */
function parseRef(s, at) {
  const [slug, version, ...more] = s.split("@");
  if (!validSlug(slug) || more.length > 0) return undefined;
  if (version === undefined) return new PartialRef(slug, 0, at);
  if (!/^[1-9][0-9]*$/.test(version) || Number(version) > 2 ** 31 - 1) return undefined;
  return new PartialRef(slug, Number(version), at);
}

/**
 * validSlug is the API's rule for prompt slugs: ^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$, at most
 * 100 characters.
 * @param {string} s
 */
const validSlug = (s) => s.length <= 100 && /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/.test(s);

/** @param {string} s */
export const validName = (s) => /^[A-Za-z0-9_.]+$/.test(s);

/** @param {string} s */
const trimSpaces = (s) => s.replace(/^ +| +$/g, "");

/** @param {string} src @param {number} start @param {string} problem */
function syntaxError(src, start, problem) {
  const { offset, line, column } = new Positions(src).at(start);
  return new TemplateSyntaxError(offset, line, column, problem);
}

/**
 * Positions finds the byte offsets, lines and columns of places in a text (given as UTF-16
 * indices), moving on from the last one so that a parse counts its text once.
 */
export class Positions {
  /** @param {string} src */
  constructor(src) {
    this.src = src;
    this.index = 0;
    this.offset = 0;
    this.line = 1;
    this.column = 1;
  }

  /**
   * at returns the byte offset, line and column (from 1, in characters) of index.
   * @param {number} index
   */
  at(index) {
    if (index < this.index) Object.assign(this, { index: 0, offset: 0, line: 1, column: 1 });
    let passed = this.src.slice(this.index, index);
    this.offset += Buffer.byteLength(passed);
    const nl = passed.lastIndexOf("\n");
    if (nl >= 0) {
      this.line += passed.split("\n").length - 1;
      this.column = 1;
      passed = passed.slice(nl + 1);
    }
    this.column += codePoints(passed);
    this.index = index;
    return { offset: this.offset, line: this.line, column: this.column };
  }
}

/**
 * codePoints counts the characters of s as Go counts runes: a surrogate pair is one.
 * @param {string} s
 */
const codePoints = (s) => s.length - (s.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0);
