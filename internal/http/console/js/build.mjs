// build.mjs bundles jsoneditor.js (CodeMirror 6) into ../assets/jsoneditor.js with esbuild,
// and writes beside it the licences of every package the bundle holds
// (../assets/jsoneditor-LICENSES.txt). Run by `make generate/console`.
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const assets = join(here, "..", "assets");
const result = await build({
  entryPoints: [join(here, "jsoneditor.js")],
  outfile: join(assets, "jsoneditor.js"),
  bundle: true, minify: true, format: "iife", target: "es2020", legalComments: "none", metafile: true, logLevel: "warning",
});
const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (m) packages.add(m[1]);
}
const sections = [...packages].sort().map((name) => {
  const dir = join(here, "..", "node_modules", name);
  const { version } = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  return `${name} ${version}\n\n${readFileSync(join(dir, "LICENSE"), "utf8").trim()}\n`;
});
writeFileSync(join(assets, "jsoneditor-LICENSES.txt"),
  "The packages bundled into jsoneditor.js, and their licences.\n\n" + sections.join("\n" + "-".repeat(72) + "\n\n"));
