// @ts-check
// What the server refuses with a 400 the resolver refuses before the cache or a fallback
// answers, with the server's message and fields (the conformance vectors' requests), where
// a server that cannot be reached is answered from the fallback. The server here is a port
// nothing listens on: every request the resolver sends fails to connect.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { test } from "node:test";

import { createResolver } from "../index.js";

const vectors = JSON.parse(readFileSync(new URL("../../conformance/vectors.json", import.meta.url), "utf8"));

/** closedPort is a port of 127.0.0.1 that nothing listens on (it did a moment ago). */
async function closedPort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(undefined)));
  const { port } = /** @type {import("node:net").AddressInfo} */ (server.address());
  await new Promise((ok) => server.close(ok));
  return port;
}

test("refused before a fallback answers an unreachable server", async (t) => {
  const baseUrl = `http://127.0.0.1:${await closedPort()}`;
  const resolver = createResolver({ baseUrl, apiKey: "po_live_unreachable", reconnectMinMs: 60_000, reconnectMaxMs: 60_000 });
  const fallback = { systemPrompt: "", userTemplate: "offline" };
  try {
    await t.test("UnreachableIsUnavailable", async () => {
      const r = await resolver.resolve("welcome-email", { fallback });
      assert.equal(r.source, "fallback");
      assert.equal(r.source === "fallback" && r.error.code, "UNAVAILABLE");
    });
    for (const c of vectors.requests) {
      await t.test(c.name, async () => {
        const opts = { fallback, subject: c.subject, format: c.format };
        const render = c.variables !== undefined || c.format !== undefined;
        const answer = render ? resolver.render(c.slug, c.variables, opts) : resolver.resolve(c.slug, opts);
        if (!c.refused) {
          assert.equal((await answer).source, "fallback");
          return;
        }
        await assert.rejects(answer, { code: "BAD_REQUEST", status: 400, message: c.refused.message, details: { fields: c.refused.problems } });
        if (render) {
          // Refused before the prompt is looked up, as the server refuses it before its 404:
          // without a fallback too, and for a pinned version, which the server renders.
          await assert.rejects(resolver.render(c.slug, c.variables, { subject: c.subject, format: c.format }), { code: "BAD_REQUEST", message: c.refused.message });
          await assert.rejects(resolver.render(c.slug, c.variables, { ...opts, version: 1 }), { code: "BAD_REQUEST", message: c.refused.message });
        }
      });
    }
  } finally {
    await resolver.close();
  }
});
