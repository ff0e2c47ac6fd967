// Shared by the reader and the review page: DOM building (text only, never markup), GraphQL over
// fetch to this server, code-point offsets, highlighted text and a claim's wording.
"use strict";

window.kg = (() => {
  // An element with attributes and children; strings become text nodes, never markup.
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (name === "value") node.value = value;
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      node.append(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function status(text, kind) {
    const main = document.getElementById("main");
    main.replaceChildren(el("p", { id: "status", class: kind || "note" }, text));
  }

  async function graphql(query, variables) {
    const response = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const answer = await response.json();
    if (answer.errors && answer.errors.length) throw new Error(answer.errors.map((e) => e.message).join("; "));
    return answer.data;
  }

  // Every node of a paged connection: `page(after)` returns the connection.
  async function allNodes(page) {
    const nodes = [];
    let after = null;
    for (;;) {
      const connection = await page(after);
      nodes.push(...connection.nodes);
      if (!connection.pageInfo.hasNextPage) return nodes;
      after = connection.pageInfo.endCursor;
    }
  }

  // The text cut where any span starts or ends (offsets in Unicode code points, as the graph's
  // anchors and the drafts count them): [{start, end, text, spans}], spans covering the piece.
  function pieces(text, spans) {
    const points = Array.from(text);
    const cuts = new Set([0, points.length]);
    for (const span of spans) {
      cuts.add(Math.max(0, Math.min(points.length, span.start)));
      cuts.add(Math.max(0, Math.min(points.length, span.end)));
    }
    const sorted = [...cuts].sort((a, b) => a - b);
    const result = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const start = sorted[i], end = sorted[i + 1];
      const covering = spans.filter((s) => s.start <= start && end <= s.end);
      result.push({ start, end, text: points.slice(start, end).join(""), spans: covering });
    }
    return result;
  }

  // The text with every span's piece in a <mark>; onMark(mark, spans) wires each one.
  function highlighted(text, spans, onMark) {
    const container = el("div", { class: "text", lang: document.body.dataset.lang || "zh" });
    for (const piece of pieces(text, spans)) {
      if (!piece.spans.length) {
        container.append(piece.text);
        continue;
      }
      const mark = el("mark", { tabindex: "0", "data-start": piece.start, "data-end": piece.end }, piece.text);
      if (piece.spans.length > 1) mark.classList.add("many");
      onMark(mark, piece.spans);
      container.append(mark);
    }
    return container;
  }

  function number(value) {
    const n = Number(value);
    return Number.isFinite(n) ? n.toLocaleString("en-US") : String(value);
  }

  // A claim's value as words: "19,000,000,000 USD", "100,000-900,000 count", "2025-01-21", a text.
  function valueText(claim) {
    const measure = claim.currency || claim.unit || "";
    if (claim.amountMin !== null && claim.amountMin !== undefined) {
      return `${number(claim.amountMin)}-${number(claim.amountMax)} ${measure}`.trim();
    }
    if (claim.amount !== null && claim.amount !== undefined) return `${number(claim.amount)} ${measure}`.trim();
    return claim.dateValue || claim.text || "";
  }

  return { el, status, graphql, allNodes, pieces, highlighted, valueText };
})();
