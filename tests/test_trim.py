"""Deletion-only trimming (wirebrief.text.trim): page text glued into a sentence is cut out, the kept parts are exact
spans of the article text, and nothing is added or reordered.

Unit tests use invented sentences in the shapes scraped pages take (lower-cased as in Multi-News, or cased); the
last tests brief the Multi-News val clusters the issue quoted (skipped without ../shared/data).
"""

import gzip
import json

import pytest

from tests.conftest import data_path
from wirebrief import brief
from wirebrief.text.split import split_article
from wirebrief.text.trim import trim
from wirebrief.text.worthy import repair
from wirebrief.types import Sentence, join_pieces

OFFSET = 7  # the sentence sits inside an article, so spans are article offsets, not sentence offsets


def trimmed(text: str) -> tuple[Sentence, str]:
    """The sentence `text` placed at OFFSET of an article, trimmed and repaired as `prepare` does; and the article."""
    article = "Intro. " + text + " Outro."
    assert article[OFFSET : OFFSET + len(text)] == text
    return repair(trim(Sentence(0, 1, OFFSET, OFFSET + len(text), text))), article


def shown(sentence: Sentence, article: str) -> str:
    """The text the kept spans show, first letter as the sentence has it (the only change allowed)."""
    text = join_pieces(article, sentence.spans)
    return sentence.text[:1] + text[1:] if text[:1].lower() == sentence.text[:1].lower() else text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        # datelines with an agency or a call sign in brackets, lower-cased or cased
        ("Moscow ( ap ) — russia's top investigators said saturday they are looking into several motives.",
         "russia's top investigators said saturday they are looking into several motives."),
        ("Vatican city ( reuters ) - catholics should not try to convert jews, the vatican said on thursday.",
         "catholics should not try to convert jews, the vatican said on thursday."),
        ("Colerain township, ohio ( wkrc ) - police say that they have arrested two teens after the vandalism.",
         "police say that they have arrested two teens after the vandalism."),
        ("( cnn ) -- a former news anchor is being treated for cancer, his network said tuesday.",
         "a former news anchor is being treated for cancer, his network said tuesday."),
        ("( kprc ) the airline issued an apology tuesday after a video of the argument was released.",
         "the airline issued an apology tuesday after a video of the argument was released."),
        ("KIEV (Reuters) - Ukraine's president said on Saturday the politician was killed for his views.",
         "Ukraine's president said on Saturday the politician was killed for his views."),
        # bare datelines: a place and a dash, or ">>"
        ("San bernardino >> as community members mourned tuesday, details of the shooting began to emerge.",
         "as community members mourned tuesday, details of the shooting began to emerge."),
        ("Dover, fla. — the agent who spurred the investigation is a veteran, colleagues said on wednesday.",
         "the agent who spurred the investigation is a veteran, colleagues said on wednesday."),
        ("Ann arbor, mi - while monogamous relationships are widely valued, a new study finds otherwise.",
         "while monogamous relationships are widely valued, a new study finds otherwise."),
        ("London — on july 28, 2002, the prime minister sent a note — unpublished until now — to the president.",
         "on july 28, 2002, the prime minister sent a note — unpublished until now — to the president."),
        # a bracketed photo credit, then a dateline
        ("( jane roe, the denver post ) centennial — authorities began investigating the former sheriff.",
         "authorities began investigating the former sheriff."),
        # credits and widgets opening the sentence
        ("Sergei ivanov / reuters file a state of emergency has been imposed throughout the region.",
         "a state of emergency has been imposed throughout the region."),
        ("Play facebook twitter embed senator cancels rally after injury 2: 39 the senator cancelled a campaign stop.",
         "the senator cancelled a campaign stop."),
        ("Listen to article 4: 26 share this article facebook twitter linkedin email the president ordered a review.",
         "the president ordered a review."),
        ("Published 31 january 2011 researchers show how a fluid filler can suppress the turbulent flow.",
         "researchers show how a fluid filler can suppress the turbulent flow."),
        # glued inside: a caption or a dateline, with the headline or teaser before it
        ("Church says converts are not sought enlarge this image toggle caption jan novak/ap jan novak/ap furthering "
         "a thaw that began 50 years ago, the church has released a new document.",
         "furthering a thaw that began 50 years ago, the church has released a new document."),
        ("Experts recovered 28 bodies from a grave where police engaged... ( associated press ) iguala, mexico ( ap ) "
         "— a grave on the outskirts of a mexican city contained 28 bodies, officials said.",
         "a grave on the outskirts of a mexican city contained 28 bodies, officials said."),
        ("The following message was sent to staff this afternoon text size - + reset yesterday afternoon, i went "
         "to the hospital to visit the wounded officers.",
         "yesterday afternoon, i went to the hospital to visit the wounded officers."),
        ("Singer found dead at 50 john smith / redferns / getty the singer, frontman for the band, was found dead.",
         "the singer, frontman for the band, was found dead."),
        ("Jane roe photographer: j. Doe smith/bloomberg the merged company will be owned equally by both shareholders.",
         "the merged company will be owned equally by both shareholders."),
        ("john doe/agency via getty she announced her departure from the fashion house on instagram on monday.",
         "she announced her departure from the fashion house on instagram on monday."),
    ],
)
def test_glued_page_text_is_cut_at_the_front(text, kept):
    sentence, article = trimmed(text)
    start = OFFSET + text.index(kept)
    assert sentence.text == kept[:1].upper() + kept[1:]
    assert (sentence.start, sentence.end, sentence.spans) == (start, start + len(kept), ((start, start + len(kept)),))
    assert shown(sentence, article) == sentence.text


def test_a_page_aside_inside_the_sentence_leaves_two_exact_pieces():
    text = "An easy way to print the flyer can be found on the design site ( click here ) before the event."
    sentence, article = trimmed(text)
    assert sentence.text == "An easy way to print the flyer can be found on the design site before the event."
    first, second = text.index("An easy"), text.index("before the")
    assert sentence.spans == ((OFFSET + first, OFFSET + text.index(" ( click")), (OFFSET + second, OFFSET + len(text)))
    assert (sentence.start, sentence.end) == (sentence.spans[0][0], sentence.spans[-1][1])
    assert shown(sentence, article) == sentence.text


def test_an_aside_just_before_the_full_stop_joins_without_a_space():
    text = "Details of the new flyer can be found on the design site of the campaign ( click here )."
    sentence, article = trimmed(text)
    assert sentence.text == "Details of the new flyer can be found on the design site of the campaign."
    assert [article[a:b] for a, b in sentence.spans] == [text[: text.index(" (")], "."]
    assert shown(sentence, article) == sentence.text


def test_a_dateline_then_a_connective_both_go():
    sentence, article = trimmed("WASHINGTON (Reuters) - But the Senate voted on Tuesday to pass the bill.")
    assert sentence.text == "The Senate voted on Tuesday to pass the bill."
    assert article[sentence.start : sentence.end] == "the Senate voted on Tuesday to pass the bill."


@pytest.mark.parametrize(
    "text",
    [
        # a dash that opens an aside a second one closes: "Amash" is the subject, not a place
        "Amash — who broke down in tears after missing the vote, according to aides — became known for his record.",
        "The european bank for reconstruction ( ebrd ) -- the project's main sponsor -- plans to finish in november.",
        "The deal — the first in a decade — was signed on Monday by both governments.",
        "Garum – a sauce made by fermenting salted fish - was a staple of banquets in ancient Rome.",
        # a bracket that names a party or a position, not an agency
        "State Rep. Mike Jones ( R ) told the paper the campaign would be pulled by Friday.",
        # too little would be left: the sentence is judged as it is
        "Moscow ( ap ) — no comment.",
        # a poll, not a photo credit
        "An ap/gfk poll released on Monday found that most voters disapprove of the plan.",
    ],
)
def test_text_that_only_looks_like_furniture_is_kept(text):
    sentence, _ = trimmed(text)
    assert sentence.text == text and sentence.spans == ((OFFSET, OFFSET + len(text)),)


def test_html_entities_are_unescaped_when_cleaning():
    result = brief(["The mind &amp; life institute has pioneered the field of contemplative science for thirty years, "
                    "its director said on Monday at the annual meeting in Boulder."], words=60)
    assert "&amp;" not in result.text and "mind & life institute" in result.text
    article = result.articles[0]
    source = result.sentences[0].sources[0]
    assert article.text[source.start : source.end].startswith("The mind & life")


def test_every_brief_span_shows_exactly_the_sentence_text():
    reports = [
        "Moscow ( ap ) — investigators said saturday they are looking into several possible motives for the killing "
        "of the opposition figure. The killing drew condemnation from leaders across europe on saturday.",
        "Kiev ( reuters ) - investigators said saturday they are looking into several possible motives for the "
        "killing of the opposition figure. A rally planned for sunday will go ahead as a march of mourning, "
        "organisers said ( click here ).",
    ]
    result = brief(reports, words=100)
    texts = {a.id: a.text for a in result.articles}
    assert result.sentences
    for sentence in result.sentences:
        assert not sentence.text.lower().startswith(("moscow", "kiev")) and "click here" not in sentence.text
        for source in sentence.sources:
            data = source.to_dict()
            pieces = join_pieces(texts[source.article], [tuple(s) for s in data["spans"]])
            assert (data["start"], data["end"]) == (data["spans"][0][0], data["spans"][-1][1])
            # a wire copy may differ in a word or two; the first source's pieces are exactly the text shown
            if source is sentence.sources[0]:
                assert pieces[1:] == sentence.text[1:] and pieces[:1].lower() == sentence.text[:1].lower()


def test_figures_in_a_trimmed_sentence_point_at_the_article_text():
    reports = [
        "Moscow ( ap ) — at least 25 people were feared dead after a ferry capsized off the coast on Monday, "
        "officials said.",
        "Moscow ( ap ) — 15 people died after a ferry capsized off the coast on Monday, lowering an earlier "
        "estimate of 25, officials said on Tuesday.",
    ]
    result = brief(reports, words=60)
    texts = {a.id: a.text for a in result.articles}
    for disagreement in result.disagreements:
        for value in disagreement.values:
            for source in value.sources:
                assert texts[source.article][source.start : source.end] == value.text or value.text in texts[
                    source.article][source.start : source.end + 40]


def test_hun_sen_ends_a_sentence():
    text = "The opposition leader fled after a crackdown by Prime Minister Hun Sen. The party was later dissolved."
    assert [s.text for s in split_article(0, text)] == [
        "The opposition leader fled after a crackdown by Prime Minister Hun Sen.",
        "The party was later dissolved.",
    ]


def test_a_title_before_a_name_still_joins():
    text = "The bill was backed by Sen. John Smith and two colleagues on Tuesday."
    assert [s.text for s in split_article(0, text)] == [text]


# --- the Multi-News val clusters the issue quoted ------------------------------------------------------------------

QUOTED = ("multinews-val-44978", "multinews-val-44992", "multinews-val-44996", "multinews-val-44999",
          "multinews-val-45003", "multinews-val-45013", "multinews-val-45034")  # fmt: skip
FURNITURE_QUOTED = ("text size - + reset", "more:", "toggle caption", "enlarge this image", " >> ",
                    "( associated press )", "( ap ) —", "( reuters ) -", "&amp;")  # fmt: skip


def quoted_clusters() -> list[dict]:
    path = data_path("multinews", "val.jsonl.gz")
    found = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            if record["id"] in QUOTED:
                found.append(record)
            if len(found) == len(QUOTED):
                break
    return found


def test_the_quoted_briefs_carry_none_of_the_quoted_page_text():
    clusters = quoted_clusters()
    assert len(clusters) == len(QUOTED)
    for record in clusters:
        result = brief(record["documents"], words=230)
        lowered = result.text.lower()
        assert not [f for f in FURNITURE_QUOTED if f in lowered], record["id"]
        texts = {a.id: a.text for a in result.articles}
        for sentence in result.sentences:
            first = sentence.sources[0]
            pieces = join_pieces(texts[first.article], first.spans or ((first.start, first.end),))
            assert pieces[1:] == sentence.text[1:], record["id"]


# --- a long lead at a small budget is shortened, by deletion, rather than skipped ---------------------------------

LONG_LEAD = (
    "Dock workers at Port Calder voted on Tuesday to end a nine-day strike over pay and automation at the busiest "
    "container terminal in the region, a dispute that has stranded more than 40 container ships off the coast and "
    "delayed deliveries to shops across the country."
)
REPORT = LONG_LEAD + (
    " Cranes were expected to restart on the night shift, port officials said. The union had demanded a raise of "
    "15 percent over two years. Shipping lines welcomed the vote. The port handles a fifth of the country's container "
    "traffic."
)


def test_a_long_lead_at_a_small_budget_is_shortened_not_skipped():
    result = brief([REPORT], words=40)
    first = result.sentences[0]
    assert first.text == (
        "Dock workers at Port Calder voted on Tuesday to end a nine-day strike over pay and automation at the busiest "
        "container terminal in the region, a dispute."
    )
    source = first.sources[0]
    text = result.articles[0].text
    assert [text[a:b] for a, b in source.spans] == [first.text[:-1], "."]
    assert result.words <= 40


def test_the_same_report_at_a_larger_budget_keeps_its_lead_whole():
    assert brief([REPORT], words=100).sentences[0].text == LONG_LEAD


@pytest.mark.parametrize(
    ("text", "limit", "kept"),
    [
        ("The two leaders also talked about the war, with the prime minister (who met the envoy on Monday) voicing "
         "concern over the humanitarian situation, a government spokesman said.", 25,
         "The two leaders also talked about the war, with the prime minister voicing concern over the humanitarian "
         "situation, a government spokesman said."),
        ("The two leaders also talked about the war, with the prime minister voicing concern over the humanitarian "
         "situation and offering to work with other countries, a government spokesman said.", 25,
         "The two leaders also talked about the war, with the prime minister voicing concern over the humanitarian "
         "situation and offering to work with other countries."),
        ("The president heads to the capital on Thursday to meet the prime minister in the latest bid to reach a deal "
         "on a territorial dispute that has prevented the two nations signing a formal peace treaty.", 30,
         "The president heads to the capital on Thursday to meet the prime minister in the latest bid to reach a deal "
         "on a territorial dispute."),
    ],
)
def test_shortening_deletes_asides_then_attribution_then_a_trailing_clause(text, limit, kept):
    from wirebrief.text.trim import shorten

    short = shorten(Sentence(0, 0, OFFSET, OFFSET + len(text), text), lambda t: len(t.split()) <= limit)
    article = "Intro. " + text
    assert short.text == kept
    assert join_pieces(article, short.spans) == kept


def test_a_sentence_that_cannot_be_shortened_enough_is_left_out():
    from wirebrief.text.trim import shorten

    text = "Shipping lines, port officials and the union welcomed the vote after nine days of talks in the capital."
    assert shorten(Sentence(0, 0, 0, len(text), text), lambda t: len(t.split()) <= 5) is None
