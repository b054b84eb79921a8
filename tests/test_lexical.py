"""The shared word tools: one stemmer for every lexical match in the package."""

from __future__ import annotations

from wirebrief.text import lexical


def test_stem_is_porters_and_keeps_numbers_as_written():
    assert [lexical.stem(w) for w in ("strikes", "striking", "agreed", "communities")] == [
        "strike", "strike", "agre", "commun"
    ]
    assert lexical.stem("1990s") == "1990s" and lexical.stem("21st") == "21st"


def test_coverage_and_verify_stem_alike():
    from wirebrief.select.coverage import sentence_concepts
    from wirebrief.verification import content_terms, find_facts

    text = "Dockers voted for the strikes."
    _, unigrams = sentence_concepts(text)
    assert unigrams == {term for _, _, term in content_terms(text, find_facts(text))} == {"docker", "vote", "strike"}
