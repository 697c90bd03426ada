// @ts-check
// The package's face: the client (client.js), the resolver, and the local rules it renders with.
export { createPromptOpsClient, readSnapshot } from "./client.js";
export { createResolver, ResolverError } from "./resolver.js";
export { DEFAULT_RENDER_LIMIT, PreparedPrompt, renderMessages } from "./render.js";
export { Budget, MAX_DEPTH, MAX_STEPS, PartialRef, Suspect, Template, TemplateRenderError, TemplateSyntaxError } from "./template/index.js";
export { contentHash, contentOfRequest } from "./contenthash.js";
export { BUCKETS, bucket, threshold, variant } from "./assign.js";
