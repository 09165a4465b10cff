// `make assets`: bundle each front-end entry with esbuild into one file in the app's assets.
// Each bundle starts with a comment holding the sha256 of its inputs (every file under
// frontend/, package.json and package-lock.json); tests/app/test_assets.py recomputes it and
// fails when a committed bundle is stale. Every bundle is an ES module: the article's, the
// state's and the editor's export the function Streamlit's component calls; the standalone
// page's runs as the page's one inline module script.
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const project = fileURLToPath(new URL("..", import.meta.url));
export const BUNDLES = {
  "frontend/article/index.js": "reader/assets/article.js",
  "frontend/article/state.js": "reader/assets/state.js",
  "frontend/editor/index.js": "reader/assets/editor.js",
  "frontend/standalone/index.js": "reader/assets/standalone.js",
};

function files(folder) {
  return readdirSync(join(project, folder), { withFileTypes: true }).flatMap((entry) => {
    const path = `${folder}/${entry.name}`;
    return entry.isDirectory() ? files(path) : [path];
  });
}

// Must match tests/app/test_assets.py: paths sorted, each as "<path>\0<bytes>\0".
export function sourcesDigest() {
  const hash = createHash("sha256");
  for (const path of [...files("frontend"), "package.json", "package-lock.json"].sort()) {
    hash.update(`${path}\0`);
    hash.update(readFileSync(join(project, path)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

const digest = sourcesDigest();
for (const [entry, output] of Object.entries(BUNDLES)) {
  const result = await build({
    entryPoints: [join(project, entry)],
    bundle: true,
    format: "esm",
    minify: true,
    legalComments: "eof",
    target: "es2020",
    write: false,
    charset: "utf8",
  });
  const header = `/* Built by \`make assets\` from ${entry} (do not edit); sources sha256: ${digest} */\n`;
  writeFileSync(join(project, output), header + result.outputFiles[0].text);
  console.log(`${relative(project, join(project, output))}: ${(result.outputFiles[0].text.length / 1024).toFixed(0)} KiB`);
}
