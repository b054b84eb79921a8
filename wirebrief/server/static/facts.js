// Facts across sources on the page: where sources disagree (a note under the brief, a marker on the
// sentences that carry a disputed figure) and a timeline tab (a stored story's dated events from
// /v1/stories/{id} (its events) or /v1/stories/{id}/timeline, or the brief's dated sentences for pasted articles). Everything is built
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

  function disagreementItem(brief, d) {
    const values = d.values.map((v) => `${v.text}${d.kind === "revision" && v.date ? ` (${v.date})` : ""} — ${outlets(brief.articles, v.sources)}`);
    return el("li", { class: `disagreement ${d.kind}` },
      el("strong", {}, d.kind === "revision" ? `Revised: ${d.what}` : `Disagree: ${d.what}`), ": ",
      values.join(d.kind === "revision" ? " → " : "; "),
      d.confident === false ? el("span", { class: "confidence" }, ` (${Math.round(d.confidence * 100)}% sure these count one thing)`) : null);
  }

  // The confident disagreements are shown; the unsure ones (the rules are not sure the figures count one thing)
  // are one click away, in a closed <details>
  function renderDisagreements(brief) {
    const box = $("disagreements");
    const all = brief.disagreements || [];
    const sure = all.filter((d) => d.confident !== false);
    const unsure = all.filter((d) => d.confident === false);
    box.hidden = all.length === 0;
    box.replaceChildren();
    if (!all.length) return;
    if (sure.length) {
      box.append(el("h3", {}, "⚠ Sources differ on figures"), el("ul", {}, ...sure.map((d) => disagreementItem(brief, d))));
    }
    if (unsure.length) {
      const label = `${unsure.length} possible difference${unsure.length === 1 ? "" : "s"} the rules are not sure of`;
      box.append(el("details", { class: "unsure" }, el("summary", {}, label),
        el("ul", {}, ...unsure.map((d) => disagreementItem(brief, d)))));
    }
    box.classList.toggle("quiet", !sure.length);
    // a marker on each brief sentence that carries one of the confidently disputed figures
    const disputed = sure.flatMap((d) => d.values.flatMap((v) => v.sources.map((s) => ({ ...s, what: d.what }))));
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

  function briefButton(event) {
    const button = el("button", { type: "button", class: "link event-brief" }, "Brief this event");
    button.addEventListener("click", () => window.wirebriefRiver.briefScope(event.id));
    return button;
  }

  // a storyline's events (GET /v1/stories/{id} with events): one row per event, oldest first
  function eventRows(story) {
    const list = $("timeline");
    const events = [...story.events].sort((a, b) => String(a.first_seen || "").localeCompare(String(b.first_seen || "")));
    for (const event of events) {
      const day = String(event.first_seen || "").slice(0, 10);
      const last = String(event.last_seen || "").slice(0, 10);
      const n = (event.articles || []).length;
      list.append(el("li", { class: "event", "data-event": event.id },
        el("time", { datetime: day }, day && last && last !== day ? `${day} – ${last.slice(5)}` : day || "undated"),
        el("span", { class: "event-text" }, event.headline || ""),
        el("span", { class: "event-sources" }, `${(event.outlets || []).join(", ")}${n ? ` · ${n} report${n === 1 ? "" : "s"}` : ""}`),
        events.length > 1 ? briefButton(event) : null));
    }
    $("timeline-note").textContent = events.length
      ? `${events.length} event${events.length === 1 ? "" : "s"} in this story, oldest first.`
      : "This story has no events yet.";
  }

  // what the story's reports date (GET /v1/stories/{id}/timeline): its dated sentences, oldest first
  async function datedRows(story, mine) {
    const response = await fetch(`/v1/stories/${encodeURIComponent(story.id)}/timeline`, { headers: { Accept: "application/json" } });
    const data = await response.json().catch(() => ({}));
    if (mine !== generation) return null;
    if (!response.ok) throw new Error(data.error || `Error ${response.status}`);
    return data.events.map((event) => eventItem(event.date, event.text, outlets(data.articles, event.sources)));
  }

  // A storyline with events: one row per event, and under them the dates its reports mention. A story of a store
  // without events: its dated sentences. Pasted articles: the brief's dated sentences.
  async function renderTimeline(brief, story) {
    const mine = ++generation;
    const note = $("timeline-note");
    $("timeline").replaceChildren();
    $("timeline-dates").replaceChildren();
    $("timeline-dates-box").hidden = true;
    const withEvents = story && Array.isArray(story.events) && story.events.length;
    if (withEvents) eventRows(story);
    if (!story) {
      const events = briefEvents(brief);
      $("timeline").append(...events.map((event) => eventItem(event.date, event.text, outlets(brief.articles, event.sources))));
      note.textContent = events.length ? "The brief's dated sentences, oldest first."
        : "No dated events: dates resolve only against articles with a publication date (a “Published:” line, or a record's published field).";
      return;
    }
    if (!withEvents) note.textContent = "Loading the story's timeline…";
    try {
      const rows = await datedRows(story, mine);
      if (rows === null) return;
      if (withEvents) {
        $("timeline-dates").append(...rows);
        $("timeline-dates-box").hidden = !rows.length;
      } else {
        $("timeline").append(...rows);
        note.textContent = rows.length ? "The story's dated events, oldest first."
          : "No dated events: dates resolve only against reports with a publication date.";
      }
    } catch (e) {
      if (mine === generation && !withEvents) note.textContent = "Could not load the timeline: " + e.message;
    }
  }

  window.wirebriefFacts = {
    render(brief, story) {
      renderDisagreements(brief);
      renderTimeline(brief, story);
    },
  };
})();
