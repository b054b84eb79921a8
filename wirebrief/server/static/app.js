// wirebrief page: no framework, no build step, nothing external.
// All text from articles and from the server goes into the DOM as text nodes (textContent), never as HTML.
"use strict";

(function () {
  const MAX_ARTICLES = 200;
  const $ = (id) => document.getElementById(id);

  // el("div", {class: "x", title: "y"}, child, "text", ...): strings become text nodes
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  // mode: "paste" (the article cards) or "story" (a stored storyline: `story` is its GET /v1/stories/{id}, `records`
  // its reports as article records)
  const state = { brief: null, selected: -1, mode: "paste", story: null, records: [], busy: false, urls: [] };

  // "1 sentence", "2 sentences"
  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many || one + "s"}`;
  }

  // POST `body` as JSON to the API: the response and its JSON (an `error` of our own when the answer is not JSON)
  async function postJson(path, body) {
    const response = await fetch(path, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({ error: `the server answered ${response.status} without JSON` }));
    return { response, data };
  }

  // GET `path` as JSON: the response and its JSON (an `error` of our own when the answer is not JSON)
  async function getJson(path, options) {
    const response = await fetch(path, { headers: { Accept: "application/json" }, ...(options || {}) });
    const data = response.status === 304 ? null : await response.json().catch(() => ({ error: `the server answered ${response.status} without JSON` }));
    return { response, data };
  }

  // ---------- article cards ----------

  function articleCards() {
    return Array.from($("articles").querySelectorAll(".article"));
  }

  function renumber() {
    articleCards().forEach((card, i) => {
      card.querySelector(".num").textContent = String(i + 1);
      card.querySelector("textarea").setAttribute("aria-label", `Article ${i + 1} text`);
      card.querySelector(".remove").setAttribute("aria-label", `Remove article ${i + 1}`);
    });
  }

  function addCard(article) {
    article = article || {};
    const kind = article.html !== undefined ? "html" : "text";
    const body = (kind === "html" ? article.html : article.text) || "";
    const textarea = el("textarea", {
      rows: body ? 7 : 5,
      spellcheck: "false",
      placeholder: kind === "html" ? "HTML of the article page" : "Paste the article text (a short first line is read as its headline)",
    });
    textarea.value = body;
    const card = el(
      "div",
      { class: "article card", "data-kind": kind },
      el(
        "div",
        { class: "card-head" },
        el("span", { class: "num" }, ""),
        el("input", { class: "outlet", type: "text", placeholder: "Outlet", "aria-label": "Outlet", value: article.outlet || "" }),
        el("input", { class: "title", type: "text", placeholder: "Headline (optional)", "aria-label": "Headline", value: article.title || "" }),
        kind === "html" ? el("span", { class: "badge", title: "The article will be extracted from this HTML" }, "HTML") : null,
        el("button", { type: "button", class: "remove", onclick: () => { card.remove(); if (!articleCards().length) addCard(); renumber(); } }, "×")
      ),
      textarea,
      article.name ? el("div", { class: "file-name" }, article.name) : null
    );
    const stem = article.name ? String(article.name).replace(/^.*[\\/]/, "").replace(/(\.[^.]*)+$/, "") : null;
    card._meta = { url: article.url, published: article.published, id: article.id || stem };
    $("articles").append(card);
    renumber();
    return card;
  }

  function isEmptyCard(card) {
    return !card.querySelector("textarea").value.trim();
  }

  function collectArticles() {
    const items = [];
    for (const card of articleCards()) {
      const body = card.querySelector("textarea").value;
      if (!body.trim()) continue;
      const outlet = card.querySelector(".outlet").value.trim();
      const title = card.querySelector(".title").value.trim();
      const meta = card._meta || {};
      if (card.dataset.kind === "text" && !outlet && !title && !meta.url && !meta.published && !meta.id) {
        items.push(body); // as pasted: the server finds the headline line
        continue;
      }
      const record = card.dataset.kind === "html" ? { html: body } : { text: body };
      if (outlet) record.outlet = outlet;
      if (title) record.title = title;
      if (meta.url) record.url = String(meta.url);
      if (meta.published) record.published = String(meta.published);
      if (meta.id) record.id = String(meta.id);
      items.push(record);
    }
    return items;
  }

  // ---------- URLs: article pages the server fetches with the brief, or a feed it follows ----------

  const MAX_URLS = 20;

  function urlInput() {
    const value = $("url").value.trim();
    if (!/^https?:\/\/\S+$/i.test(value)) {
      setStatus("Give a web address that starts with http or https.", "error");
      return null;
    }
    return value;
  }

  function renderUrls() {
    $("urls").replaceChildren(
      ...state.urls.map((url) =>
        el("li", {}, el("span", {}, url),
          el("button", { type: "button", class: "remove", "aria-label": `Remove ${url}`, onclick: () => {
            state.urls = state.urls.filter((other) => other !== url);
            renderUrls();
          } }, "×"))
      )
    );
  }

  function addUrl() {
    const url = urlInput();
    if (!url) return;
    if (state.urls.length >= MAX_URLS) return setStatus(`At most ${MAX_URLS} URLs at a time.`, "error");
    if (!state.urls.includes(url)) state.urls.push(url);
    $("url").value = "";
    renderUrls();
    setStatus("");
  }

  async function followFeed() {
    const url = urlInput();
    if (!url) return;
    try {
      const { response, data } = await postJson("/v1/feeds", { url });
      if (!response.ok) return setStatus(data.error || `Error ${response.status}`, "error");
      $("url").value = "";
      setStatus(response.status === 201
        ? `Following ${data.url}: its new items become stored stories (see Stored story).`
        : `Already following ${data.url} (${data.state}, ${data.items} items).`, "ok");
    } catch (e) {
      setStatus("Could not reach the server: " + e.message, "error");
    }
  }

  // ---------- files ----------

  // Multi-News joins a cluster's articles with this; the page reads files itself, so it keeps a copy of
  // wirebrief/readers/records.py MULTINEWS_SEPARATOR (change both together)
  const MULTINEWS_SEPARATOR = "|||||";

  // JSON values to article cards: a record, a list, a cluster {"articles"|"documents": [...]}, or Multi-News "a ||||| b"
  function recordsOf(value, out) {
    if (typeof value === "string") {
      if (value.trim()) out.push({ text: value });
    } else if (Array.isArray(value)) {
      value.forEach((v) => recordsOf(v, out));
    } else if (value && typeof value === "object") {
      if (Array.isArray(value.articles)) recordsOf(value.articles, out);
      else if (Array.isArray(value.documents)) recordsOf(value.documents, out);
      else if (typeof value.documents === "string") recordsOf(value.documents.split(MULTINEWS_SEPARATOR), out);
      else if (typeof value.text === "string" || typeof value.html === "string") {
        const record = {};
        for (const key of ["text", "html", "title", "outlet", "url", "published", "id"]) {
          if (value[key] !== undefined && value[key] !== null) record[key] = key === "text" || key === "html" ? value[key] : String(value[key]);
        }
        if (record.text === undefined) delete record.text;
        out.push(record);
      }
    }
    return out;
  }

  async function readFiles(files) {
    const found = [];
    const problems = [];
    for (const file of files) {
      const name = file.name;
      const lower = name.toLowerCase();
      let text;
      try {
        text = await file.text();
      } catch (e) {
        problems.push(`${name}: cannot be read`);
        continue;
      }
      try {
        if (lower.endsWith(".json")) {
          const records = recordsOf(JSON.parse(text), []);
          if (!records.length) problems.push(`${name}: no articles in it`);
          records.forEach((r) => found.push({ ...r, name }));
        } else if (lower.endsWith(".jsonl")) {
          text.split(/\r?\n/).forEach((line, i) => {
            if (!line.trim()) return;
            try {
              recordsOf(JSON.parse(line), []).forEach((r) => found.push({ ...r, name: `${name}:${i + 1}` }));
            } catch (e) {
              problems.push(`${name}:${i + 1}: malformed JSON`);
            }
          });
        } else if (lower.endsWith(".html") || lower.endsWith(".htm")) {
          found.push({ html: text, name });
        } else {
          found.push({ text, name });
        }
      } catch (e) {
        problems.push(`${name}: malformed JSON`);
      }
    }
    articleCards().filter(isEmptyCard).forEach((card) => card.remove());
    const room = MAX_ARTICLES - articleCards().length;
    found.slice(0, Math.max(room, 0)).forEach((a) => addCard(a));
    if (found.length > room) problems.push(`only ${MAX_ARTICLES} articles fit; ${found.length - room} left out`);
    if (!articleCards().length) addCard();
    const added = Math.min(found.length, Math.max(room, 0));
    setStatus(
      `Added ${added} article${added === 1 ? "" : "s"} from ${files.length} file${files.length === 1 ? "" : "s"}.` +
        (problems.length ? " " + problems.join("; ") : ""),
      problems.length ? "warn" : ""
    );
  }

  // ---------- storing pasted or uploaded articles ----------

  async function storeArticles() {
    const articles = collectArticles().map((a) => (typeof a === "string" ? { text: a } : a));
    if (!articles.length) return setStatus("Paste or upload at least one article to store.", "error");
    setStatus(`Storing ${plural(articles.length, "article")}…`);
    try {
      const { response, data } = await postJson("/v1/articles", { articles });
      if (!response.ok) {
        const unavailable = response.status === 503 ? "The stories store is not available on this server." : null;
        return setStatus(unavailable || data.error || `Error ${response.status}`, "error");
      }
      const parts = [`${data.added.length} added`];
      if (data.duplicates.length) parts.push(plural(data.duplicates.length, "copy", "copies") + " of stored articles");
      if ((data.existing || []).length) parts.push(`${data.existing.length} already stored`);
      const problems = problemsLine(data);
      setStatus(`Stored: ${parts.join(", ")}; ${plural(data.stories_touched.length, "story", "stories")} touched. See Stories.` +
        (problems ? ` But ${problems}.` : ""), problems ? "warn" : "ok");
    } catch (e) {
      setStatus("Could not reach the server: " + e.message, "error");
    }
  }

  // ---------- methods and length budgets ----------

  // the range of the length slider for each kind of budget: [min, max, step, default]
  const BUDGETS = { words: [30, 400, 10, 150], sentences: [1, 20, 1, 5], chars: [200, 2500, 50, 900] };

  function setBudgetKind(kind) {
    const [min, max, step, value] = BUDGETS[kind];
    const range = $("budget");
    Object.assign(range, { min, max, step });
    range.value = String(value);
    $("budget-out").textContent = range.value;
  }

  // the methods come from the server's registry (GET /v1/methods), never from a list in this page
  async function loadMethods() {
    const select = $("method");
    try {
      const response = await fetch("/v1/methods", { headers: { Accept: "application/json" } });
      const data = await response.json();
      select.replaceChildren(
        ...data.methods.map((m) => el("option", { value: m.name, title: m.summary, selected: m.name === data.default }, m.name))
      );
      select.title = (data.methods.find((m) => m.name === select.value) || {}).summary || "";
    } catch (e) {
      select.replaceChildren(el("option", { value: "" }, "default method"));
    }
  }

  // ---------- briefing ----------

  function setStatus(message, kind) {
    const status = $("status");
    status.textContent = message || "";
    status.className = "status" + (kind ? " " + kind : "");
  }

  // Every skipped input and warning of an answer, with its reason, for the status line: a few in full, the rest
  // counted (all of them are under Notes). The several-stories warning has its own notice above the brief.
  function problemsLine(data) {
    const problems = [
      ...(data.skipped || []).map((s) => `skipped ${s.path}: ${s.reason}`),
      ...(data.warnings || []).filter((w) => w.path !== "articles").map((w) => `${w.path}: ${w.reason}`),
    ];
    if (!problems.length) return "";
    const shown = problems.slice(0, 3).join("; ");
    return problems.length > 3 ? `${shown}; and ${problems.length - 3} more (see Notes)` : shown;
  }

  // the articles of the brief or check asked for: the storyline's reports, or the cards and URLs
  function currentSources() {
    if (state.mode === "story") return { articles: state.records, urls: [] };
    return { articles: collectArticles(), urls: state.urls };
  }

  // what a brief is of: a storyline's id, or "paste" (a brief of another one may still be on its way)
  const briefTarget = () => (state.mode === "story" ? state.story && `${state.story.id} ${state.scope}` : "paste");

  async function runBrief() {
    const asked = briefTarget();
    if (state.busy === asked) return;
    const { articles, urls } = currentSources();
    if (!articles.length && !urls.length) {
      return setStatus(state.mode === "story" ? "This story has no report texts to brief." : "Paste or upload at least one article, or add a URL.", "error");
    }
    if (articles.length > MAX_ARTICLES) return setStatus(`At most ${MAX_ARTICLES} articles at a time.`, "error");
    const budget = { [$("budget-kind").value]: parseInt($("budget").value, 10) };
    const method = $("method").value;
    state.busy = asked;
    const button = $("go");
    button.disabled = true;
    button.textContent = "Briefing…";
    document.body.classList.add("busy");
    const count = articles.length + urls.length;
    setStatus(`${urls.length ? "Fetching and briefing" : "Briefing"} ${plural(count, state.mode === "story" ? "report" : "article")}…`);
    const started = performance.now();
    try {
      const { response, data } = await postJson("/v1/briefs", { articles, ...(urls.length ? { urls } : {}), ...budget, ...(method ? { method } : {}) });
      if (asked !== briefTarget()) return; // the reader moved on
      if (!response.ok) {
        setStatus(response.status === 503 ? `The server is busy: ${data.error || "try again in a few seconds"}.` : data.error || `Error ${response.status}`, "error");
        return;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const problems = problemsLine(data);
      if (!data.articles.length) {
        // well-formed, but no article had text to brief: the server says why in `skipped`
        setStatus(`Nothing to brief${problems ? ` (${problems})` : ""}.`, "error");
      } else if (!data.sentences.length) {
        setStatus(`No sentence of these ${plural(data.articles.length, "article")} is fit for a brief${problems ? `: ${problems}` : ""}.`, "error");
      } else {
        const used = `Briefed ${plural(data.articles.length, state.mode === "story" ? "report" : "article")} in ${seconds} s`;
        setStatus(problems ? `${used}, but ${problems}.` : `${used}.`, problems ? "warn" : "ok");
      }
      renderBrief(data);
    } catch (e) {
      setStatus("Could not reach the server: " + e.message, "error");
    } finally {
      if (state.busy === asked) {
        state.busy = false;
        button.disabled = false;
        button.textContent = "Brief";
        document.body.classList.remove("busy");
      }
    }
  }

  // A short, human label for an article: its outlet; when nothing in the article named one, its title, else the
  // name it was given (an uploaded file's name), else "Article n"
  function articleLabel(article, index) {
    if (article.outlet && article.outlet_from !== "input name") return article.outlet;
    if (article.title) return article.title;
    if (article.id && !/^a\d+$/.test(article.id)) return article.id;
    return `Article ${index + 1}`;
  }

  // the brief as text or Markdown, as `wirebrief brief` prints it: sources numbered 1, 2, 3… in article order,
  // only those cited
  function briefAs(brief, markdown) {
    const cited = new Set(brief.sentences.flatMap((s) => s.sources.map((source) => source.article)));
    const numbers = new Map();
    brief.articles.filter((a) => cited.has(a.id)).forEach((a, i) => numbers.set(a.id, i + 1));
    const marks = (s) => [...new Set(s.sources.map((source) => numbers.get(source.article)))].sort((a, b) => a - b).map((n) => `[${n}]`).join("");
    // as wirebrief.render: an outlet only the input's name stands in for is left out where a title names the source
    const outletOf = (a) => (a.outlet_from !== "input name" ? a.outlet : a.title ? null : `${a.outlet} (no outlet named)`);
    const source = (a) => [outletOf(a), a.title ? `“${a.title}”` : null, a.published, a.url].filter(Boolean).join(" — ");
    const lines = brief.sentences.map((s) => `${markdown ? "- " : ""}${s.text} ${marks(s)}`);
    lines.push("", markdown ? "**Sources**" : "Sources:");
    if (markdown) lines.push("");
    for (const a of brief.articles) if (numbers.has(a.id)) lines.push(markdown ? `${numbers.get(a.id)}. ${source(a)}` : `[${numbers.get(a.id)}] ${source(a)}`);
    return lines.join("\n") + "\n";
  }

  async function copyBrief() {
    if (!state.brief) return;
    const text = briefAs(state.brief, false);
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) {
      // no clipboard permission (an http page, an old browser): copy through a selected text area
      const area = el("textarea", { class: "visually-hidden", readonly: true });
      area.value = text;
      document.body.append(area);
      area.select();
      const copied = document.execCommand("copy");
      area.remove();
      if (!copied) return setStatus("The browser did not allow copying; use Markdown to download the brief.", "error");
    }
    setStatus("Brief copied, with its sources.", "ok");
  }

  function downloadMarkdown() {
    if (!state.brief) return;
    const blob = new Blob([briefAs(state.brief, true)], { type: "text/markdown;charset=utf-8" });
    const link = el("a", { href: URL.createObjectURL(blob), download: "brief.md" });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  }

  // ---------- the output panel: tabs Brief / Timeline / Verify, shown once there is something in them ----------

  const PANES = ["brief", "timeline", "verify"];

  function showPane(which) {
    $("output-tabs").hidden = false;
    for (const name of PANES) {
      const tab = $(`tab-${name}`);
      tab.setAttribute("aria-selected", String(name === which));
      tab.tabIndex = name === which ? 0 : -1;
      $(`pane-${name}`).hidden = name !== which;
    }
  }

  // arrow keys move between the tabs shown (the ARIA tabs pattern)
  function tabKeys(event) {
    const tabs = PANES.map((name) => $(`tab-${name}`)).filter((tab) => !tab.hidden);
    const at = tabs.indexOf(event.target);
    const step = { ArrowRight: 1, ArrowLeft: -1 }[event.key];
    if (at < 0 || !step) return;
    event.preventDefault();
    const next = tabs[(at + step + tabs.length) % tabs.length];
    next.focus();
    next.click();
  }

  // an empty output panel, for new sources: no brief, no tabs, no sources, no check
  function resetOutput(emptyText) {
    state.brief = null;
    state.selected = -1;
    $("sentences").replaceChildren();
    $("brief-meta").textContent = "";
    $("export").hidden = true;
    $("notice").hidden = true;
    $("disagreements").hidden = true;
    $("notes").hidden = true;
    $("output-tabs").hidden = true;
    $("tab-timeline").hidden = true;
    $("sources-panel").hidden = true;
    $("sources").replaceChildren();
    $("brief-empty").hidden = false;
    $("brief-empty-text").textContent = emptyText;
    for (const name of PANES) $(`pane-${name}`).hidden = name !== "brief";
    if (window.wirebriefVerify) window.wirebriefVerify.reset();
  }

  function renderBrief(brief) {
    state.brief = brief;
    state.selected = -1;
    state.index = new Map(brief.articles.map((a, i) => [a.id, i]));
    const list = $("sentences");
    list.replaceChildren();
    $("brief-empty").hidden = brief.sentences.length > 0;
    if (!brief.sentences.length) $("brief-empty-text").textContent = "No sentence of these articles made it into a brief.";
    $("tab-timeline").hidden = !brief.sentences.length;
    if ($("pane-timeline").hidden === false && !brief.sentences.length) showPane("brief");
    if ($("output-tabs").hidden) showPane("brief");
    $("brief-meta").textContent = [plural(brief.words, "word"), plural(brief.sentences.length, "sentence"),
      plural(brief.articles.length, state.mode === "story" ? "report" : "article")].join(" · ");
    $("export").hidden = brief.sentences.length === 0;
    // articles that look like several stories (pipeline's cohesion check): say so above the brief
    const mixed = (brief.warnings || []).find((w) => w.path === "articles");
    $("notice").hidden = !mixed;
    $("notice").textContent = mixed ? mixed.reason.charAt(0).toUpperCase() + mixed.reason.slice(1) + "." : "";
    brief.sentences.forEach((sentence, i) => {
      const chips = el("span", { class: "chips" });
      for (const id of new Set(sentence.sources.map((source) => source.article))) {
        const index = state.index.get(id) ?? 0;
        const article = brief.articles[index] || {};
        chips.append(el("span", { class: `chip c${index % 8}`, title: article.title || "" }, articleLabel(article, index)));
      }
      const item = el(
        "div",
        { class: "sentence", tabindex: "0", role: "button", "aria-pressed": "false", "data-index": i },
        el("span", { class: "sentence-text" }, sentence.text),
        chips
      );
      item.addEventListener("click", () => selectSentence(i));
      item.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          selectSentence(i);
        }
      });
      list.append(item);
    });
    const notes = [...(brief.skipped || []).map((s) => ["Skipped", s]), ...(brief.warnings || []).map((s) => ["Warning", s])];
    $("notes").hidden = notes.length === 0;
    $("notes").open = (brief.skipped || []).length > 0;
    $("notes").querySelector("summary").textContent = `${notes.length} note${notes.length === 1 ? "" : "s"} (skipped input, warnings)`;
    $("notes-list").replaceChildren(...notes.map(([kind, s]) => el("li", {}, el("strong", {}, kind + ": "), `${s.path}: ${s.reason}`)));
    $("sources-panel").hidden = true;
    $("sources").replaceChildren();
    // disagreements and the timeline tab (facts.js)
    if (window.wirebriefFacts) window.wirebriefFacts.render(brief, state.mode === "story" ? state.story : null);
    if (brief.sentences.length) selectSentence(0, false);
    // on a phone the brief is below the articles: bring it into view
    if (state.mode === "paste" && window.matchMedia("(max-width: 960px)").matches) {
      requestAnimationFrame(() => document.querySelector(".output").scrollIntoView({ behavior: "smooth", block: "start" }));
    }
  }

  function selectSentence(i, scroll = true) {
    const brief = state.brief;
    if (!brief || !brief.sentences[i]) return;
    state.selected = i;
    document.querySelectorAll("#sentences .sentence").forEach((node, j) => {
      node.classList.toggle("selected", j === i);
      node.setAttribute("aria-pressed", String(j === i));
    });
    showSources(`Sources of sentence ${i + 1}`, brief.sentences[i].sources, brief.articles, scroll);
  }

  // The sources panel: one column per article that carries one of `spans` (side by side on a wide screen), its
  // whole text with each span in a <mark>, scrolled to the first; an article that carries it twice gets two marks
  function showSources(heading, spans, articles, scroll = true) {
    const index = new Map(articles.map((a, i) => [a.id, i]));
    const panel = $("sources-panel");
    panel.hidden = false;
    $("sources-heading").textContent = heading;
    const groups = new Map();
    for (const source of spans) {
      if (!groups.has(source.article)) groups.set(source.article, []);
      groups.get(source.article).push(source);
    }
    const reports = groups.size;
    $("sources-meta").textContent = reports
      ? `${reports} report${reports === 1 ? " carries" : "s carry"} it` + (spans.length > reports ? ` (${spans.length} passages)` : "")
      : "No report carries it.";
    const columns = Array.from(groups, ([id, marks]) => {
      const at = index.get(id) ?? 0;
      const article = articles[at] || {};
      const label = articleLabel(article, at);
      return el("article", { class: "source card", "data-article": id },
        el("header", { class: "source-head" },
          el("span", { class: `chip c${at % 8}` }, label),
          article.published ? el("span", { class: "source-date" }, String(article.published).slice(0, 10)) : null,
          article.title ? el("h3", { class: "source-title" }, article.title) : null,
          article.url && /^https?:\/\//i.test(article.url)
            ? el("a", { class: "source-url", href: article.url, rel: "noopener noreferrer nofollow", target: "_blank" }, article.url)
            : null),
        markedText(article.text || "", id, marks, label));
    });
    $("sources").replaceChildren(...columns);
    // scroll each text so that its passage is in view (inside the column, not the page)
    requestAnimationFrame(() => {
      for (const body of $("sources").querySelectorAll(".source-text")) {
        const mark = body.querySelector("mark");
        if (mark) body.scrollTop = Math.max(mark.offsetTop - 24, 0); // .source-text is the offsetParent
      }
      if (scroll) {
        const top = panel.getBoundingClientRect().top;
        if (top > window.innerHeight * 0.75 || top < 0) panel.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    });
  }

  function markedText(text, id, spans, label) {
    const body = el("div", { class: "source-text", tabindex: "0", role: "region", "aria-label": `Text of ${label}` });
    let at = 0;
    // a sentence with page text cut out of it keeps several pieces of its source (`spans`): a mark for each piece
    const pieces = spans.flatMap((s) => (s.spans || [[s.start, s.end]]).map(([start, end]) => ({ start, end })));
    for (const span of pieces.sort((a, b) => a.start - b.start)) {
      if (span.start < at) continue; // overlapping spans: keep the first
      body.append(text.slice(at, span.start),
        el("mark", { "data-article": id, "data-start": span.start, "data-end": span.end }, text.slice(span.start, span.end)));
      at = span.end;
    }
    body.append(text.slice(at));
    return body;
  }

  // ---------- views: #river (the stored stories), #paste (brief articles), #story/ID (one storyline) ----------

  const PASTE_EMPTY = "Add two or more reports of one story and press Brief. Then click a sentence to see where it comes from.";

  function showView(name) {
    $("river-view").hidden = name !== "river";
    $("work-view").hidden = name === "river";
    $("pane-paste").hidden = name !== "paste";
    $("pane-story").hidden = name !== "story";
    $("ingest").hidden = name !== "paste";
    for (const [link, view] of [["nav-river", "river"], ["nav-paste", "paste"]]) {
      if (view === name || (view === "river" && name === "story")) $(link).setAttribute("aria-current", "page");
      else $(link).removeAttribute("aria-current");
    }
    document.title = { river: "Stories", paste: "Brief articles", story: "Story" }[name] + " — wirebrief";
  }

  function leaveMode(next) {
    if (state.mode === "paste") state.pasteBrief = state.brief; // the pasted articles' brief waits for the return
    state.mode = next;
  }

  function route(moved) {
    const hash = location.hash.slice(1);
    const river = window.wirebriefRiver;
    if (hash.startsWith("story/")) {
      const id = decodeURIComponent(hash.slice("story/".length));
      leaveMode("story");
      state.story = null;
      state.records = [];
      showView("story");
      resetOutput("Loading the story…");
      setStatus("");
      if (river) river.openStory(id, moved);
    } else if (hash === "paste") {
      if (state.mode !== "paste") {
        leaveMode("paste");
        resetOutput(PASTE_EMPTY);
        setStatus("");
        if (state.pasteBrief) renderBrief(state.pasteBrief);
      }
      showView("paste");
      if (moved) $("input-heading").focus();
    } else {
      showView("river");
      if (river) river.show(moved);
    }
  }

  // for river.js, facts.js and verify.js
  window.wirebrief = {
    el, $, state, plural, getJson, postJson, setStatus, problemsLine, currentSources, runBrief, showPane, showSources,
    articleLabel, resetOutput, MAX_ARTICLES,
  };

  // ---------- wiring ----------

  document.addEventListener("DOMContentLoaded", () => {
    addCard();
    addCard();
    $("add-article").addEventListener("click", () => {
      if (articleCards().length >= MAX_ARTICLES) return setStatus(`At most ${MAX_ARTICLES} articles.`, "error");
      addCard().querySelector("textarea").focus();
    });
    $("clear").addEventListener("click", () => {
      $("articles").replaceChildren();
      addCard();
      addCard();
      setStatus("");
    });
    $("files").addEventListener("change", async (event) => {
      const files = Array.from(event.target.files || []);
      if (files.length) await readFiles(files);
      event.target.value = "";
    });
    $("add-url").addEventListener("click", addUrl);
    $("follow-feed").addEventListener("click", followFeed);
    $("url").addEventListener("keydown", (event) => {
      if (event.key === "Enter") addUrl();
    });
    $("budget").addEventListener("input", () => ($("budget-out").textContent = $("budget").value));
    $("budget-kind").addEventListener("change", () => setBudgetKind($("budget-kind").value));
    $("method").addEventListener("change", () => {
      const option = $("method").selectedOptions[0];
      $("method").title = option ? option.title : "";
    });
    $("copy").addEventListener("click", copyBrief);
    $("markdown").addEventListener("click", downloadMarkdown);
    $("ingest").addEventListener("click", storeArticles);
    loadMethods();
    $("go").addEventListener("click", runBrief);
    for (const name of PANES) {
      $(`tab-${name}`).addEventListener("click", () => showPane(name));
      $(`tab-${name}`).addEventListener("keydown", tabKeys);
    }
    $("open-verify").addEventListener("click", () => {
      showPane("verify");
      $("summary").focus();
    });
    window.addEventListener("hashchange", () => route(true));
    document.addEventListener("keydown", (event) => {
      if ((event.ctrlKey || event.metaKey) && event.key === "Enter" && !$("work-view").hidden && event.target.id !== "summary") runBrief();
    });
    route(false);
    document.body.dataset.ready = "1";
  });
})();
