// Reads a JSON dump back with the library it is meant for and prints what that library saw, as
// JSON on stdout: `node viz-check.cjs graphology|cytoscape|d3 FILE`. The tests compare it with the
// view the dump was written from, so each format is checked by an independent reader.
import { readFileSync } from "node:fs";
import Graph from "graphology";
import cytoscape from "cytoscape";
import { forceSimulation, forceLink, forceManyBody } from "d3-force";

const readers = {
  graphology(data) {
    const graph = Graph.from(data);
    return {
      type: graph.type, multi: graph.multi, nodes: graph.nodes(),
      edges: graph.mapEdges((edge, a, source, target) => [source, a.relation, target]),
      nodeAttributes: Object.fromEntries(graph.mapNodes((node, a) => [node, a])),
      edgeAttributes: Object.fromEntries(graph.mapEdges((edge, a) => [edge, a])),
      context: graph.getAttributes(),
    };
  },
  cytoscape(data) {
    const warnings = [];
    const warn = console.warn;
    console.warn = (...args) => warnings.push(args.join(" "));
    const cy = cytoscape({ headless: true, elements: data.elements });
    console.warn = warn;
    if (warnings.length) throw new Error(`cytoscape.js: ${warnings.join("; ")}`);
    return {
      nodes: cy.nodes().map((n) => n.id()),
      edges: cy.edges().map((e) => [e.source().id(), e.data("relation"), e.target().id()]),
      nodeAttributes: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.data()])),
      edgeAttributes: Object.fromEntries(cy.edges().map((e) => [e.id(), e.data()])),
      context: data.data,
    };
  },
  d3(data) {
    // forceLink resolves each link's ends by node id and throws on an id no node has.
    const simulation = forceSimulation(data.nodes)
      .force("link", forceLink(data.links).id((d) => d.id))
      .force("charge", forceManyBody())
      .stop();
    simulation.tick(5);
    const moved = data.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y));
    if (!moved) throw new Error("d3-force left a node without a position");
    return {
      nodes: data.nodes.map((n) => n.id),
      edges: data.links.map((l) => [l.source.id, l.relation, l.target.id]),
      nodeAttributes: Object.fromEntries(data.nodes.map(({ x, y, vx, vy, index, ...n }) => [n.id, n])),
      edgeAttributes: Object.fromEntries(data.links.map(({ source, target, index, ...l }) => [l.id, l])),
      context: data.graph,
    };
  },
};

const [format, file] = process.argv.slice(2);
if (!readers[format]) {
  console.error(`usage: viz-check.cjs ${Object.keys(readers).join("|")} FILE`);
  process.exit(2);
}
process.stdout.write(JSON.stringify(readers[format](JSON.parse(readFileSync(file, "utf8")))));
