// @ts-check
// The local renderer where the conformance vectors cannot reach: values as JavaScript
// holds them (sent as JSON), names an object inherits, fallbacks, what only the server
// renders. No server is needed.
import assert from "node:assert/strict";
import { test } from "node:test";

import { PreparedPrompt, renderMessages, Template } from "../index.js";

/**
 * version is a resolved version with the given fields, the rest as a new version has them.
 * @param {Partial<import("../index.js").ResolvedPrompt>} fields
 * @returns {import("../index.js").ResolvedPrompt}
 */
const version = (fields) => ({
  slug: "case", versionId: "00000000-0000-4000-8000-000000000001", versionNumber: 1, environment: "production",
  systemPrompt: "", userTemplate: "", model: "gpt-4", temperature: 0.7, maxTokens: null, metadata: {}, variables: [],
  messages: [], tools: [], responseFormat: null, modelParameters: {}, provider: null, variablesSchema: null,
  contentHash: "sha256:", partials: [], release: null, ...fields,
});

test("names an object inherits are not values", () => {
  const t = new Template("[{{toString}}][{{constructor.name}}]{{#hasOwnProperty}}x{{/hasOwnProperty}}");
  assert.deepEqual(t.render({}), { text: "[][]", missing: ["toString", "constructor.name"] });
  assert.deepEqual(t.render({ toString: "own" }), { text: "[own][]", missing: ["constructor.name"] });
});

test("values render as JSON sends them", () => {
  const p = new PreparedPrompt(version({ messages: [{ role: "user", content: "{{when}} {{n}} {{gone}}" }] }));
  const when = new Date(Date.UTC(2026, 0, 2));
  assert.equal(p.render({ when, n: -0, gone: "x" }).messages[0].content, "2026-01-02T00:00:00.000Z 0 x");
  assert.throws(() => p.render({ when, n: 1, gone: undefined }), { code: "BAD_REQUEST", details: {
    missingVariables: ["gone"], fields: [{ field: "/variables/gone", problem: "is required by the template" }],
  } });
  assert.throws(() => p.render({ when, n: null, gone: "x" }), { code: "BAD_REQUEST", details: {
    fields: [{ field: "/variables/n", problem: "must be a string, number, boolean, list or object" }],
  } });
});

test("values the spec refuses are named in the server's order, strings counted in code points", () => {
  const p = new PreparedPrompt(version({ messages: [{ role: "user", content: "{{a}}" }] }));
  const type = "must be a string, number, boolean, list or object";
  // 32,769 emoji are 65,538 UTF-16 units but 32,769 characters, as the server counts them.
  assert.equal(p.render({ a: "x", s: "\u{1F600}".repeat(32769), l: [[null], { k: null }], o: { k: null } }).messages[0].content, "x");
  assert.throws(() => p.render({ a: "x", s: "\u{1F600}".repeat(65537), "\u{1F600}": null, "\uff61": null, l: [null, 1, null], "a/b": null }), {
    code: "BAD_REQUEST", message: `The request is not valid: /variables/a~1b: ${type} (and 5 more)`,
    details: { fields: [
      { field: "/variables/a~1b", problem: type },
      { field: "/variables/l/0", problem: "must not be null" },
      { field: "/variables/l/2", problem: "must not be null" },
      { field: "/variables/s", problem: "is longer than 65536 characters" },
      { field: "/variables/\uff61", problem: type },
      { field: "/variables/\u{1F600}", problem: type },
    ] },
  });
});

test("text the server refuses is refused as JSON sends it, before anything else", () => {
  const p = new PreparedPrompt(version({ messages: [{ role: "user", content: "{{a}} {{gone}}" }] }));
  const surrogate = "contains a lone UTF-16 surrogate escape (such as \\ud800 without its pair), which is no character";
  // JSON.stringify writes integer-like names first: the server is sent /variables/1 first.
  assert.throws(() => p.render({ b: "\0", 1: String.fromCharCode(0xdc00) }), {
    code: "BAD_REQUEST", message: `The request is not valid: /variables/1: ${surrogate}`,
    details: { fields: [{ field: "/variables/1", problem: surrogate }] },
  });
  // Before the format is checked; undefined in a list is sent as null.
  assert.throws(() => p.render({ a: [undefined, { ["k" + String.fromCharCode(0xd800)]: 1 }] }, { format: /** @type {any} */ ("nope") }), {
    code: "BAD_REQUEST", details: { fields: [{ field: "/variables/a/1/k\ufffd", problem: surrogate }] },
  });
  assert.equal(p.render({ a: "\u{1F600}", gone: "\\u0000" }).messages[0].content, "\u{1F600} \\u0000");
});

test("unused variables are sorted as Go sorts strings", () => {
  const p = new PreparedPrompt(version({ messages: [{ role: "user", content: "hi" }] }));
  // UTF-16 puts the emoji (a surrogate pair) before U+FFFD; UTF-8, and so Go, after.
  assert.deepEqual(p.render({ "😀": 1, "\uFFFD": 2 }).warnings, [
    'variable "\uFFFD" is not used by the templates',
    'variable "😀" is not used by the templates',
  ]);
});

test("a fallback renders as the version it would make", () => {
  assert.deepEqual(renderMessages({ systemPrompt: "Be {{tone}}.\r\n", userTemplate: "{{#xs}}{{.}},{{/xs}}" }, { tone: "kind", xs: [1, 2] }), [
    { role: "system", content: "Be kind.\n" },
    { role: "user", content: "1,2," },
  ]);
  assert.throws(() => renderMessages({ systemPrompt: "", userTemplate: "{{oops" }, {}), {
    code: "BAD_REQUEST", details: { fields: [{ field: "/messages/1/content", problem: "line 1, column 1: {{ is never closed with }}" }] },
  });
});

test("what only the server renders", () => {
  const withPartial = version({ messages: [{ role: "user", content: "a {{> sig}}" }], partials: [{ slug: "sig", versionNumber: 2 }] });
  assert.throws(() => renderMessages(withPartial, {}), { code: "RENDER_UNAVAILABLE" });
  const partials = [{ ref: "sig", slug: "sig", versionNumber: 2, versionId: "00000000-0000-4000-8000-000000000002", template: "b" }];
  assert.equal(new PreparedPrompt(withPartial, partials).render().messages[0].content, "a b");

  const schema = (/** @type {string} */ draft) => version({
    messages: [{ role: "user", content: "{{x}}" }],
    variablesSchema: { $schema: draft, type: "object", properties: { x: { type: "string" } } },
  });
  assert.throws(() => new PreparedPrompt(schema("http://json-schema.org/draft-04/schema#")).render({ x: "a" }), { code: "RENDER_UNAVAILABLE" });
  assert.throws(() => new PreparedPrompt(schema("http://json-schema.org/draft-07/schema#")).render({ x: 1 }), {
    code: "BAD_REQUEST", details: { fields: [{ field: "/variables/x", problem: "must be string" }] },
  });
});
