"""Disagreements between sources (wirebrief.facts.disagree) and how briefs show them."""

import json

from wirebrief import brief
from wirebrief.compose.render import render
from wirebrief.facts.disagree import parse_number, sentence_figures


def figures(sentence: str) -> list[tuple[str, float, str]]:
    return [(what, value, qualifier) for _, _, what, value, qualifier, _ in sentence_figures(sentence)]


def test_figures_know_what_they_count():
    assert figures("As many as 25 people were killed in the attack.") == [("death toll", 25.0, "as many as")]
    assert figures("The death toll rose to 15 on Wednesday.") == [("death toll", 15.0, "")]
    assert figures("The gunmen killed 12 students and a teacher.") == [("students killed", 12.0, "")]
    assert figures("The strike stranded more than 40 container ships.") == [("container ships", 40.0, "more than")]
    assert figures("Fifteen were injured.") == [("injured", 15.0, "")]
    assert figures("He served 12 years and is 15-year-old's father; it was April 20 .") == []


def test_parse_number():
    assert parse_number("2,300") == 2300
    assert parse_number("twenty-five") == 25
    assert parse_number("3.2", "billion") == 3.2e9
    assert parse_number("dozens") is None


def report(text: str, published: str, outlet: str) -> dict:
    return {"text": text, "published": published, "outlet": outlet}


def test_a_revised_toll_is_a_revision_and_shown_in_every_format():
    result = brief(
        [
            report("The sheriff said on Tuesday that as many as 25 people were dead after the school shooting in the town.",
                   "1999-04-20", "Wire"),
            report("The death toll was 15 on Wednesday, the sheriff's office said after the school shooting in the town.",
                   "1999-04-21", "Daily"),
        ],
        words=60,
    )  # fmt: skip
    [disagreement] = result.disagreements
    assert disagreement.what == "death toll" and disagreement.kind == "revision"
    assert [v.value for v in disagreement.values] == [25.0, 15.0]
    articles = {a.id: a for a in result.articles}
    for value in disagreement.values:
        for source in value.sources:
            assert str(int(value.value)) in articles[source.article].text[source.start : source.end]
    data = json.loads(render(result, "json"))
    assert data["disagreements"][0]["values"][0]["value"] == 25
    assert "Revised: death toll — as many as 25 people were dead (1999-04-20) [1] → death toll was 15 (1999-04-21) [2]" in render(result, "text")
    assert "> Revised: death toll" in render(result, "markdown")


def test_same_day_conflict_is_a_contradiction():
    result = brief(
        [
            report("Police said 30 people were arrested during the protest in the capital on Saturday.", "2020-05-02", "A"),
            report("Police said 45 people were arrested during the protest in the capital on Saturday.", "2020-05-02", "B"),
        ]
    )
    assert [(d.what, d.kind) for d in result.disagreements] == [("arrests", "contradiction")]


def test_rounded_and_bounded_figures_agree():
    result = brief(
        [
            report("The strike stranded more than 40 container ships off the coast of the port.", "2026-03-14", "A"),
            report("The strike stranded 40 container ships off the coast, the port said.", "2026-03-14", "B"),
            report("About 2,300 union members voted in the ballot on the pay deal.", "2026-03-14", "C"),
            report("The union's 2,250 members voted in the ballot on the pay deal.", "2026-03-14", "D"),
        ]
    )
    assert result.disagreements == []


def test_counts_of_different_things_are_not_compared():
    result = brief(
        [
            report("Two students were questioned by police about the fire at the school.", "2026-03-14", "A"),
            report("The school has 1,800 students and reopens next week after the fire.", "2026-03-14", "B"),
            report("Officials counted 40 species of birds in the park last spring.", "2026-03-14", "C"),
            report("The zoo keeps 60 species of reptiles in its new building.", "2026-03-14", "D"),
        ]
    )
    assert result.disagreements == []


def test_two_dates_for_one_event():
    result = brief(
        [
            report("The strike began on March 5 after talks over pay broke down.", "2026-03-14", "A"),
            report("The strike began on March 6 when talks over pay broke down.", "2026-03-14", "B"),
        ]
    )
    [disagreement] = result.disagreements
    assert disagreement.what == "strike began" and disagreement.kind == "contradiction"
    assert sorted(v.value for v in disagreement.values) == ["2026-03-05", "2026-03-06"]


def test_cost_is_bounded():
    import time

    from wirebrief.facts.disagree import find_disagreements
    from wirebrief.text.split import split_article
    from wirebrief.types import Article, Cluster

    texts = [" ".join(f"Officials said {n + k} people were killed." for n in range(3000)) for k in (0, 7)]
    articles = [Article(f"a{k}", text, f"A{k}", published="2026-03-14") for k, text in enumerate(texts)]
    cluster = Cluster(articles, [s for i, a in enumerate(articles) for s in split_article(i, a.text)])
    started = time.process_time()  # CPU seconds: other jobs on the machine do not stretch them
    found = find_disagreements(cluster)
    assert len(found) <= 5 and time.process_time() - started < 10


def test_batch_lines_carry_disagreements():
    from wirebrief.batch import brief_line
    from wirebrief.settings import Settings

    record = {"id": "toll", "articles": [
        report("Police said 30 people were arrested during the protest in the capital on Saturday.", "2020-05-02", "A"),
        report("Police said 45 people were arrested during the protest in the capital on Saturday.", "2020-05-02", "B"),
    ]}  # fmt: skip
    line = brief_line((1, json.dumps(record), Settings()))
    assert [d["what"] for d in line["disagreements"]] == ["arrests"]
    quiet = brief_line((2, json.dumps({"id": "calm", "articles": record["articles"][:1]}), Settings()))
    assert "disagreements" not in quiet


def cluster_of(*reports: tuple[str, str]):
    """A cluster of (text, published day) reports, split as the pipeline splits them."""
    from wirebrief.text.split import split_article
    from wirebrief.types import Article, Cluster

    articles = [Article(f"a{i}", text, f"Outlet{i}", published=day) for i, (text, day) in enumerate(reports)]
    return Cluster(articles, [s for i, a in enumerate(articles) for s in split_article(i, a.text)])


def disputed(*reports: tuple[str, str]) -> list[str]:
    from wirebrief.facts.disagree import find_disagreements

    return [d.what for d in find_disagreements(cluster_of(*reports))]


def test_other_and_more_mark_a_further_set():
    assert figures("Officials listed six other diseases linked to the spraying.") == []
    assert figures("The storm killed 43 more people in the north.") == []
    assert figures("The platform processes another 75,000 barrels a day.") == []
    assert figures("An additional 20 workers were evacuated.") == []
    # beside the dead, "another 173 people were injured" is the count of the injured, a rival to "162 injured"
    assert figures("Police said another 173 people were injured.") == [("injured", 173.0, "")]
    assert disputed(
        ("Officials listed 8 diseases linked to the spraying in the war, the report said.", "2026-03-14"),
        ("Officials listed 6 other diseases linked to the spraying in the war, the report said.", "2026-03-14"),
    ) == []


FINES = (
    ("Drivers without belts face a fine of 40,000 shillings under the new traffic rules.", "2026-03-14"),
    ("Riders without helmets face a fine of 60,000 shillings under the new traffic rules.", "2026-03-14"),
)


def test_values_one_article_gives_side_by_side_are_different_things():
    assert disputed(*FINES) == ["shillings"]  # on their own, the two reports look like rival figures
    both = ("Drivers face a fine of 40,000 shillings and riders a fine of 60,000 shillings under the new rules.",
            "2026-03-14")  # fmt: skip
    assert disputed(*FINES, both) == []


def test_an_article_wording_a_change_is_a_revision_not_two_things():
    first = ("As many as 25 people were killed in the school shooting, the sheriff said.", "1999-04-20")
    revised = ("The sheriff's initial estimate of 25 people killed in the school shooting was off; the death toll "
               "was 15.", "1999-04-21")  # fmt: skip
    plain = ("The sheriff spoke of 25 people killed in the school shooting; the death toll was 15.", "1999-04-21")
    assert disputed(first, revised) == ["death toll"]
    assert disputed(first, plain) == []


def test_a_toll_each_article_gives_several_values_of_is_many_tolls():
    day = "2026-01-12"
    reports = (
        ("The cold wave killed 32 people in the north; it killed 62 people in the whole region, police said.", day),
        ("The cold wave killed 36 people in the north; it killed 65 people in the whole region, police said.", day),
    )
    assert disputed(*reports) == []
    # one value from each article, and the two articles disagree
    assert disputed(
        ("The cold wave killed 32 people in the north this week, police said on Monday.", day),
        ("The cold wave killed 36 people in the north this week, police said on Monday.", day),
    ) == ["death toll"]


def test_unsure_disagreements_go_in_json_only():
    species = [
        report("The park counted 40 species of birds this spring, rangers said.", "2026-03-14", "A"),
        report("Rangers said the park counted 45 species of birds in the spring survey.", "2026-03-14", "B"),
    ]
    result = brief(species, words=60)
    [unsure] = result.disagreements
    assert unsure.what == "species" and unsure.confidence < 0.5 and not unsure.confident
    data = json.loads(render(result, "json"))
    assert data["disagreements"][0]["confidence"] == unsure.confidence and data["disagreements"][0]["confident"] is False
    for fmt in ("text", "markdown"):
        assert "Sources disagree" not in render(result, fmt) and "Revised:" not in render(result, fmt)
    # a casualty count in near-parallel sentences is sure enough to show
    arrests = brief([
        report("Police said 30 people were arrested during the protest in the capital on Saturday.", "2020-05-02", "A"),
        report("Police said 45 people were arrested during the protest in the capital on Saturday.", "2020-05-02", "B"),
    ])  # fmt: skip
    [sure] = arrests.disagreements
    assert sure.confident and "Sources disagree: arrests" in render(arrests, "text")


def test_confidence_rises_with_shared_words_and_revision_wording():
    from wirebrief.facts.disagree import confidence, extract_figures

    def pair(*texts: str):
        a, b = (f for f in extract_figures(cluster_of(*((t, "2026-03-14") for t in texts))) if f.what == "death toll")
        return confidence([(a, b)], 2)

    parallel = pair("The storm killed 30 people in the coastal villages, officials said.",
                    "The storm killed 45 people in the coastal villages, officials said.")  # fmt: skip
    loose = pair("The storm killed 30 people.", "Officials said 45 people were killed by floods.")
    revised = pair("The storm killed 30 people.", "Officials revised the toll: 45 people were killed by floods.")
    assert parallel > loose and revised > loose
