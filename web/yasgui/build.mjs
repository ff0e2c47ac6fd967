// Bundles page.js (YASGUI and its CSS) into graph/static/yasgui/, served by the Python package.
import { build } from "esbuild";

await build({
  entryPoints: ["page.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: "../../graph/static/yasgui",
  entryNames: "yasgui",
  loader: { ".woff": "file", ".woff2": "file", ".ttf": "file", ".svg": "file", ".png": "file" },
  legalComments: "linked",
  logLevel: "info",
});
