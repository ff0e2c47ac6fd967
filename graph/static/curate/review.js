// The review page: draft a pasted or uploaded article (POST /review/draft), accept, edit or reject
// each suggested claim and candidate entity, and save (POST /review/save). The server checks the
// new seeds before it writes anything; its problems are listed here with their file:line.
"use strict";

(() => {
  const { el, status, highlighted } = window.kg;
  let state = null; // {bytes, answer, suggestions: [...], candidates: [...]}

  function field(name, value, attributes) {
    return el("label", {}, `${name} `, el("input", { name, value: value ?? "", ...(attributes || {}) }));
  }

  function json(value) {
    return value && Object.keys(value).length ? JSON.stringify(value) : "";
  }

  function base64(bytes) {
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }

  function choose(card, decision) {
    card.dataset.decision = decision;
    for (const button of card.querySelectorAll(".decision button")) {
      button.setAttribute("aria-pressed", String(button.dataset.decision === decision));
    }
    for (const input of card.querySelectorAll("[data-editable]")) input.disabled = decision !== card.dataset.editWith;
    const marks = document.querySelectorAll(`mark[data-card~="${card.id}"]`);
    for (const mark of marks) {
      mark.classList.toggle("rejected", decision === "reject");
      mark.classList.toggle("accepted", decision === "accept" || decision === "edit");
    }
  }

  function decisions(card, options) {
    return el(
      "div",
      { class: "decision", role: "group", "aria-label": "Decision" },
      options.map(([decision, label]) =>
        el("button", { type: "button", "data-decision": decision, "aria-pressed": "false", onclick: () => choose(card, decision) }, label),
      ),
    );
  }

  function suggestionCard(claim, index) {
    const card = el("li", { class: "suggestion", id: `suggestion-${index}`, "data-decision": "undecided", "data-edit-with": "edit" });
    const editable = { "data-editable": true, disabled: true };
    card.append(
      el("p", { class: "quote" }, claim.quote),
      el("p", { class: "note" }, `${claim.rule} · confidence ${claim.confidence}${claim.value_inferred ? " · date inferred" : ""}`),
      decisions(card, [["accept", "Accept"], ["edit", "Edit"], ["reject", "Reject"]]),
      el(
        "fieldset",
        {},
        field("id", claim.id, editable),
        field("subject", claim.subject, { ...editable, list: "entity-ids" }),
        field("with", (claim.with || []).join(","), { ...editable, list: "entity-ids" }),
        el("label", {}, "relation ", el("select", { name: "relation", ...editable },
          state.answer.relations.map((r) => el("option", { value: r, selected: r === claim.relation }, r)))),
        field("object", claim.object, { ...editable, list: "entity-ids" }),
        field("value", json(claim.value), { ...editable, size: 40 }),
        field("qualifiers", json(claim.qualifiers), { ...editable, size: 40 }),
        field("claimant", claim.claimant, { ...editable, list: "entity-ids" }),
        field("quote_en", "", { size: 60, placeholder: translation("quote") }),
      ),
    );
    return card;
  }

  function candidateCard(candidate, index) {
    const card = el("li", { class: "candidate", id: `candidate-${index}`, "data-decision": "undecided", "data-edit-with": "new" });
    const editable = { "data-editable": true, disabled: true };
    const merge = el("input", { name: "into", list: "entity-ids", placeholder: "a known entity's id", disabled: true, "data-merge": true });
    card.append(
      el("p", {}, el("strong", {}, candidate.label), ` · guessed ${candidate.type} · ${candidate.mentions} mention(s) · ${candidate.rule}`),
      decisions(card, [["new", "New entity"], ["merge", "Merge into…"], ["reject", "Reject"]]),
      el(
        "fieldset",
        {},
        field("id", candidate.id.startsWith("new-") ? "" : candidate.id, { ...editable, placeholder: "lowercase-id" }),
        el("label", {}, "class ", el("select", { name: "type", ...editable },
          state.answer.classes.map((c) => el("option", { value: c, selected: c === candidate.type }, c)))),
        field("label", candidate.label, { ...editable, placeholder: "English label" }),
        el("label", {}, "merge into ", merge),
      ),
    );
    card.addEventListener("click", () => (merge.disabled = card.dataset.decision !== "merge"));
    return card;
  }

  function value(card, name) {
    return card.querySelector(`[name="${name}"]`).value.trim();
  }

  function parsed(card, name) {
    const text = value(card, name);
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch {
      throw new Error(`${card.querySelector(".quote").textContent}: ${name} is not JSON`);
    }
  }

  function submission() {
    const catalogue = {};
    for (const input of document.querySelectorAll("#catalogue input")) catalogue[input.name] = input.value.trim() || null;
    const claims = [];
    document.querySelectorAll(".suggestion").forEach((card, index) => {
      if (!["accept", "edit"].includes(card.dataset.decision)) return;
      const drafted = state.answer.draft.claims[index];
      claims.push({
        id: value(card, "id"),
        subject: value(card, "subject"),
        with: value(card, "with") ? value(card, "with").split(",").map((p) => p.trim()) : [],
        relation: value(card, "relation"),
        object: value(card, "object") || null,
        value: parsed(card, "value"),
        qualifiers: parsed(card, "qualifiers"),
        claimant: value(card, "claimant") || null,
        quote_en: value(card, "quote_en") || null,
        start: drafted.start,
        end: drafted.end,
      });
    });
    const candidates = [];
    document.querySelectorAll(".candidate").forEach((card, index) => {
      const drafted = state.answer.draft.candidate_entities[index];
      const action = card.dataset.decision === "undecided" ? "reject" : card.dataset.decision;
      candidates.push({
        draft_id: drafted.id, spelling: drafted.label, action,
        id: value(card, "id"), type: value(card, "type"), label: value(card, "label"), into: value(card, "into"),
      });
    });
    return { article: base64(state.bytes), catalogue, candidates, claims };
  }

  function report(node) {
    document.getElementById("result").replaceChildren(node);
    document.getElementById("result").scrollIntoView({ block: "nearest" });
  }

  async function save() {
    let body;
    try {
      body = submission();
    } catch (error) {
      return report(el("p", { class: "error" }, error.message));
    }
    report(el("p", { class: "note" }, "Checking and saving…"));
    const button = document.getElementById("save");
    button.disabled = true; // one save at a time from this page
    const response = await fetch("/review/save", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    }).finally(() => (button.disabled = false));
    const answer = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
    if (response.ok) {
      report(el("div", { id: "saved" },
        el("p", { class: "ok" }, `Saved document ${answer.document}: ${answer.claims.length} claim(s), now in the graph.`),
        el("ul", {}, answer.claims.map((c) => el("li", {}, el("a", { href: c.url }, c.id)))),
        el("p", { class: "note" }, `Files written: ${answer.files.join(", ")}`)));
    } else if (answer.problems) {
      report(el("div", { id: "problems" },
        el("p", { class: "error" }, "Not saved: the seeds would have these problems (nothing was written)."),
        el("ul", { class: "problems" }, answer.problems.map((p) => el("li", {}, p)))));
    } else {
      report(el("p", { class: "error" }, answer.error || `${response.status}`));
    }
  }

  // An English article needs no translation; a Chinese one needs it for its title and each quote.
  function translation(what) {
    return state.answer.language === "en" ? `English ${what}: not needed, the article is English` : `English ${what} (required)`;
  }

  function showDraft() {
    const { answer } = state;
    const { draft } = answer;
    document.body.dataset.lang = answer.language;
    const spans = [
      ...draft.claims.map((c, i) => ({ start: c.start, end: c.end, card: `suggestion-${i}` })),
      ...draft.candidate_entities.map((c, i) => ({ start: c.first.start, end: c.first.end, card: `candidate-${i}` })),
    ];
    const text = highlighted(answer.text, spans, (mark, covering) => {
      mark.dataset.card = covering.map((s) => s.card).join(" ");
      mark.classList.toggle("name", covering.some((s) => s.card.startsWith("candidate-")));
      mark.addEventListener("click", () => {
        const card = document.getElementById(covering[covering.length - 1].card);
        for (const old of document.querySelectorAll(".selected")) old.classList.remove("selected");
        card.classList.add("selected");
        card.scrollIntoView({ block: "nearest" });
      });
    });
    const c = draft.catalogue;
    document.getElementById("drafted").replaceChildren(
      el("h2", {}, `Draft of document ${draft.document}`),
      el("p", { class: "note" }, "The id is final when saved (the next free serial then). Accept or edit the suggestions to keep; the others are not saved."),
      el("fieldset", { id: "catalogue" }, el("legend", {}, "Catalogue record"),
        field("title", c.title, { size: 40 }), field("title_en", "", { size: 40, placeholder: translation("title") }),
        field("outlet", c.outlet), field("published", c.published, { placeholder: "YYYY-MM-DD" }),
        field("published_note", c.published_note, { size: 60 })),
      el("div", { class: "reader" },
        text,
        el("aside", {},
          el("h2", {}, `Suggested claims (${draft.claims.length})`),
          el("ol", { id: "suggestions" }, draft.claims.map(suggestionCard)),
          el("h2", {}, `Candidate entities (${draft.candidate_entities.length})`),
          el("ol", { id: "candidates" }, draft.candidate_entities.map(candidateCard)))),
      el("datalist", { id: "entity-ids" },
        answer.entities.map((e) => el("option", { value: e.id }, `${e.label} (${e.type})`)),
        draft.candidate_entities.map((e) => el("option", { value: e.id }, `${e.label} (candidate)`))),
      el("p", {}, el("button", { type: "button", id: "save", onclick: save }, "Save into the seeds")),
      el("div", { id: "result", "aria-live": "polite" }),
    );
  }

  async function draftArticle() {
    const file = document.getElementById("upload").files[0];
    const bytes = file ? new Uint8Array(await file.arrayBuffer()) : new TextEncoder().encode(document.getElementById("paste").value);
    const message = document.getElementById("draft-error");
    message.textContent = "Drafting…";
    const response = await fetch("/review/draft", { method: "POST", headers: { "Content-Type": "application/octet-stream" }, body: bytes });
    const answer = await response.json().catch(() => ({ error: `${response.status} ${response.statusText}` }));
    if (!response.ok) {
      message.textContent = `Cannot draft it: ${answer.error}`;
      message.className = "error";
      return;
    }
    message.textContent = "";
    state = { bytes, answer };
    showDraft();
  }

  document.getElementById("main").replaceChildren(
    el("h1", {}, "Review a new article"),
    el("p", { class: "note" }, "Paste an article (Chinese in either script, or English) or upload its text file (UTF-8). The server drafts claims from it; nothing enters the graph until you save, and a save is checked before a file is written."),
    el("textarea", { id: "paste", placeholder: "Paste the article here", "aria-label": "Article text" }),
    el("p", {}, el("label", {}, "or upload a file ", el("input", { id: "upload", type: "file", accept: ".txt,text/plain" })),
      el("button", { type: "button", id: "draft", onclick: () => draftArticle().catch((e) => status(e.message, "error")) }, "Draft")),
    el("p", { id: "draft-error", class: "note", "aria-live": "polite" }),
    el("section", { id: "drafted" }),
  );
  document.body.dataset.ready = "true";
})();
