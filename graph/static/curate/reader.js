// The document reader: /read lists the documents; /read/{id} shows one document's text with every
// claim's quote highlighted. A click on a highlight lists the claims it anchors;
// #claim-{local id} scrolls to that claim's quote and marks it.
"use strict";

(() => {
  const { el, status, graphql, allNodes, highlighted, valueText } = window.kg;
  const PAGE = Number(document.body.dataset.pageSize) || 20; // the server's max_page_size

  const DOCUMENTS = `query Documents($after: String) {
    documents(first: ${PAGE}, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { id title titleEn outlet published claims { totalCount } }
    }
  }`;

  const DOCUMENT = `query Document($id: ID!, $after: String) {
    document(id: $id) {
      id title titleEn outlet published language text
      claims(first: ${PAGE}, after: $after) {
        pageInfo { hasNextPage endCursor }
        nodes {
          id relation relationLabel quote quoteEn modality polarity bound
          amount amountMin amountMax currency unit dateValue text
          subject { id label } object { id label } claimant { id label }
          anchor { start end }
        }
      }
    }
  }`;

  async function listDocuments() {
    const nodes = await allNodes(async (after) => (await graphql(DOCUMENTS, { after })).documents);
    const main = document.getElementById("main");
    main.replaceChildren(
      el("h1", {}, "Documents"),
      el("p", { class: "note" }, "Each document's text with its claims' quotes highlighted."),
      el(
        "ul",
        { id: "documents" },
        nodes.map((d) =>
          el(
            "li",
            {},
            el("a", { href: `/read/${encodeURIComponent(d.id)}` }, d.title),
            ` (${d.titleEn || ""}) `,
            el("span", { class: "note" }, `${d.outlet}, ${d.published || "undated"}, ${d.claims.totalCount} claims, ${d.id}`),
          ),
        ),
      ),
    );
  }

  function localId(claim) {
    return claim.id.slice(claim.id.indexOf("/") + 1);
  }

  function claimItem(claim) {
    const object = claim.object ? claim.object.label : valueText(claim);
    const marks = [claim.modality.toLowerCase(), claim.polarity === "NEGATIVE" ? "negative" : null, claim.bound ? claim.bound.toLowerCase() : null];
    return el(
      "li",
      { class: "claim", "data-claim": claim.id },
      el("p", { class: "statement" },
        el("strong", {}, claim.subject ? claim.subject.label : ""), " ",
        el("span", { class: "relation" }, claim.relationLabel), " ",
        el("strong", {}, object),
        claim.object && valueText(claim) ? ` (${valueText(claim)})` : ""),
      el("p", { class: "note" },
        `modality: ${marks.filter(Boolean).join(", ")}`,
        claim.claimant ? ` · claimant: ${claim.claimant.label}` : " · in the document's own voice"),
      el("p", { class: "quote", lang: document.body.dataset.lang }, claim.quote),
      claim.quoteEn ? el("p", { class: "translation", lang: "en" }, claim.quoteEn) : null,
      el("p", { class: "note" }, el("a", { href: `#claim-${localId(claim)}` }, claim.id)),
    );
  }

  function showClaims(claims, title) {
    const panel = document.getElementById("claims");
    panel.hidden = false;
    panel.replaceChildren(el("h2", {}, title), el("ol", {}, claims.map(claimItem)));
  }

  // #claim-{id}: every piece of its quote marked, the first scrolled to, its claims listed.
  function follow(byLocal) {
    for (const old of document.querySelectorAll("mark.target")) old.classList.remove("target");
    const wanted = decodeURIComponent(location.hash.replace(/^#claim-/, ""));
    const claim = byLocal.get(wanted);
    if (!location.hash.startsWith("#claim-") || !claim) return;
    const marks = [...document.querySelectorAll("#text mark")].filter(
      (m) => claim.anchor.start <= Number(m.dataset.start) && Number(m.dataset.end) <= claim.anchor.end,
    );
    for (const mark of marks) mark.classList.add("target");
    if (marks.length) marks[0].scrollIntoView({ block: "center" });
    showClaims([claim], `Claim ${claim.id}`);
  }

  async function showDocument(id) {
    const first = (await graphql(DOCUMENT, { id, after: null })).document;
    if (!first) return status(`No document ${id}.`, "error");
    const claims = await allNodes(async (after) =>
      after === null ? first.claims : (await graphql(DOCUMENT, { id, after })).document.claims,
    );
    document.body.dataset.lang = first.language;
    const anchored = claims.filter((c) => c.anchor);
    const byLocal = new Map(anchored.map((c) => [localId(c), c]));
    const spans = anchored.map((c) => ({ start: c.anchor.start, end: c.anchor.end, claim: c }));
    const text = highlighted(first.text, spans, (mark, covering) => {
      const show = () => showClaims(covering.map((s) => s.claim), `${covering.length} claim${covering.length > 1 ? "s" : ""} on this passage`);
      mark.addEventListener("click", show);
      mark.addEventListener("keydown", (event) => event.key === "Enter" && show());
    });
    text.id = "text";
    document.getElementById("main").replaceChildren(
      el("h1", {}, first.title),
      el("p", { class: "note" }, `${first.titleEn || ""} · ${first.outlet} · ${first.published || "undated"} · ${first.id} · ${anchored.length} claims`),
      el("p", { class: "note" }, "Highlighted: the quotes of the document's claims (darker where several overlap). Click one to list its claims."),
      el("div", { class: "reader" }, text, el("aside", { id: "claims", hidden: true, "aria-live": "polite" })),
    );
    window.addEventListener("hashchange", () => follow(byLocal));
    follow(byLocal);
    document.body.dataset.ready = "true";
  }

  const id = document.body.dataset.document;
  (id ? showDocument(id) : listDocuments().then(() => (document.body.dataset.ready = "true"))).catch((error) =>
    status(`Could not load: ${error.message}`, "error"),
  );
})();
