// The claims panel: what the sources say about a node, an edge, a finding or a path. Every edge
// is listed with each claim behind it: the evidence quote in the document's words first, the
// project's English translation under it, the document it comes from (title, outlet, date), and
// marks that cannot be missed for how sure the claim is ("alleged by Elon Musk"), for a figure's
// bound or range ("under US$10 bn", "US$2-9 bn"), for joint parties and for what a source says
// is NOT so (negative claims are no edges: a node lists them apart). A panel whose relations rest
// on claims no one asserts says so at its top. A claim that takes part in a contradiction (the
// sources disagree) says which, and opens it: its sides side by side, each claim with its
// document, publication date, claimant, modality and quote. An entity linked to Wikidata shows its
// item id as a plain link to the item (nothing is fetched; the reader may follow it). Built with DOM
// nodes and textContent only, so no text from the data is ever parsed as HTML.

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

const SERVED = location.protocol === "http:" || location.protocol === "https:";
// The document reader's path for a claim (graph/server/reader.py), relative to the page at /viz.
const readerPath = (claim) => `read/${encodeURIComponent(claim.document)}#claim-${encodeURIComponent(claim.id)}`;

const VERDICTS = { confirmed: "confirmed by a curator", dismissed: "dismissed by a curator", asserted: "asserted by a curator" };

export class Details {
  // `open(id)` shows a contradiction: the page highlights its claims and calls back contradiction().
  constructor(graph, names, open) {
    this.graph = graph;
    // { node(id) -> label in the current language, edge(attrs) -> relation label, known(claim) -> told so far }
    this.names = names;
    this.documents = graph.getAttribute("documents") || {};
    this.negated = graph.getAttribute("negated") || [];
    this.contradictions = new Map((graph.getAttribute("contradictions") || []).map((c) => [c.id, c]));
    this.byClaim = new Map(); // claim IRI -> the contradictions it takes part in
    for (const c of this.contradictions.values()) {
      for (const claim of c.claims) this.byClaim.set(claim, [...(this.byClaim.get(claim) || []), c]);
    }
    this.panel = document.getElementById("details");
    this.body = document.getElementById("details-body");
    document.getElementById("details-close").addEventListener("click", () => this.close());
    this.body.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-open-contradiction]");
      if (button) open(button.dataset.openContradiction);
    });
  }

  close() {
    this.panel.hidden = true;
    this.panel.classList.remove("wide");
    this.body.replaceChildren();
  }

  verdictMark(c) {
    return el("span", { class: "mark verdict", "data-verdict": c.verdict || "" }, VERDICTS[c.verdict] || "not judged");
  }

  // A button that opens each contradiction the view holds, and the ids and kinds of those it does
  // not hold whole (their claims lie partly outside it).
  contradictionLinks(ids, kinds = [], except = null) {
    const known = ids.filter((id) => id !== except && this.contradictions.has(id)).map((id) => this.contradictions.get(id));
    const outside = ids.filter((id) => !this.contradictions.has(id));
    return [
      ...known.map((c) => el("button", { type: "button", class: "mark contradiction", "data-open-contradiction": c.id, "data-verdict": c.verdict || "" },
        `contradiction: ${c.kind}${c.verdict === "dismissed" ? " (dismissed)" : ""}`)),
      outside.length ? el("span", { class: "mark contradiction" },
        `in ${outside.length === 1 ? "a contradiction" : "contradictions"} partly outside this view (${kinds.join(", ")}): ${outside.join(", ")}`) : "",
    ];
  }

  // The contradiction: what it is, the curators' word on it, then its sides side by side.
  contradiction(c) {
    this.body.replaceChildren(
      el("h2", {}, `Contradiction: ${c.kind}`),
      el("p", { class: "meta" }, this.verdictMark(c), c.rule ? ` found by the rule ${c.rule}` : " no rule finds it"),
      el("p", { class: "explanation" }, c.explanation),
      c.verdict ? el("p", { class: "judgement", "data-verdict": c.verdict }, `${VERDICTS[c.verdict]} (${c.curator}, ${c.date}): ${c.reason}`) : "",
      el("div", { class: "sides" }, c.sides.map((side) => el("section", { class: "side" },
        el("h3", {}, side.position),
        el("ol", { class: "claims" }, side.claims.filter(this.names.known).map((claim) => this.claimItem(claim, c.id)))))),
    );
    this.panel.hidden = false;
    this.panel.classList.add("wide");
    this.panel.scrollTop = 0;
  }

  show(heading, edges, negated = []) {
    const claims = edges.reduce((sum, edge) => sum + this.graph.getEdgeAttribute(edge, "claims").filter(this.names.known).length, 0);
    const weak = edges.filter((edge) => this.graph.getEdgeAttribute(edge, "rests_on"));
    this.body.replaceChildren(
      ...heading,
      el("p", { class: "note" }, `${edges.length} relation${edges.length === 1 ? "" : "s"}, ${claims} claim${claims === 1 ? "" : "s"}`),
      weak.length ? el("p", { class: "mark modality rests-on" },
        `Not asserted: ${weak.length} of ${edges.length} relation${edges.length === 1 ? "" : "s"} rest${weak.length === 1 ? "s" : ""} only on claims no one asserts: `,
        weak.map((edge) => `${this.edgeTitle(edge)} (${this.graph.getEdgeAttribute(edge, "rests_on")})`).join("; ")) : "",
      ...edges.map((edge) => this.edgeBlock(edge)),
      negated.length ? el("section", { class: "negated" },
        el("h3", {}, "The sources say this is NOT so"),
        ...negated.map((record) => this.negatedBlock(record))) : "",
    );
    this.panel.hidden = false;
    this.panel.classList.remove("wide");
    this.panel.scrollTop = 0;
  }

  node(node) {
    const a = this.graph.getNodeAttributes(node);
    const edges = [...this.graph.outEdges(node), ...this.graph.inEdges(node)].filter((e) => this.names.shown(e));
    const negated = this.negated.filter((record) => (record.source === node || record.target === node) && record.claims.some(this.names.known));
    this.show([
      el("h2", {}, a.label, a.label_zh && a.label_zh !== a.label ? el("span", { lang: "zh", class: "zh" }, ` ${a.label_zh}`) : ""),
      el("p", { class: "meta" }, el("span", { class: "swatch", style: `background:${a.color}` }), ` ${a.type_label} · ${node}`),
      el("p", { class: "meta" }, `centrality ${a.centrality.toPrecision(3)} · community ${a.community}`),
      a.wikidata ? el("p", { class: "meta wikidata" }, "Wikidata: ",
        el("a", { href: `https://www.wikidata.org/wiki/${encodeURIComponent(a.wikidata)}`, target: "_blank", rel: "noopener noreferrer" }, a.wikidata)) : "",
      a.contradictions.length ? el("p", { class: "marks" }, "Where the sources disagree about its values: ",
        ...this.contradictionLinks(a.contradictions, a.contradiction_kinds)) : "",
    ], edges, negated);
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
    const facts = [
      a.status.length ? `status: ${a.status.join(", ")}` : "",
      a.figures.length ? `amounts stated: ${a.figures.join("; ")}` : "",
      a.joint.length ? `jointly with ${a.joint.map(this.names.node).join(", ")}` : "",
    ].filter(Boolean).join(" · ");
    const outside = a.contradictions.filter((id) => !this.contradictions.has(id)); // the others show on their claims
    return el("section", { class: "edge", "data-edge": edge },
      el("h3", {}, this.edgeTitle(edge)),
      a.rests_on ? el("p", { class: "mark modality" }, `not asserted: ${a.rests_on}`) : "",
      facts ? el("p", { class: "meta" }, facts) : "",
      outside.length ? el("p", { class: "marks" }, ...this.contradictionLinks(outside, a.contradiction_kinds)) : "",
      el("ol", { class: "claims" }, a.claims.filter(this.names.known).map((claim) => this.claimItem(claim))));
  }

  negatedBlock(record) {
    const title = `${this.names.node(record.source)} → ${this.names.edgeLabel(record)} → ${this.names.node(record.target)}`;
    return el("section", { class: "edge negated", "data-negated": record.id },
      el("h4", {}, el("span", { class: "mark negative" }, "NOT"), ` ${title}`),
      el("ol", { class: "claims" }, record.claims.filter(this.names.known).map((claim) => this.claimItem(claim))));
  }

  // A claim with its quote, translation, marks and source; on a contradiction's side (`side` is its
  // id) the modality and the voice are always said, and the claim's other contradictions linked.
  claimItem(claim, side = null) {
    const doc = this.documents[claim.document] || {};
    const by = claim.claimant ? ` by ${this.names.node(claim.claimant)}` : "";
    const voice = claim.claimant ? `per ${this.names.node(claim.claimant)}` : "in the document's own voice";
    const facts = [
      claim.status && `status ${claim.status}`,
      claim.share !== undefined && `share ${claim.share}%`,
      claim.role && `role ${claim.role}`,
      !side && claim.modality === "asserted" && claim.claimant && `claimed by ${this.names.node(claim.claimant)}`,
    ].filter(Boolean).join(" · ");
    const marks = [
      claim.polarity === "negative" && el("span", { class: "mark negative" }, "negative: the source says this is NOT so"),
      (side || claim.modality !== "asserted") && el("span", { class: "mark modality", "data-modality": claim.modality }, side ? claim.modality : `${claim.modality}${by}`),
      side && el("span", { class: "mark voice" }, voice),
      claim.figure && el("span", { class: "mark figure", "data-bound": claim.bound || "" }, claim.figure),
      claim.parties && el("span", { class: "mark joint" }, `jointly: ${claim.parties.map(this.names.node).join(", ")}`),
      ...this.contradictionLinks((this.byClaim.get(claim.claim) || []).map((c) => c.id), [], side),
    ].filter(Boolean);
    return el("li", { class: "claim", "data-claim": claim.claim, "data-polarity": claim.polarity, "data-modality": claim.modality },
      el("blockquote", { lang: "zh" }, claim.quote),
      claim.quote_en ? el("p", { class: "translation", lang: "en" }, claim.quote_en) : "",
      marks.length ? el("p", { class: "marks" }, ...marks) : "",
      claim.reason ? el("p", { class: "reason", lang: "zh" }, `reason: ${claim.reason}`) : "",
      claim.target ? el("p", { class: "target" }, `about: “${claim.target.quote}” (${claim.target.document})`) : "",
      facts ? el("p", { class: "meta" }, facts) : "",
      el("p", { class: "source" },
        "source: ", el("cite", { lang: "zh" }, doc.title || claim.document),
        ` — ${[doc.outlet, doc.published].filter(Boolean).join(", ")} `,
        el("code", {}, claim.document),
        // served: the document reader shows the quote in its text; a dump opened from disk has no server
        SERVED ? [" ", el("a", { class: "read", href: readerPath(claim) }, "read in context")] : ""));
  }
}
