// @ts-check
// Every conformance vector (gen/conformance/vectors.json, written by `make generate/vectors`
// from the Go rules): the local renderer, the provider bodies and the content hash must give
// what the server gives, errors and positions included. No server is needed.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { bucket, threshold, variant } from "../assign.js";
import { requestRefusal } from "../render.js";
import { Budget, contentHash, MAX_DEPTH, MAX_STEPS, PreparedPrompt, ResolverError, Template, TemplateRenderError, TemplateSyntaxError } from "../index.js";

const vectors = JSON.parse(readFileSync(new URL("../../conformance/vectors.json", import.meta.url), "utf8"));

test("limits are the server's", () => {
  assert.deepEqual([vectors.maxSteps, vectors.maxDepth], [MAX_STEPS, MAX_DEPTH]);
});

test("every kind of vector is followed", () => {
  // A list, a field or an outcome this file does not know fails here, until it is followed.
  // tracks are the events of the Python SDK's track(): this package has no tracker (an event
  // posted through the client is sent as JSON.stringify writes it, and the server answers it).
  assert.deepEqual(Object.keys(vectors).sort(), ["about", "assignmentSamples", "assignments", "contentHashes", "maxDepth", "maxSteps", "renders", "requests", "subjects", "templates", "tracks"]);
  const templateFields = new Set(vectors.templates.flatMap((/** @type {object} */ c) => Object.keys(c)));
  assert.deepEqual([...templateFields].sort(), ["error", "limit", "missing", "name", "partialRefs", "partials", "suspects", "template", "text", "values", "variables"]);
  const kinds = new Set(vectors.templates.filter((/** @type {any} */ c) => c.error).map((/** @type {any} */ c) => c.error.kind));
  assert.deepEqual([...kinds].sort(), ["include", "syntax", "tooDeep", "tooLarge", "tooMuchWork"]);
  /** @type {[string, object][]} */
  const results = vectors.renders.flatMap((/** @type {any} */ c) => Object.entries(c.results));
  assert.deepEqual([...new Set(results.map(([format]) => format))].sort(), ["anthropic", "messages", "openai-chat", "openai-responses"]);
  assert.deepEqual([...new Set(results.flatMap(([, r]) => Object.keys(r)))].sort(), ["details", "message", "problems", "rendered", "schemaProblems"]);
  // Text the server refuses before it decodes the body: a NUL, a lone surrogate.
  const problems = new Set(results.flatMap(([, r]) => (/** @type {any} */ (r).problems ?? []).map((/** @type {{ problem: string }} */ p) => p.problem)));
  assert.ok(["contains a NUL character", "contains a lone UTF-16 surrogate"].every((text) => [...problems].some((p) => p.startsWith(text))));
  // Values the spec refuses: a null, a string too long, a null item of a list.
  assert.ok(["must be a string, number, boolean, list or object", "is longer than 65536 characters", "must not be null"].every((text) => problems.has(text)));
});

/** @param {Record<string, string>} texts */
const includeFrom = (texts) => (/** @type {import("../index.js").PartialRef} */ ref) => {
  const text = texts[ref.toString()];
  if (text === undefined) throw new Error("no such partial");
  return new Template(text);
};

test("templates", async (t) => {
  for (const c of vectors.templates) {
    await t.test(c.name, () => {
      const want = c.error;
      if (want?.kind === "syntax") {
        assert.throws(() => new Template(c.template), (/** @type {unknown} */ err) => {
          assert.ok(err instanceof TemplateSyntaxError);
          assert.deepEqual(
            { offset: err.offset, line: err.line, column: err.column, problem: err.problem, message: err.message },
            { offset: want.offset, line: want.line, column: want.column, problem: want.problem, message: want.message },
          );
          return true;
        });
        return;
      }
      const tmpl = new Template(c.template);
      assert.deepEqual(tmpl.variables, c.variables);
      assert.deepEqual(tmpl.partials.map(String), c.partialRefs);
      assert.deepEqual(tmpl.suspects().map((s) => ({ ...s })), c.suspects);
      const opts = { budget: c.limit ? new Budget(c.limit) : undefined, include: includeFrom(c.partials ?? {}) };
      const values = c.values ?? {};
      if (want) {
        assert.throws(() => tmpl.render(values, opts), (/** @type {unknown} */ err) => {
          assert.ok(err instanceof TemplateRenderError);
          assert.deepEqual({ kind: err.kind, message: err.message }, { kind: want.kind, message: want.message });
          return true;
        });
        return;
      }
      assert.deepEqual(tmpl.render(values, opts), { text: c.text, missing: c.missing });
    });
  }
});

test("renders", async (t) => {
  for (const c of vectors.renders) {
    for (const [format, want] of Object.entries(c.results)) {
      await t.test(`${c.name} [${format}]`, () => {
        const prompt = new PreparedPrompt(c.entry.prompt, c.entry.partials);
        const opts = { format: /** @type {import("../index.js").RenderFormat} */ (format), renderLimit: c.renderLimit };
        if (want.rendered) {
          assert.deepEqual(prompt.render(c.variables, opts), want.rendered);
          return;
        }
        assert.throws(() => prompt.render(c.variables, opts), (/** @type {unknown} */ err) => {
          assert.ok(err instanceof ResolverError);
          assert.deepEqual([err.code, err.status], ["BAD_REQUEST", 400]);
          const { fields, ...details } = /** @type {{ fields: { field: string, problem: string }[] }} */ (err.details);
          if (want.schemaProblems) {
            // The JSON Schema libraries word their problems each their own way: the fields must agree.
            assert.deepEqual(fields.map((p) => p.field), want.problems.map((/** @type {{ field: string }} */ p) => p.field));
          } else {
            assert.deepEqual(fields, want.problems);
            assert.equal(err.message, want.message);
          }
          assert.deepEqual(details, want.details ?? {});
          return true;
        });
      });
    }
  }
});

test("content hashes", async (t) => {
  for (const c of vectors.contentHashes) {
    await t.test(c.name, () => assert.equal(contentHash(c.request), c.contentHash));
  }
});

test("release assignments", async (t) => {
  for (const c of vectors.assignments) {
    await t.test(c.name, () => {
      assert.deepEqual([bucket(c.salt, c.subject), threshold(c.percent), variant(c.salt, c.subject, c.percent)], [c.bucket, c.threshold, c.variant]);
    });
  }
  for (const c of vectors.assignmentSamples) {
    await t.test(c.name, () => {
      let variants = "";
      for (let i = 0; i < c.count; i++) variants += variant(c.salt, c.prefix + i, c.percent) === "candidate" ? "1" : "0";
      assert.equal(variants.split("1").length - 1, c.candidates);
      assert.equal(createHash("sha256").update(variants).digest("hex"), c.variantsSha256);
    });
  }
});

test("subjects", async (t) => {
  // An empty subject is refused, as the server refuses it, not taken for none.
  assert.ok(vectors.subjects.some((/** @type {any} */ c) => c.subject === "" && c.refused));
  for (const c of vectors.subjects) {
    await t.test(c.name, () => {
      const got = requestRefusal({ slug: "p", subject: c.subject, variables: c.variables });
      if (!c.refused) {
        assert.equal(got, undefined);
        return;
      }
      assert.ok(got instanceof ResolverError);
      assert.deepEqual([got.code, got.status], ["BAD_REQUEST", 400]);
      assert.deepEqual([got.message, got.details], [c.refused.message, { fields: c.refused.problems }]);
    });
  }
});

test("requests", async (t) => {
  // A slug holding a lone surrogate is refused as the server refuses its bytes in WTF-8.
  assert.ok(vectors.requests.some((/** @type {any} */ c) => !c.slug.isWellFormed() && c.refused?.problems[0].problem === "is not valid UTF-8"));
  for (const c of vectors.requests) {
    await t.test(c.name, () => {
      const got = requestRefusal({ slug: c.slug, subject: c.subject, variables: c.variables, format: c.format });
      if (!c.refused) {
        assert.equal(got, undefined);
        return;
      }
      assert.ok(got instanceof ResolverError);
      assert.deepEqual([got.code, got.status], ["BAD_REQUEST", 400]);
      assert.deepEqual([got.message, got.details], [c.refused.message, { fields: c.refused.problems }]);
    });
  }
});
