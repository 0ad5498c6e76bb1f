// Bundle src/editor.js into pyroad/web/static/editor.js. The first line of the bundle records a
// hash of the sources so scripts/bootstrap.sh can tell whether the committed bundle is stale.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "..", "pyroad", "web", "static", "editor.js");

// Same files, same order as scripts/bootstrap.sh: package-lock.json, build.mjs, src/* (C-locale order).
export function sourceHash() {
  const files = ["package-lock.json", "build.mjs", ...readdirSync(join(here, "src")).sort().map((f) => "src/" + f)];
  const hash = createHash("sha256");
  for (const file of files) hash.update(readFileSync(join(here, file)));
  return hash.digest("hex");
}

const result = await esbuild.build({
  entryPoints: [join(here, "src", "editor.js")],
  bundle: true, minify: true, format: "iife", target: ["es2020"], write: false, legalComments: "none",
});
const banner = `/* pyroad-editor ${sourceHash()} — built from frontend/ by \`npm run build\`; CodeMirror 6 (MIT) */\n`;
writeFileSync(out, banner + result.outputFiles[0].text);
console.log(`wrote ${out} (${Math.round((banner.length + result.outputFiles[0].contents.length) / 1024)} KiB)`);
