// @ts-check
// Go's text of JSON values, so that what the SDK writes is byte for byte what the server
// writes: the server decodes JSON into Go values (every number a float64) and writes them
// with encoding/json and strconv. The template renderer writes numbers and objects with it,
// the content hash hashes its output, and problems quote names as Go's %q does.

/**
 * formatDecimal is strconv.FormatFloat(v, 'f', -1, 64): the shortest digits that read back
 * as v, never in exponent form (a placeholder's number).
 * @param {number} v
 */
export function formatDecimal(v) {
  if (Object.is(v, -0)) return "-0";
  const text = String(v);
  if (!text.includes("e")) return text; // JavaScript writes 1e-6 ≤ |v| < 1e21 so already
  const { neg, digits, point } = shortest(v);
  if (point <= 0) return `${neg ? "-" : ""}0.${"0".repeat(-point)}${digits}`;
  return `${neg ? "-" : ""}${digits}${"0".repeat(Math.max(0, point - digits.length))}`;
}

/**
 * formatG is fmt's %g of a float64: the shortest digits, in exponent form when the
 * exponent is below -4 or from 6 on (1e+06, 1.5e-05).
 * @param {number} v
 */
export function formatG(v) {
  if (Number.isNaN(v)) return "NaN";
  if (!Number.isFinite(v)) return v > 0 ? "+Inf" : "-Inf";
  if (v === 0) return Object.is(v, -0) ? "-0" : "0";
  const { neg, digits, point } = shortest(v);
  const exp = point - 1;
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${neg ? "-" : ""}${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return formatDecimal(v);
}

/**
 * shortest splits v (not 0) into its shortest digits and the decimal point's place:
 * v = ±0.DIGITS × 10^point, as Go's strconv keeps it.
 * @param {number} v
 */
function shortest(v) {
  const [mantissa, exponent] = Math.abs(v).toExponential().split("e");
  const digits = mantissa.replace(".", "");
  return { neg: v < 0, digits, point: Number(exponent) + 1 };
}

/**
 * stringify is value, a decoded JSON value, as Go's encoding/json writes it: compact,
 * object keys sorted by their UTF-8 bytes, -0 kept, U+2028 and U+2029 escaped, a lone
 * surrogate written as U+FFFD (Go decodes it so) and, with escapeHTML (json.Marshal's
 * default), <, > and & escaped.
 * @param {unknown} value
 * @param {boolean} escapeHTML
 * @returns {string}
 */
export function stringify(value, escapeHTML) {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`JSON has no number ${value}`);
    return Object.is(value, -0) ? "-0" : String(value); // ECMAScript's forms are Go's
  }
  if (typeof value === "string") return quoteJSON(value, escapeHTML);
  if (Array.isArray(value)) return `[${value.map((v) => stringify(v, escapeHTML)).join(",")}]`;
  if (typeof value === "object") {
    const keys = Object.keys(value).sort(compareUTF8);
    const obj = /** @type {Record<string, unknown>} */ (value);
    return `{${keys.map((k) => `${quoteJSON(k, escapeHTML)}:${stringify(obj[k], escapeHTML)}`).join(",")}}`;
  }
  throw new TypeError(`${typeof value} is not a JSON value`);
}

/** @type {Record<string, string>} */
const htmlEscapes = { "<": "\\u003c", ">": "\\u003e", "&": "\\u0026" };

/**
 * quoteJSON is s as a JSON string, as Go writes it.
 * @param {string} s
 * @param {boolean} escapeHTML
 */
function quoteJSON(s, escapeHTML) {
  // JSON.stringify escapes what Go escapes with the same forms (\b, \f, \n, \r, \t, \u00xx
  // in lowercase), except the line separators and, for Go's json.Marshal, HTML.
  const text = JSON.stringify(s.isWellFormed() ? s : s.toWellFormed()).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
  return escapeHTML ? text.replace(/[<>&]/g, (c) => htmlEscapes[c]) : text;
}

/**
 * compareUTF8 orders strings by their UTF-8 bytes, as Go compares strings: the order of
 * code points, which UTF-16's differs from past U+E000.
 * @param {string} a
 * @param {string} b
 */
export function compareUTF8(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) stand for code points past U+FFFF: move them above U+FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** @type {Record<string, string>} */
const quoteEscapes = { "\x07": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v", '"': '\\"', "\\": "\\\\" };

/** printable is Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

/**
 * quoteGo is strconv.Quote(s) (fmt's %q): a Go string literal, printable characters kept.
 * @param {string} s
 */
export function quoteGo(s) {
  let out = '"';
  for (const ch of s.toWellFormed()) {
    const code = /** @type {number} */ (ch.codePointAt(0));
    if (quoteEscapes[ch]) out += quoteEscapes[ch];
    else if (printable.test(ch)) out += ch;
    else if (code < 0x80) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += `\\U${code.toString(16).padStart(8, "0")}`;
  }
  return `${out}"`;
}
