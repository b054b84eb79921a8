// The river (#river): stored storylines, newest first, from GET /v1/stories in keyset pages; search and filters;
// a mark on what changed since the reader's last visit (kept in localStorage); updates polled without a reload
// (If-None-Match: an unchanged first page costs a 304). And a storyline (#story/ID): its reports, its brief made at
// once, its timeline of events. Text from the server only ever becomes text nodes.
(function () {
  "use strict";
  const PAGE = 20;
  const POLL_MS = 20000;
  const VISIT_KEY = "wirebrief.lastVisit"; // the newest change the reader's previous visit showed (server time)
  const OPENED_KEY = "wirebrief.opened"; // story id -> its last change when the reader opened it
  const OPENED_KEPT = 500;
  const river = { stories: [], next: null, etag: null, generation: 0, started: false, previousVisit: null,
    justNow: new Set(), timer: null, filters: {}, opening: 0 };

  const app = () => window.wirebrief;

  function remembered(key, fallback) {
    try {
      const value = localStorage.getItem(key);
      return value === null ? fallback : JSON.parse(value);
    } catch (e) {
      return fallback; // storage off (a private window) or a value that is not ours
    }
  }

  function remember(key, value) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch (e) {
      // storage off or full: marks are a convenience
    }
  }

  const changedAt = (story) => story.last_added || story.last_seen || "";
  const DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

  function day(iso) {
    const date = iso ? new Date(iso) : null;
    return date && !isNaN(date) ? DAY.format(date) : "";
  }

  // "7 Apr 2026", or "7 Apr 2026 – 9 Apr 2026" for a story that runs over several days
  function timeSpan(story) {
    const first = day(story.first_seen);
    const last = day(story.last_seen);
    return first && last && first !== last ? `${first} – ${last}` : last || first;
  }

  function latestEvent(story) {
    const events = Array.isArray(story.events) ? story.events : [];
    return events.reduce((best, e) => (!best || String(e.last_seen || "") > String(best.last_seen || "") ? e : best), null);
  }

  // the first sentence of the brief: a storyline's brief leads with its newest event
  function lead(story) {
    const text = (story.sentences && story.sentences[0] && story.sentences[0].text) || "";
    return text.length > 280 ? text.slice(0, 279).replace(/\s+\S*$/, "") + "…" : text;
  }

  function changeMark(story) {
    if (river.justNow.has(story.id)) return "Updated just now";
    const previous = river.previousVisit;
    if (!previous) return null;
    const opened = remembered(OPENED_KEY, {});
    if (opened[story.id] && opened[story.id] >= changedAt(story)) return null;
    if ((story.first_added || story.first_seen || "") > previous) return "New since your last visit";
    return changedAt(story) > previous ? "Updated since your last visit" : null;
  }

  function card(story) {
    const { el, plural } = app();
    const outlets = story.outlets || [];
    const reports = typeof story.size === "number" ? story.size : (story.articles || []).length;
    const event = latestEvent(story);
    const mark = changeMark(story);
    const events = Array.isArray(story.events) ? story.events.length : 0;
    const facts = [plural(outlets.length, "outlet"), plural(reports, "report"), events > 1 ? plural(events, "event") : null,
      timeSpan(story)].filter(Boolean);
    return el("li", { class: "story-card" + (mark ? " changed" : ""), "data-id": story.id },
      mark ? el("span", { class: "change" }, mark) : null,
      el("h2", { class: "card-title" }, el("a", { href: `#story/${encodeURIComponent(story.id)}`, "data-id": story.id }, story.headline || "Untitled story")),
      event && events > 1 && event.headline && event.headline !== story.headline
        ? el("p", { class: "card-event" }, el("span", { class: "label" }, "Latest: "), event.headline) : null,
      lead(story) ? el("p", { class: "card-lead" }, lead(story)) : null,
      el("p", { class: "card-meta" }, facts.join(" · ")),
      outlets.length ? el("p", { class: "card-outlets" }, outlets.slice(0, 6).join(", ") + (outlets.length > 6 ? ` and ${outlets.length - 6} more` : "")) : null);
  }

  function render() {
    const { $ } = app();
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest("#river a[data-id]");
    const keep = focused ? focused.dataset.id : null;
    $("river").replaceChildren(...river.stories.map(card));
    if (keep) {
      const again = [...$("river").querySelectorAll("a[data-id]")].find((a) => a.dataset.id === keep);
      if (again) again.focus();
    }
    $("river-more").hidden = !river.next;
    $("river-meta").textContent = river.stories.length ? `${river.stories.length}${river.next ? "+" : ""} shown, newest first` : "";
  }

  function readFilters() {
    const { $ } = app();
    return { q: $("river-q").value.trim(), outlet: $("river-outlet").value.trim(), since: $("river-from").value, until: $("river-to").value };
  }

  const filtered = () => Object.values(river.filters).some(Boolean);

  function url(cursor) {
    const params = new URLSearchParams({ limit: String(PAGE) });
    for (const [key, value] of Object.entries(river.filters)) if (value) params.set(key, value);
    if (cursor) params.set("cursor", cursor);
    return `/v1/stories?${params}`;
  }

  function say(message, kind) {
    const status = app().$("river-status");
    status.textContent = message || "";
    status.className = "status" + (kind ? " " + kind : "");
  }

  function emptyState() {
    const { el, $ } = app();
    if (filtered()) {
      say("No stored story matches these filters. Clear them to see every story.", "");
      return;
    }
    say("");
    $("river").replaceChildren(el("li", { class: "river-empty" },
      el("p", {}, "No stories stored yet."),
      el("p", {}, "Open ", el("a", { href: "#paste" }, "Brief articles"), " to paste or upload reports and press Store, or follow a feed there; ",
        "or run wirebrief ingest or wirebrief watch on this server's store. Stories appear here as they arrive.")));
  }

  async function load(reset) {
    const { getJson, $ } = app();
    const mine = reset ? ++river.generation : river.generation;
    if (reset) river.filters = readFilters();
    const cursor = reset ? null : river.next;
    if (reset && !river.stories.length) say("Loading stories…");
    $("river-more").disabled = true;
    try {
      const { response, data } = await getJson(url(cursor), { cache: "no-store" });
      if (mine !== river.generation) return;
      if (!response.ok) {
        const reason = response.status === 503 ? `The stories store is not available on this server: ${data.error}` : data.error || `Error ${response.status}`;
        say(reason, "error");
        return;
      }
      if (reset) {
        river.stories = data.stories;
        river.etag = response.headers.get("ETag");
      } else {
        const shown = new Set(river.stories.map((s) => s.id));
        river.stories.push(...data.stories.filter((s) => !shown.has(s.id)));
      }
      river.next = data.next;
      render();
      if (!river.stories.length) return emptyState();
      say(filtered() ? `Stories matching ${describeFilters()}.` : "");
      if (reset && !filtered()) noteVisit();
    } catch (e) {
      if (mine === river.generation) say("Could not reach the server: " + e.message, "error");
    } finally {
      $("river-more").disabled = false;
    }
  }

  function describeFilters() {
    const f = river.filters;
    return [f.q && `“${f.q}”`, f.outlet && `from ${f.outlet}`, f.since && `since ${f.since}`, f.until && `until ${f.until}`]
      .filter(Boolean).join(", ");
  }

  // what this visit showed becomes the next visit's "last visit" (the newest change, in the server's time)
  function noteVisit() {
    const newest = river.stories.reduce((max, s) => (changedAt(s) > max ? changedAt(s) : max), river.previousVisit || "");
    if (newest) remember(VISIT_KEY, newest);
  }

  // one look at the first page: unchanged is a 304; new and changed stories go to the top, marked, and are said
  async function poll() {
    const { getJson, $ } = app();
    if ($("river-view").hidden || !river.started) return;
    const mine = river.generation;
    try {
      const headers = { Accept: "application/json", ...(river.etag ? { "If-None-Match": river.etag } : {}) };
      const { response, data } = await getJson(url(null), { cache: "no-store", headers });
      if (mine !== river.generation || response.status === 304 || !response.ok) return;
      river.etag = response.headers.get("ETag");
      const before = new Map(river.stories.map((s) => [s.id, changedAt(s)]));
      const changed = data.stories.filter((s) => before.get(s.id) !== changedAt(s));
      if (!changed.length) return;
      changed.forEach((s) => river.justNow.add(s.id));
      const fresh = new Set(data.stories.map((s) => s.id));
      river.stories = [...data.stories, ...river.stories.filter((s) => !fresh.has(s.id))];
      if (!river.next && data.next) river.next = data.next;
      render();
      say(`${app().plural(changed.length, "story", "stories")} new or updated just now.`, "ok");
      if (!filtered()) noteVisit();
    } catch (e) {
      // the next poll tries again; a reader who acts sees errors from that request
    }
  }

  function show(moved) {
    const { $ } = app();
    if (!river.started) {
      river.started = true;
      river.previousVisit = remembered(VISIT_KEY, null);
      load(true);
    } else {
      poll();
    }
    if (!river.timer) river.timer = setInterval(poll, POLL_MS);
    if (moved) $("river-heading").focus();
  }

  // ---------- one storyline ----------

  function reportItem(article, i) {
    const { el } = app();
    const link = article.url && /^https?:\/\//i.test(article.url)
      ? el("a", { href: article.url, rel: "noopener noreferrer nofollow", target: "_blank" }, article.title || article.url)
      : el("span", {}, article.title || article.id);
    return el("li", { class: "report" },
      el("span", { class: `chip c${i % 8}` }, article.outlet || "no outlet named"), " ", link,
      article.published ? el("span", { class: "source-date" }, String(article.published).slice(0, 10)) : null,
      article.duplicate_of ? el("span", { class: "copy-note" }, " (a copy of another report)") : null);
  }

  function renderStory(story) {
    const { $, plural } = app();
    const detail = story.articles_detail || [];
    const reports = detail.filter((a) => !a.duplicate_of);
    const events = Array.isArray(story.events) ? story.events.length : 0;
    $("story-headline").textContent = story.headline || "Untitled story";
    $("story-meta").textContent = [plural((story.outlets || []).length, "outlet"), plural(reports.length, "report"),
      events ? plural(events, "event") : null, timeSpan(story)].filter(Boolean).join(" · ");
    // on a phone the list starts closed, so that the brief follows the headline
    $("story-reports-box").open = !window.matchMedia("(max-width: 960px)").matches;
    $("story-reports-count").textContent = `${plural(detail.length, "report")}${detail.length > reports.length ? ` (${detail.length - reports.length} copies)` : ""}`;
    const shown = detail.slice(0, 60);
    $("story-reports").replaceChildren(...shown.map(reportItem));
    if (detail.length > shown.length) {
      $("story-reports").append(app().el("li", { class: "report more" }, `and ${detail.length - shown.length} more`));
    }
    document.title = `${story.headline || "Story"} — wirebrief`;
  }

  async function openStory(id, moved) {
    const { getJson, setStatus, state, resetOutput, runBrief, $, MAX_ARTICLES, plural } = app();
    const mine = ++river.opening;
    $("story-headline").textContent = "Loading…";
    $("story-meta").textContent = "";
    $("story-reports").replaceChildren();
    try {
      const { response, data } = await getJson(`/v1/stories/${encodeURIComponent(id)}`, { cache: "no-store" });
      if (mine !== river.opening || state.mode !== "story") return; // the reader moved on
      if (!response.ok) {
        $("story-headline").textContent = response.status === 404 ? "No such story" : "Story not available";
        const why = response.status === 404 ? "No stored story has this id (the store may have been replaced)." : data.error || `Error ${response.status}`;
        resetOutput(why + " Go back to all stories to pick another.");
        setStatus(why, "error");
        return;
      }
      state.story = data;
      const events = newestEvents(data);
      state.scope = events.length > 1 ? events[0].id : "all"; // a storyline's brief leads with its newest event
      const texts = scopedTexts(data, state.scope);
      state.records = texts.slice(0, MAX_ARTICLES).map(record);
      renderStory(data);
      renderScope(data, events);
      const opened = remembered(OPENED_KEY, {});
      delete opened[data.id];
      opened[data.id] = changedAt(data);
      const ids = Object.keys(opened);
      for (const old of ids.slice(0, Math.max(ids.length - OPENED_KEPT, 0))) delete opened[old];
      remember(OPENED_KEY, opened);
      if (moved) $("story-headline").focus();
      if (!state.records.length) {
        resetOutput("This story has no report texts to brief.");
        return setStatus("This story has no report texts to brief.", "error");
      }
      resetOutput(`Briefing ${plural(state.records.length, "report")}…`);
      await runBrief();
      if (texts.length > MAX_ARTICLES) setStatus(`Briefed the first ${MAX_ARTICLES} of ${texts.length} reports (the most the page sends at once).`, "warn");
    } catch (e) {
      setStatus("Could not reach the server: " + e.message, "error");
    }
  }

  const newestEvents = (story) => (Array.isArray(story.events) ? [...story.events] : [])
    .sort((a, b) => String(b.last_seen || "").localeCompare(String(a.last_seen || "")));

  // the report texts to brief: one event's (`scope` is its id) or the whole storyline's ("all")
  function scopedTexts(story, scope) {
    const event = (story.events || []).find((e) => e.id === scope);
    const wanted = event ? new Set(event.articles) : null;
    return (story.articles_detail || []).filter((a) => !a.duplicate_of && typeof a.text === "string" && a.text.trim()
      && (!wanted || wanted.has(a.id)));
  }

  function record(article) {
    const out = { text: article.text };
    for (const key of ["id", "title", "outlet", "url", "published"]) if (article[key]) out[key] = String(article[key]);
    return out;
  }

  // a storyline of several events: which of them the brief is of (the newest first), or all of them
  function renderScope(story, events) {
    const { $, el, plural } = app();
    $("story-scope-box").hidden = events.length < 2;
    if (events.length < 2) return;
    const count = (e) => scopedTexts(story, e.id).length;
    $("story-scope").replaceChildren(
      ...events.map((e, i) => el("option", { value: e.id }, `${i ? day(e.first_seen) : "Newest event"}: ${e.headline} (${plural(count(e), "report")})`)),
      el("option", { value: "all" }, `The whole storyline (${plural(scopedTexts(story, "all").length, "report")})`));
    $("story-scope").value = app().state.scope;
  }

  async function briefScope(scope) {
    const { state, $, runBrief, MAX_ARTICLES, showPane } = app();
    if (!state.story) return;
    state.scope = scope;
    $("story-scope").value = scope;
    state.records = scopedTexts(state.story, scope).slice(0, MAX_ARTICLES).map(record);
    if (window.wirebriefVerify) window.wirebriefVerify.reset();
    showPane("brief");
    await runBrief();
  }

  // stop polling until the river is shown again (tests poll by hand, at the moments they choose)
  function stop() {
    clearInterval(river.timer);
    river.timer = null;
  }

  window.wirebriefRiver = { show, poll, stop, openStory, briefScope };

  document.addEventListener("DOMContentLoaded", () => {
    const $ = (id) => document.getElementById(id);
    $("river-filters").addEventListener("submit", (event) => {
      event.preventDefault();
      load(true);
    });
    $("river-reset").addEventListener("click", () => {
      $("river-filters").reset();
      load(true);
    });
    $("river-more").addEventListener("click", () => load(false));
    $("story-scope").addEventListener("change", () => briefScope($("story-scope").value));
  });
})();
