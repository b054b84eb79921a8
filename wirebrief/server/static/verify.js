// The Verify tab: any summary (yours, a colleague's, an LLM's) checked against the current sources (the pasted
// articles or the storyline's reports) by POST /v1/verify. Each sentence gets its verdict — supported, partly,
// unsupported — and what the cited spans do not carry; clicking it shows those spans in the sources panel.
// Article and summary text only ever becomes text nodes.
(function () {
  "use strict";
  let checked = null; // the last answer of /v1/verify
  let generation = 0; // a newer check (or new sources) makes a pending answer stale

  const VERDICTS = {
    supported: ["Supported", "every part is in the cited reports"],
    partly: ["Partly", "some words are in no cited report"],
    unsupported: ["Unsupported", "the reports do not carry it"],
  };
  const KINDS = { number: "number", date: "date", name: "name", negation: "negation", other: "words" };

  function verdictItem(sentence, i) {
    const { el } = window.wirebrief;
    const [label, why] = VERDICTS[sentence.verdict] || [sentence.verdict, ""];
    const outlets = [...new Set(sentence.sources.map((s) => s.outlet))];
    const missing = sentence.unsupported || [];
    const item = el("div", { class: `verdict ${sentence.verdict}`, tabindex: "0", role: "button", "aria-pressed": "false", "data-index": i },
      el("span", { class: "sentence-text" }, sentence.text),
      el("span", { class: "verdict-line" },
        el("span", { class: `badge-verdict ${sentence.verdict}`, title: why }, label),
        outlets.length ? el("span", { class: "verdict-sources" }, `in ${outlets.join(", ")}`) : el("span", { class: "verdict-sources" }, "in no report")),
      missing.length
        ? el("span", { class: "missing" }, "Not in the cited reports: ",
          ...missing.flatMap((m, k) => [k ? ", " : "", el("q", {}, m.text), ` (${KINDS[m.kind] || m.kind})`]))
        : null);
    item.addEventListener("click", () => select(i));
    item.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        select(i);
      }
    });
    return item;
  }

  function select(i) {
    const { $, showSources } = window.wirebrief;
    if (!checked || !checked.sentences[i]) return;
    document.querySelectorAll("#verdicts .verdict").forEach((node, j) => {
      node.classList.toggle("selected", j === i);
      node.setAttribute("aria-pressed", String(j === i));
    });
    showSources(`Evidence for checked sentence ${i + 1}`, checked.sentences[i].sources, checked.articles);
    $("sources-panel").dataset.for = "verify";
  }

  function render(data) {
    const { $, plural, problemsLine } = window.wirebrief;
    checked = data;
    const counts = { supported: 0, partly: 0, unsupported: 0 };
    for (const s of data.sentences) counts[s.verdict] = (counts[s.verdict] || 0) + 1;
    $("verdicts").replaceChildren(...data.sentences.map(verdictItem));
    $("verify-meta").textContent = [plural(data.sentences.length, "sentence"),
      ...Object.entries(counts).filter(([, n]) => n).map(([kind, n]) => `${n} ${kind}`)].join(" · ");
    const problems = problemsLine(data);
    const status = $("verify-status");
    if (!data.articles.length) {
      status.textContent = `No report could be read${problems ? `: ${problems}` : ""}.`;
      status.className = "status error";
    } else {
      const verdict = counts.unsupported ? `${plural(counts.unsupported, "sentence")} the reports do not support` : "Every sentence is at least partly supported";
      status.textContent = `${verdict}; checked against ${plural(data.articles.length, "report")}${problems ? `, but ${problems}` : ""}.` +
        " Click a sentence to see its evidence.";
      status.className = "status " + (problems || counts.unsupported ? "warn" : "ok");
    }
    if (data.sentences.length) select(0);
  }

  async function check() {
    const { $, postJson, currentSources, MAX_ARTICLES } = window.wirebrief;
    const status = $("verify-status");
    const summary = $("summary").value;
    const { articles } = currentSources();
    const fail = (message) => {
      status.textContent = message;
      status.className = "status error";
    };
    if (!summary.trim()) return fail("Paste the summary to check first.");
    if (!articles.length) return fail("Add the reports to check it against first: paste or upload them, or open a stored story.");
    if (articles.length > MAX_ARTICLES) return fail(`At most ${MAX_ARTICLES} reports at a time.`);
    const mine = ++generation;
    const button = $("verify-go");
    button.disabled = true;
    status.textContent = "Checking…";
    status.className = "status";
    try {
      const { response, data } = await postJson("/v1/verify", { summary, articles });
      if (mine !== generation) return;
      if (!response.ok) return fail(data.error || `Error ${response.status}`);
      render(data);
    } catch (e) {
      if (mine === generation) fail("Could not reach the server: " + e.message);
    } finally {
      if (mine === generation) button.disabled = false;
    }
  }

  window.wirebriefVerify = {
    // new sources: an earlier check says nothing about them (the summary typed stays)
    reset() {
      const $ = (id) => document.getElementById(id);
      generation++;
      checked = null;
      $("verdicts").replaceChildren();
      $("verify-meta").textContent = "";
      $("verify-status").textContent = "";
      $("verify-go").disabled = false;
    },
  };

  document.addEventListener("DOMContentLoaded", () => {
    const $ = (id) => document.getElementById(id);
    $("verify-go").addEventListener("click", check);
    $("summary").addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter") check();
    });
  });
})();
