// Bundles the graph page (sigma.js, graphology, ForceAtlas2) into ../../graph/static/viz/, served
// at /viz and inlined into `stargate-kg dump --format html`; and the Node checker the tests use to
// read the JSON dumps back with graphology, cytoscape.js and d3-force (tests/viz-check.cjs).
import { build } from "esbuild";
import { readFileSync } from "node:fs";

const out = new URL("../../graph/static/viz/", import.meta.url).pathname;

await build({
  entryPoints: { viz: "src/page.js" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: out,
  legalComments: "eof",
  logLevel: "info",
});
await build({
  entryPoints: { viz: "src/viz.css" },
  bundle: true,
  minify: true,
  outdir: out,
  logLevel: "info",
});

await build({
  entryPoints: ["src/check.js"],
  bundle: true,
  minify: true,
  platform: "node",
  format: "cjs",
  target: ["node18"],
  outfile: "../../tests/viz-check.cjs",
  legalComments: "eof",
  logLevel: "info",
});

for (const name of ["viz.js", "viz.css"]) {
  const text = readFileSync(`${out}${name}`, "utf8");
  const remote = text.match(/(@import|url\()\s*["']?(https?:)?\/\//g);
  if (remote) throw new Error(`${name} loads from another origin: ${remote.join(", ")}`);
}
