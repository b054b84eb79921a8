// Facts across sources on the page: where sources disagree (a note under the brief, a marker on the
// sentences that carry a disputed figure) and a timeline tab (a stored story's dated events from
// /v1/stories/{id}/timeline, or the brief's dated sentences for pasted articles). Everything is built
// with DOM nodes and textContent: article text never becomes markup.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  let generation = 0; // a newer brief makes a pending timeline request stale

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function outletOf(articles, id) {
    const index = articles.findIndex((a) => a.id === id);
    const article = articles[index] || {};
    // an outlet only the input's name stands in for (a file name, "stdin") names nothing: the title does
    if (article.outlet && article.outlet_from !== "input name" && article.outlet !== article.id) return article.outlet;
    return article.title || `Article ${index + 1}`;
  }

  function outlets(articles, sources) {
    return [...new Set(sources.map((s) => outletOf(articles, s.article)))].join(", ");
  }

  function overlaps(a, b) {
    return a.article === b.article && a.start < b.end && b.start < a.end;
  }

  function renderDisagreements(brief) {
    const box = $("disagreements");
    // only the confident ones: the rest are in the JSON, with their confidence, for whoever wants to check them
    const list = (brief.disagreements || []).filter((d) => d.confident !== false);
    box.hidden = list.length === 0;
    box.replaceChildren();
    if (!list.length) return;
    box.append(el("h3", {}, "⚠ Sources differ on figures"));
    const items = el("ul", {});
    for (const d of list) {
      const values = d.values.map((v) => `${v.text}${d.kind === "revision" && v.date ? ` (${v.date})` : ""} — ${outlets(brief.articles, v.sources)}`);
      items.append(el("li", { class: `disagreement ${d.kind}` },
        el("strong", {}, d.kind === "revision" ? `Revised: ${d.what}` : `Disagree: ${d.what}`), ": ",
        values.join(d.kind === "revision" ? " → " : "; ")));
    }
    box.append(items);
    // a marker on each brief sentence that carries one of the disputed figures
    const disputed = list.flatMap((d) => d.values.flatMap((v) => v.sources.map((s) => ({ ...s, what: d.what }))));
    document.querySelectorAll("#sentences .sentence").forEach((item, i) => {
      const sentence = brief.sentences[i];
      const hit = sentence && disputed.find((f) => sentence.sources.some((s) => overlaps(s, f)));
      if (hit && !item.querySelector(".disputed")) {
        item.append(el("span", { class: "disputed", title: `Sources give different figures for: ${hit.what}` }, `⚠ ${hit.what} disputed`));
      }
    });
  }

  function eventItem(date, text, who) {
    return el("li", { class: "event" }, el("time", { datetime: date }, date), el("span", { class: "event-text" }, text),
      el("span", { class: "event-sources" }, who));
  }

  function briefEvents(brief) {
    return brief.sentences
      .filter((s) => (s.dates || []).length)
      .map((s, order) => ({ date: s.dates[0].date, text: s.text, sources: s.sources, order }))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.order - b.order));
  }

  async function renderTimeline(brief, storyId) {
    const mine = ++generation;
    const list = $("timeline");
    const note = $("timeline-note");
    list.replaceChildren();
    let events, articles;
    if (storyId) {
      note.textContent = "Loading the story's timeline…";
      try {
        const response = await fetch(`/v1/stories/${encodeURIComponent(storyId)}/timeline`, { headers: { Accept: "application/json" } });
        const data = await response.json().catch(() => ({}));
        if (mine !== generation) return;
        if (!response.ok) throw new Error(data.error || `Error ${response.status}`);
        events = data.events;
        articles = data.articles;
      } catch (e) {
        if (mine !== generation) return;
        note.textContent = "Could not load the timeline: " + e.message;
        return;
      }
    } else {
      events = briefEvents(brief);
      articles = brief.articles;
    }
    note.textContent = events.length
      ? (storyId ? "The story's dated events, oldest first." : "The brief's dated sentences, oldest first.")
      : "No dated events: dates resolve only against articles with a publication date.";
    for (const event of events) list.append(eventItem(event.date, event.text, outlets(articles, event.sources)));
  }

  function showPane(which) {
    $("tab-brief").setAttribute("aria-selected", String(which === "brief"));
    $("tab-timeline").setAttribute("aria-selected", String(which === "timeline"));
    $("pane-brief").hidden = which !== "brief";
    $("pane-timeline").hidden = which !== "timeline";
  }

  window.wirebriefFacts = {
    render(brief, storyId) {
      $("output-tabs").hidden = false;
      renderDisagreements(brief);
      renderTimeline(brief, storyId);
    },
  };

  document.addEventListener("DOMContentLoaded", () => {
    $("tab-brief").addEventListener("click", () => showPane("brief"));
    $("tab-timeline").addEventListener("click", () => showPane("timeline"));
  });
})();
