// Labels that never pile up. sigma picks label candidates per grid cell, but a long label still
// runs over its neighbours; so each frame, candidates are placed greedily, most important first
// (highlighted, then the largest nodes), and a label that would overlap a placed label or a node
// disc is not drawn. Edge labels then take what room is left. Boxes are kept in a coarse spatial
// hash, so a frame costs about linear time in the labels considered.
import { drawDiscNodeHover, drawStraightEdgeLabel } from "sigma/rendering";
import { createDrawCurvedEdgeLabel, DEFAULT_EDGE_CURVATURE } from "@sigma/edge-curve";

const CELL = 48; // px
const MARGIN = 2; // px kept free around a label
const LONGEST = 34; // characters of a label drawn on the graph; the claims panel shows it whole

function shorten(label) {
  return label.length > LONGEST ? `${label.slice(0, LONGEST - 1).trimEnd()}…` : label;
}

class Space {
  constructor() { this.cells = new Map(); }

  *keys(box) {
    for (let i = Math.floor(box.x0 / CELL); i <= Math.floor(box.x1 / CELL); i++) {
      for (let j = Math.floor(box.y0 / CELL); j <= Math.floor(box.y1 / CELL); j++) yield `${i},${j}`;
    }
  }

  fits(box) {
    for (const key of this.keys(box)) {
      for (const other of this.cells.get(key) || []) {
        if (box.x0 < other.x1 && other.x0 < box.x1 && box.y0 < other.y1 && other.y0 < box.y1) return false;
      }
    }
    return true;
  }

  add(box) {
    for (const key of this.keys(box)) {
      if (!this.cells.has(key)) this.cells.set(key, []);
      this.cells.get(key).push(box);
    }
  }

  take(box) {
    if (!this.fits(box)) return false;
    this.add(box);
    return true;
  }
}

// The axis-aligned box of a text of this width centred at (x, y) and turned along (dx, dy).
function turned(x, y, width, height, dx, dy) {
  const length = Math.hypot(dx, dy) || 1;
  const cos = Math.abs(dx / length);
  const sin = Math.abs(dy / length);
  const halfWidth = (width * cos + height * sin) / 2 + MARGIN;
  const halfHeight = (width * sin + height * cos) / 2 + MARGIN;
  return { x0: x - halfWidth, x1: x + halfWidth, y0: y - halfHeight, y1: y + halfHeight };
}

export class LabelPlacer {
  // `hovered()` names the node under the pointer: sigma draws its label on the hover layer, to the
  // right of the node, so that place is kept free and the label is not drawn twice.
  constructor(hovered) {
    this.hovered = hovered;
    this.renderer = null;
    this.stale = true;
    this.spots = new Map();
    this.space = new Space();
  }

  attach(renderer) {
    this.renderer = renderer;
    renderer.on("beforeRender", () => { this.stale = true; });
  }

  // Where each node label goes this frame (or nowhere); computed on the frame's first label,
  // after sigma has applied the reducers. A label tries the right of its node, then the left,
  // below and above: first where it covers neither a label nor a node, then where it covers no
  // label (for nodes large enough to deserve one anyway).
  frame() {
    if (!this.stale || !this.renderer) return;
    this.stale = false;
    const r = this.renderer;
    const { width, height } = r.getDimensions();
    const threshold = r.getSetting("labelRenderedSizeThreshold");
    const size = r.getSetting("labelSize");
    const context = r.getCanvases().labels.getContext("2d");
    context.font = `${r.getSetting("labelWeight")} ${size}px ${r.getSetting("labelFont")}`;
    this.space = new Space();
    this.spots = new Map();
    const shown = [];
    r.getGraph().forEachNode((node) => {
      const data = r.getNodeDisplayData(node);
      if (!data || data.hidden) return;
      const point = r.framedGraphToViewport(data);
      if (point.x < -50 || point.x > width + 50 || point.y < -50 || point.y > height + 50) return;
      shown.push({ node, data, point, radius: r.scaleSize(data.size) });
    });
    const first = (entry) => (entry.node === this.hovered() ? 2 : entry.data.forceLabel ? 1 : 0);
    shown.sort((a, b) => first(b) - first(a) || b.radius - a.radius || (a.node < b.node ? -1 : 1));
    const discs = new Space();
    for (const { point: p, radius } of shown) discs.add({ x0: p.x - radius, x1: p.x + radius, y0: p.y - radius, y1: p.y + radius });
    for (const { node, data, point: p, radius } of shown) {
      if (!data.label || (!data.forceLabel && node !== this.hovered() && radius < threshold)) continue;
      const text = shorten(data.label);
      const w = context.measureText(text).width;
      const origins = [
        { x: p.x + radius + 3, y: p.y + size / 3 }, { x: p.x - radius - 3 - w, y: p.y + size / 3 },
        { x: p.x - w / 2, y: p.y + radius + size }, { x: p.x - w / 2, y: p.y - radius - 4 }];
      const boxes = origins.map((o) => ({ x0: o.x - MARGIN, x1: o.x + w + MARGIN, y0: o.y - 0.8 * size - MARGIN, y1: o.y + 0.3 * size + MARGIN }));
      const inside = (box) => box.x0 >= 0 && box.x1 <= width && box.y0 >= 0 && box.y1 <= height;
      if (node === this.hovered()) {
        this.space.add(boxes[0]);
        continue;
      }
      let chosen = boxes.findIndex((box) => inside(box) && discs.fits(box) && this.space.fits(box));
      if (chosen < 0 && (data.forceLabel || radius >= 2 * threshold)) chosen = boxes.findIndex((box) => inside(box) && this.space.fits(box));
      if (chosen < 0) continue;
      this.space.add(boxes[chosen]);
      this.spots.set(node, { ...origins[chosen], text });
    }
  }

  // Text with a white halo, so a label stays legible over the edges behind it.
  drawNodeLabel = (context, data, settings) => {
    this.frame();
    const spot = this.spots.get(data.key);
    if (!spot) return;
    context.font = `${settings.labelWeight} ${settings.labelSize}px ${settings.labelFont}`;
    context.lineJoin = "round";
    context.lineWidth = 3;
    context.strokeStyle = "rgba(255, 255, 255, 0.9)";
    context.strokeText(spot.text, spot.x, spot.y);
    context.fillStyle = settings.labelColor.color;
    context.fillText(spot.text, spot.x, spot.y);
  };

  // sigma's hover box, except for a node shown without a label (dimmed behind a highlight).
  drawNodeHover = (context, data, settings) => {
    if (data.label) drawDiscNodeHover(context, data, settings);
  };

  // An edge label drawer that first claims room at the label's place (the middle of the edge,
  // or of the curve for a curved edge).
  edgeLabel(draw) {
    return (context, edgeData, source, target, settings) => {
      this.frame();
      if (!edgeData.label) return;
      context.font = `${settings.edgeLabelWeight} ${settings.edgeLabelSize}px ${settings.edgeLabelFont}`;
      const dx = target.x - source.x;
      const dy = target.y - source.y;
      const bend = edgeData.curvature ? edgeData.curvature / 2 : 0;
      const x = (source.x + target.x) / 2 + dy * bend;
      const y = (source.y + target.y) / 2 - dx * bend;
      const width = Math.min(context.measureText(edgeData.label).width, Math.hypot(dx, dy));
      if (this.space.take(turned(x, y, width, settings.edgeLabelSize * 1.2, dx, dy))) draw(context, edgeData, source, target, settings);
    };
  }

  straightEdgeLabel = this.edgeLabel(drawStraightEdgeLabel);

  curvedEdgeLabel = this.edgeLabel(createDrawCurvedEdgeLabel({ curvatureAttribute: "curvature", defaultCurvature: DEFAULT_EDGE_CURVATURE }));
}
