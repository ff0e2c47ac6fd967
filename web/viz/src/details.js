// The claims panel: what the sources say about a node, an edge, a finding or a path. Every edge
// is listed with each claim behind it: the evidence quote, the document it comes from (title,
// outlet, date), its status, amount and claimant. Built with DOM nodes and textContent only, so
// no text from the data is ever parsed as HTML.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== "") node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

const money = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

export class Details {
  constructor(graph, names) {
    this.graph = graph;
    this.names = names; // { node(id) -> label in the current language, edge(attrs) -> relation label }
    this.documents = graph.getAttribute("documents") || {};
    this.panel = document.getElementById("details");
    this.body = document.getElementById("details-body");
    document.getElementById("details-close").addEventListener("click", () => this.close());
  }

  close() {
    this.panel.hidden = true;
    this.body.replaceChildren();
  }

  show(heading, edges) {
    const claims = edges.reduce((sum, edge) => sum + this.graph.getEdgeAttribute(edge, "claims").length, 0);
    this.body.replaceChildren(
      ...heading,
      el("p", { class: "note" }, `${edges.length} relation${edges.length === 1 ? "" : "s"}, ${claims} claim${claims === 1 ? "" : "s"}`),
      ...edges.map((edge) => this.edgeBlock(edge)),
    );
    this.panel.hidden = false;
    this.panel.scrollTop = 0;
  }

  node(node) {
    const a = this.graph.getNodeAttributes(node);
    const edges = [...this.graph.outEdges(node), ...this.graph.inEdges(node)].filter((e) => this.names.shown(e));
    this.show([
      el("h2", {}, a.label, a.label_zh && a.label_zh !== a.label ? el("span", { lang: "zh", class: "zh" }, ` ${a.label_zh}`) : ""),
      el("p", { class: "meta" }, el("span", { class: "swatch", style: `background:${a.color}` }), ` ${a.type_label} · ${node}`),
      el("p", { class: "meta" }, `centrality ${a.centrality.toPrecision(3)} · community ${a.community}`),
    ], edges);
  }

  edge(edge) {
    this.show([el("h2", {}, this.edgeTitle(edge))], [edge]);
  }

  group(title, explanation, edges) {
    this.show([el("h2", {}, title), explanation ? el("p", {}, explanation) : ""], edges);
  }

  edgeTitle(edge) {
    const [source, target] = this.graph.extremities(edge);
    return `${this.names.node(source)} → ${this.names.edge(edge)} → ${this.names.node(target)}`;
  }

  edgeBlock(edge) {
    const a = this.graph.getEdgeAttributes(edge);
    const facts = [a.status.length ? `status: ${a.status.join(", ")}` : "", a.amount ? `largest amount stated US$${money.format(a.amount)}` : ""]
      .filter(Boolean).join(" · ");
    return el("section", { class: "edge", "data-edge": edge },
      el("h3", {}, this.edgeTitle(edge)),
      facts ? el("p", { class: "meta" }, facts) : "",
      el("ol", { class: "claims" }, a.claims.map((claim) => this.claimItem(claim))));
  }

  claimItem(claim) {
    const doc = this.documents[claim.document] || {};
    const facts = [
      claim.status && `status ${claim.status}`,
      claim.amount !== undefined && `${claim.currency ? `${claim.currency} ` : ""}${money.format(claim.amount)}`,
      claim.share !== undefined && `share ${claim.share}%`,
      claim.role && `role ${claim.role}`,
      claim.claimant && `claimed by ${this.names.node(claim.claimant)}`,
    ].filter(Boolean).join(" · ");
    return el("li", { class: "claim", "data-claim": claim.claim },
      el("blockquote", { lang: "zh" }, claim.quote),
      claim.reason ? el("p", { class: "reason", lang: "zh" }, `reason: ${claim.reason}`) : "",
      claim.target ? el("p", { class: "target" }, `about: “${claim.target.quote}” (${claim.target.document})`) : "",
      facts ? el("p", { class: "meta" }, facts) : "",
      el("p", { class: "source" },
        "source: ", el("cite", { lang: "zh" }, doc.title || claim.document),
        ` — ${[doc.outlet, doc.published].filter(Boolean).join(", ")} `,
        el("code", {}, claim.document)));
  }
}
