// The stargate-kg graph page: sigma.js draws a graphology graph read from the page's own JSON
// (graphology's serialization format, written by graph/visual/json_formats.py), so the same
// script runs at /viz and inside a self-contained HTML dump opened from disk.
import Graph, { UndirectedGraph } from "graphology";
import Sigma from "sigma";
import { EdgeArrowProgram, DEFAULT_EDGE_ARROW_HEAD_PROGRAM_OPTIONS } from "sigma/rendering";
import { createEdgeCurveProgram, indexParallelEdgesIndex, DEFAULT_EDGE_CURVATURE } from "@sigma/edge-curve";
import { bidirectional } from "graphology-shortest-path/unweighted";
import { layout } from "./layout.js";
import { Details, el } from "./details.js";
import { LabelPlacer } from "./labels.js";

const DIMMED_NODE = "#e4e4e4";
const DIMMED_EDGE = "#f0f0f0";
const EDGE = "#b5b5b5";
const HIGHLIGHT_EDGE = "#d62728";
const CONTRADICTED_EDGE = "#f08c8c"; // its claims take part in a contradiction no curator dismissed
const MARK = " \u2260"; // ≠, after the label of what such claims make
const MIN_SIZE = 4;
const MAX_SIZE = 20;
const QUIET_EDGES = 500; // above this many edges, relation labels show only on hover and highlight

const data = JSON.parse(document.getElementById("viz-data").textContent);
const graph = Graph.from(data);

// sigma reads `type` as the name of a drawing program: keep the entity class under another name.
const top = Math.max(...graph.mapNodes((_, a) => a.centrality), 0) || 1;
graph.updateEachNodeAttributes((_, a) => {
  const { type, ...rest } = a;
  return { ...rest, entity_type: type, color: a.colour, size: MIN_SIZE + (MAX_SIZE - MIN_SIZE) * Math.sqrt(a.centrality / top) };
});
graph.updateEachEdgeAttributes((_, a) => ({
  ...a, size: Math.min(2 + 0.6 * (a.claims.length - 1), 5), color: a.contradicted ? CONTRADICTED_EDGE : EDGE,
}));

// Parallel edges (one pair, several relations) are drawn as distinct curves, so each label shows.
indexParallelEdgesIndex(graph, { edgeIndexAttribute: "parallelIndex", edgeMaxIndexAttribute: "parallelMaxIndex" });
graph.updateEachEdgeAttributes((_, a) => {
  if (typeof a.parallelIndex !== "number") return { ...a, type: "straight" };
  const max = Math.max(a.parallelMaxIndex, 1);
  const amplitude = 3.5 * (1 - Math.exp(-max / 3.5)) * DEFAULT_EDGE_CURVATURE;
  return { ...a, type: "curved", curvature: (amplitude * a.parallelIndex) / max };
});
const container = document.getElementById("graph");
layout(graph, Math.max(Math.min(container.clientWidth, container.clientHeight) - 60, 300));

const state = {
  lang: data.attributes.scope?.lang === "zh" ? "zh" : "en",
  hovered: null,
  focus: null, // { nodes: Set, edges: Set } highlighted by a click, a finding or a path
  hiddenRelations: new Set(),
  contradiction: null, // the id of the contradiction shown
  known: null, // replaying the story: the ids of the documents told so far; null for all
};

const mentioned = data.attributes.mentioned || {};
const names = {
  // An entity drawn, or one a claim names (its claimant, a joint party) that this view does not draw.
  node: (id) => {
    const a = graph.hasNode(id) ? graph.getNodeAttributes(id) : mentioned[id] || { label: id };
    return state.lang === "zh" && a.label_zh ? a.label_zh : a.label;
  },
  // A relation's label from its attributes: an edge's, or what a negative claim denies.
  edgeLabel: (a) => (state.lang === "zh" && a.label_zh ? a.label_zh : a.label),
  edge: (edge) => names.edgeLabel(graph.getEdgeAttributes(edge)),
  // A claim of a document told so far (all of them unless the story is being replayed).
  known: (claim) => state.known === null || state.known.has(claim.document),
  shown: (edge) => {
    const a = graph.getEdgeAttributes(edge);
    return !state.hiddenRelations.has(a.relation) && (state.known === null || a.documents.some((d) => state.known.has(d)));
  },
};

// With some relations hidden or the story replayed, an entity no remaining edge touches is hidden too.
function nodeShown(node) {
  if (state.hiddenRelations.size === 0 && state.known === null) return true;
  return graph.someEdge(node, (edge) => names.shown(edge));
}

function hoverSet() {
  if (!state.hovered) return null;
  return { nodes: new Set([state.hovered, ...graph.neighbors(state.hovered)]), edges: new Set(graph.edges(state.hovered)) };
}

const labels = new LabelPlacer(() => state.hovered);
const renderer = new Sigma(graph, container, {
  renderEdgeLabels: true,
  enableEdgeEvents: true,
  zIndex: true,
  labelFont: "system-ui, sans-serif",
  edgeLabelFont: "system-ui, sans-serif",
  labelSize: 13,
  edgeLabelSize: 10,
  edgeLabelColor: { color: "#6b6b6b" },
  // sigma's label grid lets every candidate through; LabelPlacer decides what fits.
  labelDensity: 10,
  labelGridCellSize: 60,
  labelRenderedSizeThreshold: 7,
  defaultDrawNodeLabel: labels.drawNodeLabel,
  defaultDrawNodeHover: labels.drawNodeHover,
  defaultDrawEdgeLabel: labels.straightEdgeLabel,
  defaultEdgeType: "straight",
  edgeProgramClasses: {
    straight: EdgeArrowProgram,
    curved: createEdgeCurveProgram({ arrowHead: DEFAULT_EDGE_ARROW_HEAD_PROGRAM_OPTIONS, drawLabel: labels.curvedEdgeLabel }),
  },
  nodeReducer: (node, a) => {
    const shown = { ...a, label: names.node(node) + (a.contradicted ? MARK : "") };
    if (!nodeShown(node)) return { ...shown, hidden: true };
    const lit = state.focus || hoverSet();
    if (lit && !lit.nodes.has(node)) return { ...shown, color: DIMMED_NODE, label: "", zIndex: 0 };
    if (lit) return { ...shown, forceLabel: true, zIndex: 2 };
    return shown;
  },
  edgeReducer: (edge, a) => {
    const shown = { ...a, label: names.edge(edge) + (a.contradicted ? MARK : "") };
    if (!names.shown(edge)) return { ...shown, hidden: true };
    const lit = state.focus || hoverSet();
    if (lit && !lit.edges.has(edge)) return { ...shown, color: DIMMED_EDGE, label: "", zIndex: 0 };
    if (lit) return { ...shown, color: state.focus ? HIGHLIGHT_EDGE : "#7a7a7a", forceLabel: true, zIndex: 2 };
    return graph.size > QUIET_EDGES ? { ...shown, label: "" } : shown;
  },
});

labels.attach(renderer);
const details = new Details(graph, names, (id) => showContradiction(id));

function focusOn(nodes, edges) {
  state.focus = { nodes: new Set(nodes), edges: new Set(edges) };
  renderer.refresh({ skipIndexation: true });
  const points = [...state.focus.nodes].map((n) => renderer.getNodeDisplayData(n)).filter(Boolean);
  if (!points.length) return;
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const spread = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  renderer.getCamera().animate(
    { x: (Math.max(...xs) + Math.min(...xs)) / 2, y: (Math.max(...ys) + Math.min(...ys)) / 2, ratio: Math.min(Math.max(spread * 1.6, 0.2), 1.2) },
    { duration: 400 });
}

function clearFocus() {
  state.focus = null;
  pressContradiction(null);
  renderer.refresh({ skipIndexation: true });
}

// The claims panel opens first: it narrows the graph, and the camera frames what is left.
function selectNode(node) {
  pressContradiction(null);
  const edges = graph.edges(node).filter(names.shown);
  details.node(node);
  focusOn([node, ...edges.map((e) => graph.opposite(node, e))], edges);
}

function selectEdge(edge) {
  pressContradiction(null);
  details.edge(edge);
  focusOn(graph.extremities(edge), [edge]);
}

renderer.on("enterNode", ({ node }) => {
  state.hovered = node;
  container.style.cursor = "pointer";
  renderer.refresh({ skipIndexation: true });
});
renderer.on("leaveNode", () => {
  state.hovered = null;
  container.style.cursor = "";
  renderer.refresh({ skipIndexation: true });
});
renderer.on("enterEdge", () => { container.style.cursor = "pointer"; });
renderer.on("leaveEdge", () => { container.style.cursor = ""; });
renderer.on("clickNode", ({ node }) => selectNode(node));
renderer.on("clickEdge", ({ edge }) => selectEdge(edge));
renderer.on("clickStage", () => { details.close(); clearFocus(); });

// --- names, for search and the path inputs: English, Chinese and the id all find an entity
const byName = new Map();
const datalist = document.getElementById("entity-names");
graph.forEachNode((node, a) => {
  for (const name of [node, a.label, a.label_zh]) if (name) byName.set(name.toLowerCase(), node);
});
function fillNames() {
  datalist.replaceChildren(...graph.mapNodes((node) => el("option", { value: names.node(node) }, node))
    .sort((x, y) => x.value.localeCompare(y.value)));
}
const lookup = (text) => byName.get(text.trim().toLowerCase());

const search = document.getElementById("search");
function runSearch() {
  const node = lookup(search.value);
  search.classList.toggle("missing", Boolean(search.value.trim()) && !node);
  if (node) selectNode(node);
}
search.addEventListener("change", runSearch);
search.addEventListener("keydown", (event) => { if (event.key === "Enter") runSearch(); });

// --- path between two entities, either direction, over the relations shown
const pathResult = document.getElementById("path-result");
document.getElementById("path-show").addEventListener("click", () => {
  const from = lookup(document.getElementById("path-from").value);
  const to = lookup(document.getElementById("path-to").value);
  if (!from || !to) { pathResult.textContent = "Pick two entities by name or id."; return; }
  const simple = new UndirectedGraph();
  graph.forEachNode((node) => simple.addNode(node));
  graph.forEachEdge((edge, _, s, t) => { if (names.shown(edge) && s !== t) simple.mergeEdge(s, t); });
  const nodes = from === to ? null : bidirectional(simple, from, to);
  if (!nodes) { pathResult.textContent = "No path between them over the relations shown."; return; }
  const edges = nodes.slice(1).flatMap((node, i) => graph.edges(nodes[i], node).concat(graph.edges(node, nodes[i]))).filter(names.shown);
  pathResult.textContent = `${nodes.map(names.node).join(" — ")} (${nodes.length - 1} hop${nodes.length === 2 ? "" : "s"})`;
  details.group(`Path: ${names.node(from)} — ${names.node(to)}`, pathResult.textContent, edges);
  focusOn(nodes, edges);
});
document.getElementById("path-clear").addEventListener("click", () => { pathResult.textContent = ""; details.close(); clearFocus(); });

// --- conflict-of-interest findings
const findings = data.attributes.findings || [];
const findingSelect = document.getElementById("finding");
const findingResult = document.getElementById("finding-result");
function fillFindings() {
  findingSelect.replaceChildren(el("option", { value: "" }, "none highlighted"), ...findings.map((f, i) =>
    el("option", { value: String(i), selected: findingSelect.value === String(i) }, `${f.entities.map(names.node).join(", ")}: ${f.rule}`)));
}
document.getElementById("finding-box").hidden = findings.length === 0;
findingSelect.addEventListener("change", () => {
  const finding = findings[Number(findingSelect.value)];
  if (findingSelect.value === "" || !finding) { findingResult.textContent = ""; details.close(); clearFocus(); return; }
  findingResult.textContent = finding.explanation;
  pressContradiction(null);
  details.group(finding.title, finding.explanation, finding.edges);
  focusOn(finding.nodes, finding.edges);
});

// --- contradictions: where the sources disagree, highlighted as a finding is, sides side by side
const contradictionList = document.getElementById("contradictions");
document.getElementById("contradiction-box").hidden = details.contradictions.size === 0;
document.getElementById("contradiction-legend").hidden =
  !graph.someNode((_, a) => a.contradicted) && !graph.someEdge((_, a) => a.contradicted);
contradictionList.replaceChildren(...[...details.contradictions.values()].map((c) => el("li", {},
  el("button", { type: "button", class: "contradiction", "data-contradiction": c.id, "data-verdict": c.verdict || "", "aria-pressed": "false" },
    el("span", { class: "mark kind" }, c.kind), " ", details.verdictMark(c), " ",
    el("span", { class: "explanation" }, c.explanation)))));
contradictionList.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-contradiction]");
  if (button) showContradiction(button.dataset.contradiction);
});
// A contradiction is told once each of its sides has a claim of a document told so far.
function contradictionTold(c) {
  return c.sides.every((side) => side.claims.some(names.known));
}
function fillContradictions() {
  for (const button of contradictionList.querySelectorAll("button[data-contradiction]")) {
    button.parentElement.hidden = !contradictionTold(details.contradictions.get(button.dataset.contradiction));
  }
}
function pressContradiction(id) {
  state.contradiction = id;
  for (const button of contradictionList.querySelectorAll("button[data-contradiction]")) {
    button.setAttribute("aria-pressed", String(button.dataset.contradiction === id));
  }
}
function showContradiction(id) {
  const contradiction = details.contradictions.get(id);
  if (!contradiction) return;
  findingSelect.value = "";
  findingResult.textContent = "";
  details.contradiction(contradiction);
  focusOn(contradiction.nodes, contradiction.edges);
  pressContradiction(id);
}

// --- the story, document by document: dated documents in publication order, undated ones last
const story = Object.entries(details.documents)
  .map(([id, d]) => ({ id, ...d }))
  .sort((a, b) => (a.published ? 0 : 1) - (b.published ? 0 : 1) || (a.published || "").localeCompare(b.published || "") || a.id.localeCompare(b.id));
const replay = document.getElementById("replay");
const replayLabel = document.getElementById("replay-label");
const playButton = document.getElementById("replay-play");
let playing = null;
replay.max = String(story.length);
replay.value = String(story.length);
document.getElementById("replay-box").hidden = story.length < 2;
function tellUpTo(step) {
  const told = story.slice(0, step);
  state.known = step >= story.length ? null : new Set(told.map((d) => d.id));
  const last = told[told.length - 1];
  replayLabel.textContent = step === 0 ? `Before the first document (${story[0].published || "undated"}): nothing told yet.`
    : `${step} of ${story.length} documents, up to ${last.published || "undated"}: ${last.title} (${last.outlet})`
      + (step >= story.length ? "; the whole graph." : ".");
  fillContradictions();
  updateCounts();
  renderer.refresh({ skipIndexation: true });
}
replay.addEventListener("input", () => tellUpTo(Number(replay.value)));
playButton.addEventListener("click", () => {
  if (playing) { clearInterval(playing); playing = null; playButton.textContent = "Play"; return; }
  let step = Number(replay.value) >= story.length ? 0 : Number(replay.value);
  playButton.textContent = "Pause";
  const advance = () => {
    replay.value = String(step);
    tellUpTo(step);
    if (step++ >= story.length) { clearInterval(playing); playing = null; playButton.textContent = "Play"; }
  };
  advance();
  playing = setInterval(advance, 1500);
});

// --- relation filter
const relationCounts = new Map();
graph.forEachEdge((_, a) => relationCounts.set(a.relation, (relationCounts.get(a.relation) || 0) + 1));
const relationBox = document.getElementById("relations");
function fillRelations() {
  const sample = new Map();
  graph.forEachEdge((edge, a) => sample.set(a.relation, edge));
  relationBox.replaceChildren(...[...relationCounts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([relation, count]) => el("label", { class: "relation" },
      el("input", { type: "checkbox", value: relation, checked: !state.hiddenRelations.has(relation) }),
      ` ${names.edge(sample.get(relation))} (${count})`)));
}
relationBox.addEventListener("change", (event) => {
  const box = event.target;
  if (box.checked) state.hiddenRelations.delete(box.value); else state.hiddenRelations.add(box.value);
  updateCounts();
  renderer.refresh({ skipIndexation: true });
});
function setAllRelations(show) {
  state.hiddenRelations = show ? new Set() : new Set(relationCounts.keys());
  fillRelations();
  updateCounts();
  renderer.refresh({ skipIndexation: true });
}
document.getElementById("relations-all").addEventListener("click", () => setAllRelations(true));
document.getElementById("relations-none").addEventListener("click", () => setAllRelations(false));

// --- legend, counts, language
document.getElementById("title").textContent = data.attributes.title;
document.getElementById("measure").textContent = data.attributes.scope?.measure || "pagerank";
document.getElementById("legend").replaceChildren(...(data.attributes.legend || []).map((entry) =>
  el("li", {}, el("span", { class: "swatch", style: `background:${entry.colour}` }), ` ${entry.label} (${entry.count})`)));

function visibleNodes() { return graph.filterNodes((node) => nodeShown(node)).length; }
function visibleEdges() { return graph.filterEdges((edge) => names.shown(edge)).length; }
function updateCounts() {
  document.getElementById("counts").textContent = `${visibleNodes()} entities, ${visibleEdges()} relations shown`;
}

function setLang(lang) {
  state.lang = lang;
  document.documentElement.lang = lang === "zh" ? "zh-Hans" : "en";
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  fillNames();
  fillRelations();
  fillFindings();
  renderer.refresh({ skipIndexation: true });
}
for (const button of document.querySelectorAll("[data-lang]")) button.addEventListener("click", () => setLang(button.dataset.lang));

setLang(state.lang);
tellUpTo(story.length);

// A read-only hook for tests and scripts: what is drawn, and where.
window.__viz = Object.freeze({
  nodeCount: () => graph.filterNodes((node) => !renderer.getNodeDisplayData(node)?.hidden && nodeShown(node)).length,
  edgeCount: () => visibleEdges(),
  nodes: () => graph.nodes(),
  viewportPosition: (node) => {
    const d = renderer.getNodeDisplayData(node);
    return d ? renderer.framedGraphToViewport({ x: d.x, y: d.y }) : null;
  },
  lang: () => state.lang,
  label: (node) => names.node(node),
  focused: () => (state.focus ? { nodes: [...state.focus.nodes], edges: [...state.focus.edges] } : null),
  contradiction: () => state.contradiction,
  told: () => (state.known ? [...state.known] : null),
  contradictionsShown: () => [...contradictionList.querySelectorAll("li:not([hidden]) button[data-contradiction]")].map((b) => b.dataset.contradiction),
});
