// Node positions: communities start on a ring, ForceAtlas2 spreads the graph, noverlap pushes
// apart nodes that still overlap. Deterministic (no random start), so a view always looks the
// same, and computed in the page so every dump (and the served page) needs no layout step.
import forceAtlas2 from "graphology-layout-forceatlas2";
import noverlap from "graphology-layout-noverlap";

const ITERATIONS = 800; // converged for the seed graph; larger views get fewer, Barnes-Hut ones

function seedPositions(graph) {
  const byCommunity = new Map();
  graph.forEachNode((node, attributes) => {
    const key = attributes.community ?? -1;
    if (!byCommunity.has(key)) byCommunity.set(key, []);
    byCommunity.get(key).push(node);
  });
  const groups = [...byCommunity.values()].sort((a, b) => b.length - a.length);
  groups.forEach((members, index) => {
    const angle = (2 * Math.PI * index) / groups.length;
    const radius = groups.length > 1 ? 100 : 0;
    members.forEach((node, position) => {
      const inner = (2 * Math.PI * position) / members.length;
      const spread = 10 + 3 * Math.sqrt(members.length);
      graph.mergeNodeAttributes(node, {
        x: radius * Math.cos(angle) + spread * Math.cos(inner),
        y: radius * Math.sin(angle) + spread * Math.sin(inner),
      });
    });
  });
}

// Positions scaled so the drawing spans `pixels`: node sizes are screen pixels, so only then does
// noverlap, which works in position units, keep the drawn discs apart.
function fit(graph, pixels) {
  const xs = graph.mapNodes((_, a) => a.x);
  const ys = graph.mapNodes((_, a) => a.y);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) || 1;
  graph.updateEachNodeAttributes((_, a) => ({ ...a, x: (a.x * pixels) / span, y: (a.y * pixels) / span }));
}

export function layout(graph, pixels) {
  seedPositions(graph);
  if (graph.size > 0) {
    const inferred = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, {
      iterations: graph.order > 800 ? Math.max(150, Math.round((ITERATIONS * 800) / graph.order)) : ITERATIONS,
      getEdgeWeight: null,
      settings: { ...inferred, linLogMode: true, gravity: 1, scalingRatio: 20, adjustSizes: false, barnesHutOptimize: graph.order > 800 },
    });
  }
  if (graph.order > 1) fit(graph, pixels);
  noverlap.assign(graph, { maxIterations: 300, settings: { margin: 6, ratio: 1.2, expansion: 1.1 } });
}
