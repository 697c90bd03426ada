// @ts-check
// The reference flow through the TypeScript client against a live server (PROMPTOPS_URL):
// create a project, a prompt and versions, promote, resolve, roll back, resolve again.
// `tsc` type-checks this file against the generated types before it runs.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createPromptOpsClient } from "../index.js";

const baseUrl = process.env.PROMPTOPS_URL;

test("reference flow", { skip: baseUrl ? false : "PROMPTOPS_URL is not set" }, async () => {
  const url = /** @type {string} */ (baseUrl);
  const anonymous = createPromptOpsClient({ baseUrl: url });

  const project = await anonymous.POST("/api/v1/projects", { body: { name: "TypeScript app" } });
  assert.equal(project.response.status, 201);
  const apiKey = project.data?.data.apiKey ?? assert.fail("no key");
  const admin = createPromptOpsClient({ baseUrl: url, apiKey });

  const prompt = await admin.POST("/api/v1/prompts", { body: { slug: "welcome-email", name: "Welcome Email" } });
  assert.equal(prompt.response.status, 201);
  const promptId = prompt.data?.data.id ?? assert.fail("no prompt");

  const versions = [];
  for (const userTemplate of ["Hello {{userName}}!", "Hello {{userName}}, welcome to {{plan}}!"]) {
    const v = await admin.POST("/api/v1/prompts/{promptId}/versions", {
      params: { path: { promptId } },
      body: { systemPrompt: "You are a helpful assistant.", userTemplate, maxTokens: 500 },
    });
    assert.equal(v.response.status, 201);
    versions.push(v.data?.data ?? assert.fail("no version"));
  }
  assert.deepEqual(versions.map((v) => v.versionNumber), [1, 2]);
  assert.deepEqual(versions[1].variables, ["userName", "plan"]);

  for (const version of versions) {
    const promoted = await admin.POST("/api/v1/prompts/{promptId}/promote", {
      params: { path: { promptId } },
      body: { environment: "production", versionId: version.id },
    });
    assert.equal(promoted.response.status, 200);
    // A promote answers the deployment (200), or a pending release (202) in a protected environment.
    const deployment = promoted.data?.data;
    assert.ok(deployment && "activeVersionId" in deployment, "a deployment");
    assert.equal(deployment.activeVersionId, version.id);
  }

  const key = await admin.POST("/api/v1/api-keys", { body: { environment: "production", scopes: ["prompts:read"] } });
  assert.equal(key.response.status, 201);
  const production = createPromptOpsClient({ baseUrl: url, apiKey: key.data?.data.fullKey ?? assert.fail("no key") });

  const resolve = () => production.GET("/api/v1/prompts/{slug}/resolve", { params: { path: { slug: "welcome-email" } } });
  let resolved = await resolve();
  assert.equal(resolved.response.status, 200);
  assert.equal(resolved.data?.data.versionNumber, 2);
  assert.equal(resolved.data?.data.environment, "production");
  assert.ok(resolved.response.headers.get("ETag"));

  const rolledBack = await admin.POST("/api/v1/prompts/{promptId}/rollback", {
    params: { path: { promptId } },
    body: { environment: "production" },
  });
  assert.equal(rolledBack.response.status, 200);
  assert.equal(rolledBack.data?.data.versionNumber, 1);

  resolved = await resolve();
  assert.equal(resolved.data?.data.versionNumber, 1);
  assert.equal(resolved.data?.data.userTemplate, "Hello {{userName}}!");

  const rendered = await production.POST("/api/v1/prompts/{slug}/render", {
    params: { path: { slug: "welcome-email" } },
    body: { variables: { userName: "Ada" } },
  });
  assert.equal(rendered.response.status, 200);
  assert.equal(rendered.data?.data.messages[1].content, "Hello Ada!");

  const refused = await production.POST("/api/v1/prompts", { body: { slug: "nope", name: "no" } });
  assert.equal(refused.response.status, 403);
  assert.equal(refused.error?.error.code, "FORBIDDEN");
});
