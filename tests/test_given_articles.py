"""Articles given to the library as Article objects go in as they are: their text is clean already."""

from __future__ import annotations

from datetime import datetime, timezone

import wirebrief
from wirebrief.settings import Settings
from wirebrief.types import Article

# A dateline and a share bar: what cleaning removes from a raw report, kept here on purpose by the caller
FIRST = ("LONDON (Reuters) - Dock workers at Port Calder voted on Tuesday to end a nine-day strike that had "
         "stranded more than 40 container ships, the union said.\n\nShare this article\n\nThe strike began after "
         "talks over pay and automation broke down in early March, port officials said on Tuesday.")
SECOND = ("Dock workers at Port Calder voted on Tuesday to end a nine-day strike that had stranded more than 40 "
          "container ships, the union said. Retailers had warned that the stoppage was delaying spring stock and "
          "pushing up freight costs for importers across the region.")


def articles() -> list[Article]:
    return [Article("a", FIRST, "Northwire", published="2026-03-14T09:00:00Z"),
            Article("a", SECOND, "Calder Gazette", published="2026-03-14T18:20")]


def test_an_article_is_not_cleaned_again_and_spans_index_into_its_own_text():
    given = articles()
    result = wirebrief.brief(given, words=60)
    assert [a.text for a in result.articles] == [FIRST, SECOND]  # dateline and share bar left as given
    as_records = wirebrief.brief([{"id": a.id, "text": a.text, "outlet": a.outlet} for a in given], words=60)
    assert "Share this article" not in as_records.articles[0].text  # a record is raw text, and cleaned
    texts = {a.id: a.text for a in result.articles}
    assert result.sentences
    for sentence in result.sentences:  # spans index into the given text (wire copies word a sentence their own way)
        assert sentence.text in [texts[span.article][span.start : span.end] for span in sentence.sources]
    # the text keeps its dateline; the brief sentence does not show it (wirebrief.text.trim), its span starts after it
    lead = [span for s in result.sentences for span in s.sources if span.article == "a" and span.start < 40]
    assert lead and lead[0].start == len("LONDON (Reuters) - ") and FIRST[lead[0].start :].startswith("Dock workers")


def test_given_articles_keep_their_outlets_and_get_unique_ids_on_copies():
    given = articles()
    result = wirebrief.brief(given, words=60)
    assert [(a.id, a.outlet, a.outlet_from) for a in result.articles] == [
        ("a", "Northwire", "given"), ("a-2", "Calder Gazette", "given")]
    assert [a.id for a in given] == ["a", "a"]  # the caller's objects are not changed
    assert result.articles[1].published_at == datetime(2026, 3, 14, 18, 20, tzinfo=timezone.utc)


def test_given_articles_are_held_to_the_same_limits_and_checks():
    many = [Article(f"n{i}", SECOND, f"Outlet {i}") for i in range(3)]
    capped = wirebrief.brief(many, words=60, settings=Settings(max_articles=2))
    assert [a.id for a in capped.articles] == ["n0", "n1"]
    assert [s.reason for s in capped.skipped] == ["over the limit of 2 articles in one brief"]
    odd = [Article("x", SECOND, "A", published="next Tuesday"), Article("y", "   ", "B"),
           Article("z", "港の労働者は火曜日にストライキを終えることを決めた。組合によると、賃金は三年間で十一パーセント上がる。", "C")]
    result = wirebrief.brief(odd, words=60)
    assert [a.id for a in result.articles] == ["x"] and result.articles[0].published is None
    assert [w.reason.split(":")[0] for w in result.warnings if w.path == "article 1"] == ["published date ignored"]
    reasons = {s.path: s.reason for s in result.skipped}
    assert reasons["article 2"] == "no article text"
    assert reasons["article 3"].startswith("unsupported language: ja")
