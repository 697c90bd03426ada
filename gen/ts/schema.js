// @ts-check
// A version's variables schema, checked as the server checks render variables
// (internal/prompt/schemas): draft 2020-12 unless the schema's $schema names 2019-09 or
// draft-07, formats asserted, every problem reported at the JSON pointer of the value, the
// most specific one for each place, in the order of the pointers. The wording is Ajv's, not
// the server's JSON Schema library's: the fields agree, the sentences do not.
import ajv07 from "ajv";
import ajv2019 from "ajv/dist/2019.js";
import ajv2020 from "ajv/dist/2020.js";
import ajvFormats from "ajv-formats";

import { compareUTF8 } from "./gojson.js";

/** @typedef {{ field: string, problem: string }} FieldProblem a problem at a JSON pointer */

// Ajv's modules are CommonJS: their classes are their default exports' `default`.
const Ajv2020 = ajv2020.default;
const addFormats = ajvFormats.default;

/**
 * dialects are the drafts checked locally, by their $schema (the server also takes 4 and 6).
 * @type {Map<string, typeof Ajv2020>}
 */
const dialects = new Map([
  ["https://json-schema.org/draft/2020-12/schema", Ajv2020],
  ["https://json-schema.org/draft/2019-09/schema", /** @type {typeof Ajv2020} */ (ajv2019.default)],
  ["http://json-schema.org/draft-07/schema", /** @type {typeof Ajv2020} */ (ajv07.default)],
]);

/**
 * compileSchema compiles a variables schema into a check of render variables, whose
 * problems' fields are JSON pointers under /variables. It throws when the schema cannot be
 * checked here (a draft other than those above), so that a render that needs it goes to
 * the server.
 * @param {unknown} schema
 * @returns {(values: Record<string, unknown>) => FieldProblem[]}
 */
export function compileSchema(schema) {
  const id = typeof schema === "object" && schema !== null && "$schema" in schema ? String(schema.$schema).replace(/#$/, "") : undefined;
  const Ajv = id === undefined ? Ajv2020 : dialects.get(id);
  if (!Ajv) throw new Error(`its $schema ${id} is not one of the drafts checked locally (2020-12, 2019-09, draft-07)`);
  const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateFormats: true });
  addFormats(ajv);
  const validate = ajv.compile(/** @type {object} */ (schema));
  return (values) => {
    if (validate(values)) return [];
    return leaves(validate.errors ?? []);
  };
}

/**
 * leaves keeps the most specific problem of each place: an error whose schema location
 * holds another's (an anyOf over its branches' objections) is passed over, then the first
 * one per JSON pointer is kept, sorted by pointer as Go sorts strings.
 * @param {import("ajv").ErrorObject[]} errors
 * @returns {FieldProblem[]}
 */
function leaves(errors) {
  /** @type {Map<string, string>} */
  const first = new Map();
  for (const e of errors) {
    const parent = errors.some((o) => o !== e && o.schemaPath.startsWith(`${e.schemaPath}/`) && o.instancePath.startsWith(e.instancePath));
    if (!parent && !first.has(e.instancePath)) first.set(e.instancePath, e.message ?? e.keyword);
  }
  return [...first.keys()].sort(compareUTF8).map((pointer) => ({ field: `/variables${pointer}`, problem: /** @type {string} */ (first.get(pointer)) }));
}
