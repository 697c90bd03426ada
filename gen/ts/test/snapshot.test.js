// @ts-check
// readSnapshot against a live server (PROMPTOPS_URL): it follows the snapshot's pages, and
// reads a snapshot that changes between two pages again from its first page.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createPromptOpsClient, readSnapshot } from "../index.js";

const baseUrl = process.env.PROMPTOPS_URL;

test("snapshot pages", { skip: baseUrl ? false : "PROMPTOPS_URL is not set" }, async () => {
  const url = /** @type {string} */ (baseUrl);
  const project = await createPromptOpsClient({ baseUrl: url }).POST("/api/v1/projects", { body: { name: "Snapshot pages" } });
  assert.equal(project.response.status, 201);
  const admin = createPromptOpsClient({ baseUrl: url, apiKey: project.data?.data.apiKey ?? assert.fail("no key") });

  /** @param {string} slug */
  const newLive = async (slug) => {
    const prompt = await admin.POST("/api/v1/prompts", { body: { slug, name: slug } });
    assert.equal(prompt.response.status, 201);
    const version = await admin.POST("/api/v1/prompts/{promptId}/versions", {
      params: { path: { promptId: prompt.data?.data.id ?? assert.fail("no prompt") } },
      body: { systemPrompt: "You are terse.", userTemplate: `Hello from ${slug}, {{name}}` },
    });
    assert.equal(version.response.status, 201); // live in dev at once
  };
  for (const slug of ["alpha", "beta", "gamma"]) await newLive(slug);

  const key = await admin.POST("/api/v1/api-keys", { body: { environment: "dev", scopes: ["prompts:read"] } });
  const apiKey = key.data?.data.fullKey ?? assert.fail("no key");
  const dev = createPromptOpsClient({ baseUrl: url, apiKey });

  const whole = await dev.GET("/api/v1/snapshot", {});
  assert.equal(whole.response.status, 200);
  const paged = await readSnapshot(dev, { limit: 1 });
  assert.deepEqual(paged, whole.data?.data, "three pages of one prompt put together");
  assert.equal(await readSnapshot(dev, { limit: 1, ifNoneMatch: paged?.cursor }), undefined, "304: nothing changed");

  // A prompt made live between the first page and the second: the pages read so far are
  // of an older snapshot, and the whole is read again.
  let firstPages = 0;
  let added = false;
  const changing = createPromptOpsClient({
    baseUrl: url,
    apiKey,
    fetch: async (input) => {
      const request = /** @type {Request} */ (input);
      const pageToken = new URL(request.url).searchParams.has("pageToken");
      if (!pageToken) firstPages++;
      if (pageToken && !added) {
        added = true;
        await newLive("delta");
      }
      return fetch(request);
    },
  });
  const after = await readSnapshot(changing, { limit: 1 });
  assert.equal(firstPages, 2);
  assert.deepEqual(after?.prompts.map((p) => p.prompt.slug), ["alpha", "beta", "delta", "gamma"]);
  const fresh = await dev.GET("/api/v1/snapshot", {});
  assert.deepEqual(after, fresh.data?.data);
});
