"""wirebrief.text.clean: boilerplate rules, datelines, titles, published dates, Multi-News safety, speed.

Fixtures under tests/fixtures/clean/ are invented stories (a port strike, a council vote, a ferry
strike, a flood) written in the styles of the scraped sources.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from wirebrief.text.clean import Cleaned, clean, detokenize

FIXTURES = Path(__file__).parent / "fixtures" / "clean"
SEED_CLUSTER = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "seed-cluster"

BODY_1 = "The union said its members would stay out until the port authority raised its pay offer, officials said."
BODY_2 = "Shipping agents said at least 40 vessels were waiting to berth by Monday evening at the outer anchorage."


def fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def paragraphs(cleaned: Cleaned) -> list[str]:
    return cleaned.text.split("\n\n") if cleaned.text else []


def long_body(words: int) -> str:
    sentence = "the port authority said talks with the union would resume on monday after a weekend break"
    filler = (sentence + " and ") * (words // 16 + 1)
    return " ".join(filler.split()[:words])  # no final punctuation: looks truncated, like Multi-News


# --- whole articles ----------------------------------------------------------------------------


def test_news_site_article_with_blank_line_paragraphs():
    cleaned = clean(fixture("port_strike.txt"))
    assert cleaned.title == "Dockworkers walk out at Marenport as wage talks collapse"
    assert cleaned.published == "2019-03-04T06:10"
    assert cleaned.removed == [
        "BREAKING NEWS",
        "Stevedores say the port authority's final offer ignores three years of rising rents",
        "Published: 4th March 2019 06:10 AM | Last Updated: 4th March 2019 09:32 AM | A+A-",
        "Striking dockworkers outside the Marenport container terminal | AP",
        "READ MORE: Marenport harbour dredging contract awarded to foreign consortium",
        "Can small ports survive the age of mega-ships?",
        "'Not a single crane'",
        "Stay up to date on all the latest Business news with The Marenport Herald App. Download now",
        "Disclaimer : We respect your thoughts and views! But we need to be judicious while moderating your "
        "comments. All the comments will be moderated by the editorial. Abstain from posting comments that are "
        "obscene, defamatory or inflammatory, and do not indulge in personal attacks.",
        "The views expressed in comments published on this site are those of the comment writers alone. "
        "They do not represent the views or opinions of the Herald or its staff.",
        "Source: News Agencies",
        "flipboard facebook twitter whatsapp",
    ]
    body = paragraphs(cleaned)
    assert len(body) == 6
    assert body[0].startswith("More than 2,000 dockworkers walked off the job")  # "MARENPORT, Velland: " gone
    assert body[2].startswith('"We have bent as far as we can bend," said union secretary')
    assert body[-1].endswith("urged both sides to return to the table.")


def test_single_newline_article_with_trailing_credits():
    cleaned = clean(fixture("council_vote.txt"))
    assert cleaned.title == "Vessel council approves harbour tram line after marathon session"
    assert cleaned.published == "2019-04-09T23:47"  # the first stamp, not UPDATED
    assert cleaned.removed == [
        "Lena Varga",
        "Opponents of the 12 km line vow to keep fighting the project in court",
        "PUBLISHED : Tuesday, 9 April, 2019, 11:47pm",
        "UPDATED : Wednesday, 10 April, 2019, 8:05am",
        "(Photo: Reuters)",
        "Related: Vessel bus fleet to go electric by 2025",
        "Follow us on Twitter",
        "Who will pay for the new tram?",
        "Photo: AFP/Getty Images",
        "(Reporting by Ana Moreau; Editing by Paul Lindqvist)",
        "© 2019 Vessel Daily. All rights reserved.",
    ]
    body = paragraphs(cleaned)
    assert len(body) == 5
    assert body[1].startswith("Mayor Lena Varga, who made the tram")  # the kicker's name survives in the body
    assert body[-1] == (
        "A group of residents along the proposed route has already filed a challenge in the regional "
        "administrative court."
    )


def test_duc_wire_story_keeps_every_sentence_and_loses_the_dateline():
    cleaned = clean(fixture("duc_wire.txt"))
    assert cleaned.title is None  # the first line is already the lead paragraph
    assert cleaned.removed == []
    body = paragraphs(cleaned)
    assert len(body) == 4
    assert body[0].startswith("Striking ferry crews on Saturday rejected")
    assert body[2] == "``We are not going back for that,'' said deckhand Carl Munoz, 41."


def test_tac_tokenized_story_is_detokenized():
    cleaned = clean(fixture("tac_tokenized.txt"))
    assert cleaned.title is None
    assert cleaned.removed[0].startswith("DATE_TIME: 2019-04-09")
    body = paragraphs(cleaned)
    assert body[0].startswith("The county's emergency manager said Tuesday that the river would crest")
    assert body[0].endswith("by Thursday, forcing the evacuation of about 300 homes.")
    assert body[2] == '"We have done this before," said the manager, Dale Ostrowski. "We know how to do it."'


@pytest.mark.parametrize(
    ("tokens", "text"),
    [
        ("Officials do n't expect the ( temporary ) closure to last , he said .",
         "Officials don't expect the (temporary) closure to last, he said."),
        ("Prices rose 5 % in the city 's center ; rents did not .", "Prices rose 5% in the city's center; rents did not."),
    ],
)
def test_detokenize(tokens, text):
    assert detokenize(tokens) == text


def test_hard_wrapped_lines_are_joined():
    cleaned = clean(fixture("hard_wrapped.txt"))
    assert cleaned.title == "Ferry strike spreads to the northern islands"
    assert paragraphs(cleaned) == [
        "Ferry crews on the northern islands joined the strike on Thursday, union officials said, cutting the "
        "last regular link between the mainland and three island communities.",
        "The union said the walkout would last until the transport agency reopened talks on pay.",
    ]


# --- Multi-News: lower-cased, tokenizer-spaced text must pass through untouched ------------------


@pytest.mark.parametrize("find_title", [True, False])
def test_multinews_lowercase_text_is_untouched(find_title):
    raw = fixture("multinews_lower.txt")
    cleaned = clean(raw, find_title=find_title)
    assert cleaned.removed == []
    assert cleaned.title is None
    assert paragraphs(cleaned) == [" ".join(part.split()) for part in raw.split(" \n \n ")]


def test_multinews_one_long_paragraph_is_untouched():
    raw = " ".join(fixture("multinews_lower.txt").split())  # one paragraph, sentence-capitalised below
    raw = raw[0].upper() + raw[1:]
    cleaned = clean(raw)
    assert (cleaned.text, cleaned.title, cleaned.removed) == (raw, None, [])


def test_multinews_only_intended_removals():
    parts = fixture("multinews_lower.txt").split(" \n \n ")
    raw = " \n \n ".join([parts[0], "advertisement", parts[1], "share this article", parts[2]])
    cleaned = clean(raw, find_title=False)
    assert cleaned.removed == ["advertisement", "share this article"]
    assert paragraphs(cleaned) == [" ".join(part.split()) for part in parts]


# --- one rule at a time --------------------------------------------------------------------------

BOILERPLATE = [
    # share / follow bars and widgets
    "flipboard facebook twitter whatsapp",
    "Share this article",
    "Follow us on Twitter and Facebook",
    "Email",
    "Tweet",
    "A+A-",
    # teasers
    "READ MORE: Harbour dredging contract awarded to foreign consortium",
    "Read more",
    "Related: Bus fleet to go electric by 2025",
    "ALSO READ | Ferry operator posts record loss",
    "See also: Timeline of the dispute",
    "Recommended",
    "More from Reuters",
    # comment moderation
    "Disclaimer : We respect your thoughts and views! But we need to be judicious while moderating your comments.",
    "The views expressed in comments are those of the comment writers alone.",
    "Please keep your comments civil; we moderate all comments under our community guidelines.",
    # app and newsletter ads
    "Download the Herald app for the latest news",
    "Stay up to date on all the latest World news with The Daily Star App. Download now",
    "Sign up for our morning newsletter",
    "Subscribe to our YouTube channel",
    # publication stamps
    "Published: 4th March 2019 06:10 AM | Last Updated: 4th March 2019 09:32 AM | A+A-",
    "PUBLISHED : Sunday, 20 November, 2016, 1:03pm",
    "UPDATED : Sunday, 20 November, 2016, 10:45pm",
    "Posted on March 2, 2016 by Jane Doe",
    # photo captions and credits
    "Harbour master Tomas Brekke | AP",
    "Protesters outside the terminal | Express Photo by Jane Doe",
    "(Photo: Reuters)",
    "Photo: AFP/Getty Images",
    "Image copyright Getty Images",
    "Getty Images",
    "Jane Doe/Getty Images",
    "Photo by Jane Doe/AP",
    "Image caption The terminal was empty on Monday",
    # sources, bylines, copyright
    "Source: News Agencies",
    "Source: AFP",
    "(Reporting by Ana Moreau; Editing by Paul Lindqvist)",
    "Additional reporting by Ana Moreau in Vessel",
    "Writing by Paul Lindqvist; editing by Ana Moreau",
    "© 2019 Vessel Daily",
    "Copyright 2019 The Herald. All rights reserved.",
    "— Reuters",
    "By Jane Doe",
    # labels, sub-headings, teaser questions
    "World",
    "BREAKING NEWS",
    "'Not a single crane'",
    "What the strike means for shoppers",
    "[Related: Ferry operator posts record loss]",
    "Can small ports survive the age of mega-ships?",
]


@pytest.mark.parametrize("line", BOILERPLATE)
def test_boilerplate_line_in_body_is_removed(line):
    cleaned = clean(f"{BODY_1}\n\n{line}\n\n{BODY_2}", find_title=False)
    assert cleaned.removed == [line]
    assert paragraphs(cleaned) == [BODY_1, BODY_2]


REPORTING = [
    "Related to the strike, the ferry operator cancelled six sailings on Tuesday.",
    "More from the minister's speech was published by the ministry on Friday.",
    "Facebook said it would moderate comments more strictly under its community guidelines.",
    '"We moderate your comments under our guidelines," a spokeswoman for the forum said.',
    "The company urged customers to download the app before the old website closes.",
    "Sources: the ministry and two diplomats confirmed that the talks took place on Friday.",
    "Photographs of the flooded terminal were shared widely on Monday, officials said.",
    "Published figures show the port handled 2 million containers last year.",
    "Watch the river closely, the emergency manager told residents.",
    "Subscribers to the port's data service saw the delays first.",
    "He told Reuters the talks had failed.",
    "So, what happens now?",
    "Do we know why the talks failed?",
    "Abe said:",
    "the port authority said talks would resume on monday after the weekend break and the union",
]


@pytest.mark.parametrize("line", REPORTING)
def test_reporting_that_looks_like_boilerplate_is_kept(line):
    cleaned = clean(f"{BODY_1}\n\n{line}\n\n{BODY_2}", find_title=False)
    assert cleaned.removed == []
    assert paragraphs(cleaned) == [BODY_1, line, BODY_2]


@pytest.mark.parametrize(
    "opening",
    [
        "READ MORE: ",
        "Related: ",
        "Photo: ",
        "Published: ",
        "Source: ",
        "Sign up ",
        "Disclaimer : we moderate your comments. ",
    ],
)
def test_no_rule_drops_a_long_paragraph(opening):
    body = opening + long_body(160)
    cleaned = clean(f"{BODY_1}\n\n{body}\n\n{BODY_2}")
    assert cleaned.removed == []
    assert paragraphs(cleaned)[1] == body


# --- datelines and trailing credits ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("TOKYO - Japanese officials said on Monday that talks would resume.", "Japanese officials"),
        ("MOSCOW: Russian officials said on Monday that talks would resume.", "Russian officials"),
        ("NAGATO, Japan: Japan and Russia agreed on Thursday to revive security talks.", "Japan and Russia"),
        ("WASHINGTON (AP) — The Senate voted on Tuesday to extend the program.", "The Senate"),
        ("LONDON (AP) _ An influential lawmaker on Saturday backed the request.", "An influential"),
        ("LITTLETON , Colo. ( AP ) -- The sheriff 's initial estimate was off .", "The sheriff 's"),
        ("BEIJING, Dec 13 (Reuters) - China said on Tuesday it would cut tariffs.", "China said"),
        ("NEW YORK (Reuters) - Stocks fell sharply on Monday as oil prices slid.", "Stocks fell"),
        ("ST. LOUIS (AP) — A river barge broke loose on Sunday, officials said.", "A river barge"),
        ('MARENPORT — "We will not go back," the union leader said on Monday.', '"We will not'),
    ],
)
def test_dateline_is_stripped(raw, expected):
    assert clean(raw).text.startswith(expected)


@pytest.mark.parametrize(
    "raw",
    [
        "NATO said on Tuesday it would send more ships to the region.",
        "NATO - the alliance of 29 countries - said on Tuesday it would send ships.",
        "U.S. officials said on Tuesday the talks would resume next week.",
        "U.S. - China talks resumed on Monday after a break of several months.",
        "AP - The agency reported the figures on Monday, officials said.",
    ],
)
def test_sentence_starts_are_not_datelines(raw):
    assert clean(raw).text == raw


@pytest.mark.parametrize(
    "credit",
    [
        " — Reuters",
        " - AFP",
        " (AP)",
        " — AP",
        " -- Reuters",
        " (Reporting by Ana Moreau; Editing by Paul Lindqvist)",
    ],
)
def test_trailing_agency_credit_is_trimmed(credit):
    sentence = "Russia does not want to be seen to give up its sovereignty."
    assert clean(BODY_1 + "\n" + sentence + credit).text == BODY_1 + "\n\n" + sentence


@pytest.mark.parametrize(
    "raw",
    [
        "The minister told Reuters.",
        "The figures were first reported late on Monday evening by the regional desk of the AP",
        "He said the AFP - AP merger failed.",
    ],
)
def test_agency_names_inside_reporting_are_kept(raw):
    assert clean(BODY_1 + "\n" + raw).text == BODY_1 + "\n\n" + raw


# --- title and leading lines -----------------------------------------------------------------------


def test_kicker_is_skipped_and_the_standfirst_removed():
    raw = "World\n\nPort strike spreads to the north\n\nUnion leaders warn of a long dispute over pay\n\n" + BODY_1
    cleaned = clean(raw)
    assert cleaned.title == "Port strike spreads to the north"
    assert cleaned.removed == ["World", "Union leaders warn of a long dispute over pay"]
    assert cleaned.text == BODY_1


def test_three_word_headline_and_question_headline():
    assert clean("Ferry crews strike\n" + BODY_1).title == "Ferry crews strike"
    assert clean("Will the port reopen this week?\n" + BODY_1).title == "Will the port reopen this week?"


def test_no_title_when_the_first_line_is_body():
    cleaned = clean(BODY_1 + "\n" + BODY_2)
    assert cleaned.title is None
    assert paragraphs(cleaned) == [BODY_1, BODY_2]


def test_find_title_false_removes_the_headline():
    cleaned = clean("Port strike spreads to the north\n\n" + BODY_1, find_title=False)
    assert cleaned.title is None
    assert cleaned.removed == ["Port strike spreads to the north"]
    assert cleaned.text == BODY_1


def test_short_leading_sentence_is_kept_and_a_lone_line_is_never_a_title():
    assert clean("Talks resume.\n\n" + BODY_1).text == "Talks resume.\n\n" + BODY_1
    lone = "the port authority said talks would resume on monday after the weekend break"
    assert (clean(lone).title, clean(lone).text) == (None, lone)


def test_leading_line_ending_in_a_function_word_is_truncated_body():
    truncated = "On Sunday , the families searched the caves on the south coast while in the town life was slower than"
    cleaned = clean("DATE_TIME: ORANJESTAD, Aruba\n\n" + truncated + "\n\n" + BODY_1)
    assert cleaned.title is None
    assert cleaned.removed == ["DATE_TIME: ORANJESTAD, Aruba"]
    assert paragraphs(cleaned) == [truncated, BODY_1]


# --- published ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        (
            "Published: 13th December 2016 08:45 AM | Last Updated: 14th December 2016 09:00 AM | A+A-",
            "2016-12-13T08:45",
        ),
        ("PUBLISHED : Sunday, 20 November, 2016, 1:03pm", "2016-11-20T13:03"),
        ("Published: Dec. 13, 2016", "2016-12-13"),
        ("Posted on March 2, 2016 at 12:15 am", "2016-03-02T00:15"),
        ("Published: 2016-12-13T08:45:00Z", "2016-12-13T08:45"),  # not a named month: dateutil
        ("Published: 13 December 2016, 8 pm", "2016-12-13T20:00"),
        ("Updated: 2 hours ago", None),  # no year: not guessed
        ("Published: 31 February 2016", None),
    ],
)
def test_published_is_parsed_from_the_stamp(stamp, expected):
    cleaned = clean(f"{BODY_1}\n{stamp}\n{BODY_2}")
    assert cleaned.removed == [" ".join(stamp.split())]
    assert cleaned.published == expected


def test_first_parseable_stamp_wins():
    cleaned = clean(f"Updated: 2 hours ago\nPUBLISHED : Sunday, 20 November, 2016, 1:03pm\n{BODY_1}")
    assert cleaned.published == "2016-11-20T13:03"


# --- text hygiene, purity, speed -------------------------------------------------------------------


def test_whitespace_is_normalised():
    raw = "\ufeffThe union\u00a0said its\tmembers would  stay out,\u200b officials said on Monday.\r\n\r\nNext."
    assert clean(raw).text == "The union said its members would stay out, officials said on Monday.\n\nNext."


@pytest.mark.parametrize("raw", ["", "\n\n", "   \n \t\n"])
def test_empty_input(raw):
    assert clean(raw) == Cleaned(text="", title=None, published=None, removed=[])


def test_deterministic():
    raw = fixture("port_strike.txt")
    assert clean(raw) == clean(raw)


def article_of_500_words() -> str:
    raw = fixture("port_strike.txt")
    body = [p for p in raw.split("\n\n") if len(p.split()) > 20][:5]
    while len(raw.split()) < 500:
        raw += "\n\n" + "\n\n".join(body)
    return raw


def test_speed_of_a_500_word_article():
    raw = article_of_500_words()
    runs = 200
    best = min(_cpu_seconds(lambda: clean(raw), runs) for _ in range(5)) / runs
    print(f"clean(): {best * 1e6:.0f} us CPU for {len(raw.split())} words")
    # Typically ~0.1-0.2 ms; the bound is loose so that a loaded CI machine does not flake.
    assert best < 1.5e-3


@pytest.mark.parametrize(
    "raw",
    [
        "A" * 20000,
        "NEW " * 5000 + "- x",
        "word | " * 3000,
        "- " * 10000,
        "Published: " + "1 " * 5000,
        ("x " * 30 + "\n") * 500,
    ],
)
def test_no_catastrophic_backtracking(raw):
    assert _cpu_seconds(lambda: clean(raw), 1) < 0.5


def _cpu_seconds(run, times: int) -> float:
    start = time.process_time()
    for _ in range(times):
        run()
    return time.process_time() - start


# --- the real seed cluster (read from ../shared/data, never copied) ---------------------------------

LEFTOVER_BOILERPLATE = re.compile(
    r"READ MORE|Disclaimer|Published:|PUBLISHED|UPDATED :|facebook twitter|Source: News Agencies|\| AP$|"
    r"— Reuters$|Download now|A\+A-|^BREAKING NEWS$",
    re.MULTILINE,
)
ALL_CAPS_DATELINE = re.compile(r"^[A-Z]{3,}[A-Z .,'’-]*(?:,\s*[A-Z][a-z]+)?\s*(?:\(.*?\))?\s*(?:--|[-–—_:])\s")


@pytest.mark.skipif(not SEED_CLUSTER.is_dir(), reason=f"seed cluster not present at {SEED_CLUSTER}")
def test_seed_cluster_is_cleaned():
    files = sorted(SEED_CLUSTER.glob("*.txt"))
    assert len(files) == 5
    with_hot_spring = 0
    for path in files:
        raw = path.read_text(encoding="utf-8")
        cleaned = clean(raw)
        leftover = LEFTOVER_BOILERPLATE.search(cleaned.text)
        assert leftover is None, (path.name, leftover)
        assert cleaned.title is not None, path.name
        body = paragraphs(cleaned)
        assert not ALL_CAPS_DATELINE.match(body[0]), (path.name, body[0][:40])
        # Real reporting survives: the only long paragraphs removed are the comment-moderation notices,
        # and every long sentence line of the source is still there (its middle: a dateline or a
        # credit may have been trimmed from its ends).
        assert all(len(r.split()) < 25 or "comment" in r for r in cleaned.removed), (path.name, cleaned.removed)
        for line in raw.splitlines():
            line = " ".join(line.split())
            if len(line.split()) >= 25 and "comment" not in line:
                assert line[20:-20] in cleaned.text, (path.name, line[:60])
        if any("hot spring" in line and len(line.split()) >= 12 for line in raw.splitlines()):
            assert any("hot spring" in p for p in body), path.name
            with_hot_spring += 1
    assert with_hot_spring >= 4
    by_name = {path.name[:3]: clean(path.read_text(encoding="utf-8")) for path in files}
    assert by_name["002"].published == "2016-12-13T08:45"
    assert by_name["003"].published == "2016-11-20T13:03"
