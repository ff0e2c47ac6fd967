// Bundle GraphiQL into ../../graph/static/graphiql/ (one script, one stylesheet, the page), and
// refuse any stylesheet that would load something from another origin.
import { build } from "esbuild";
import { copyFileSync, readFileSync, mkdirSync } from "node:fs";

const out = new URL("../../graph/static/graphiql/", import.meta.url).pathname;
mkdirSync(`${out}assets`, { recursive: true });

await build({
  entryPoints: { graphiql: "src/index.jsx" },
  bundle: true,
  minify: true,
  format: "iife",
  target: ["es2020"],
  outdir: `${out}assets`,
  loader: { ".woff2": "dataurl", ".woff": "dataurl", ".svg": "dataurl" },
  define: { "process.env.NODE_ENV": '"production"' },
  legalComments: "eof",
  logLevel: "info",
});

const css = readFileSync(`${out}assets/graphiql.css`, "utf8");
const remote = css.match(/(@import|url\()\s*["']?(https?:)?\/\//g);
if (remote) {
  throw new Error(`graphiql.css loads from another origin: ${remote.join(", ")}`);
}
copyFileSync("index.html", `${out}index.html`);
