"""The learned method: shipped model, determinism, budget, a feature-sanity check, and training end to end."""

from __future__ import annotations

import copy
import json

import numpy as np
import pytest

from wirebrief import brief
from wirebrief.pipeline import prepare
from wirebrief.select import get_selector
from wirebrief.select.features import Features
from wirebrief.select.learned import LearnedSelector, TreeEnsemble, load_model
from wirebrief.select.learned_features import FEATURE_NAMES, learned_features
from wirebrief.settings import ContentConfig, Settings
from wirebrief.text.lexical import load_background_idf
from wirebrief.types import Article

from .conftest import EXAMPLE

STORY = [
    "The port of Halden was shut on Monday after dock workers walked out over pay. "
    "The union said 900 members joined the strike. Ships were diverted to Oslo. "
    "Talks with the port authority are due to resume on Thursday, officials said.",
    "Dock workers in Halden went on strike on Monday, closing the port. "
    "The union said 900 members joined the strike. "
    "The port authority called the walkout illegal and said it would seek an injunction.",
    "Halden's port closed on Monday as workers struck over wages. "
    "The union said 900 members joined the strike. Exporters warned of delays to timber shipments. "
    "Talks with the port authority are due to resume on Thursday, officials said.",
    "Shipping lines said the strike at Halden would cost millions. "
    "Timber exporters said the delays could last weeks. A spokesman for the union declined to comment further.",
]


def cluster_of(texts):
    articles = [Article(id=f"a{i}", text=t, outlet=f"o{i}") for i, t in enumerate(texts)]
    return prepare(articles, Settings(method="learned"))


def test_the_shipped_model_loads_and_names_known_features():
    model = load_model()
    assert set(model.feature_names) <= set(FEATURE_NAMES)
    assert model.depth >= 1 and model.feature.shape == model.threshold.shape == model.value.shape
    assert {"mmr_lambda", "redundancy_threshold"} <= set(model.params)
    background = load_background_idf()
    assert background is not None and len(background.table) > 1000
    assert get_selector("learned").name == "learned"


def test_scores_are_deterministic():
    first = LearnedSelector().salience(Features(cluster_of(STORY), Settings()))
    second = LearnedSelector().salience(Features(cluster_of(STORY), Settings()))
    assert first.shape == (len(cluster_of(STORY).units),)
    assert np.array_equal(first, second) and np.isfinite(first).all()


@pytest.mark.parametrize("words", [12, 25, 40, 150])
def test_the_brief_respects_the_word_budget(words):
    result = brief(STORY, words=words, settings=Settings(method="learned"))
    assert 0 < result.words <= words or (result.words == 0 and words < 12)


def test_the_brief_respects_sentence_and_character_budgets():
    assert len(brief(STORY, sentences=2, settings=Settings(method="learned")).sentences) <= 2
    result = brief(STORY, chars=200, settings=Settings(method="learned"))
    assert len(result.text) <= 200


def test_a_unit_carried_by_three_articles_outranks_the_same_unit_carried_by_one():
    features = learned_features(Features(cluster_of(STORY), Settings()))
    model = load_model()
    support, share = FEATURE_NAMES.index("support"), FEATURE_NAMES.index("support_share")
    articles = FEATURE_NAMES.index("articles")
    for row in features:
        one, three = row.copy(), row.copy()
        one[support], one[share] = 1, 0.0
        three[support], three[share] = 3, 2 / max(row[articles] - 1, 2)
        low, high = model.predict(np.vstack([one, three]))
        assert high > low


def test_wire_copy_leads_the_learned_brief():
    result = brief(STORY, words=40, settings=Settings(method="learned"))
    assert any(len(s.sources) == 3 for s in result.sentences)  # "The union said 900 members ..."


def test_the_bundled_example_briefs():
    from wirebrief import brief_inputs

    result = brief_inputs([str(EXAMPLE)], Settings(method="learned"))
    assert 0 < result.words <= 150


def _invented_record(number: int, rng: np.random.Generator) -> dict:
    places = ["Halden", "Tromso", "Bergen", "Narvik", "Molde"]
    place = places[number % len(places)]
    facts = [
        f"Workers at the port of {place} went on strike on Monday over pay.",
        f"The union said {100 + number} members joined the walkout in {place}.",
        f"Ships bound for {place} were diverted to other ports.",
        "Talks with the port authority are due to resume on Thursday.",
        "Exporters warned that timber shipments would be delayed for weeks.",
        "A spokesman for the authority declined to comment on the dispute.",
    ]
    documents = []
    for _ in range(3):
        order = rng.permutation(len(facts))
        documents.append(" ".join(facts[i] for i in order[:4]))
    return {"id": f"c{number}", "documents": documents, "summary": " ".join(facts[:3])}


def test_training_on_a_tiny_dataset_produces_a_loadable_model(tmp_path):
    from typer.testing import CliRunner

    from wirebrief.cli import app

    def train(arguments: list[str]) -> int:  # as `wirebrief train ...`
        result = CliRunner().invoke(app, ["train", *arguments])
        assert "Traceback" not in result.output, result.output
        return result.exit_code

    rng = np.random.default_rng(0)
    data = tmp_path / "tiny.jsonl"
    data.write_text("\n".join(json.dumps(_invented_record(i, rng)) for i in range(30)) + "\n", encoding="utf-8")
    out = tmp_path / "model"
    arguments = ["--data", str(data), "--out", str(out), "--clusters", "24", "--holdout", "6"]
    assert train([*arguments, "--iterations", "5", "--depth", "2", "--min-leaf", "5"]) == 0
    model = json.loads((out / "learned.json").read_text())
    assert model["training"]["clusters"] == 24
    ensemble = TreeEnsemble(model)
    background = load_background_idf(str(out / "idf.json"))
    selector = LearnedSelector(model=ensemble)
    cluster = cluster_of([r for r in _invented_record(99, rng)["documents"]])
    chosen = selector.select(Features(cluster, Settings().with_budget(words=30), background))
    assert chosen and sum(cluster.units[i].words for i in chosen) <= 30
    # the same seed gives the same model
    again = tmp_path / "again"
    assert train(["--data", str(data), "--out", str(again), "--clusters", "24", "--holdout", "6",
                  "--iterations", "5", "--depth", "2", "--min-leaf", "5"]) == 0  # fmt: skip
    assert train([*arguments, "--drop", "nope"]) == 2  # a usage error, before any training
    assert (again / "learned.json").read_bytes() == (out / "learned.json").read_bytes()
    assert (again / "idf.json").read_bytes() == (out / "idf.json").read_bytes()
    # a retrained model is used through Settings.content.model (`brief --model DIR`), with its own IDF table
    retrained = Settings(method="learned", content=ContentConfig(model=str(out))).with_budget(words=30)
    assert selector.select(Features(cluster, retrained)) == LearnedSelector().select(Features(cluster, retrained))
    shipped = LearnedSelector().salience(Features(cluster, Settings()))
    assert not np.allclose(LearnedSelector().salience(Features(cluster, retrained)), shipped)


def test_a_missing_model_directory_is_a_usage_error(tmp_path):
    from wirebrief.errors import UsageError

    with pytest.raises(UsageError, match="no learned.json"):  # when the settings are made, before any input is read
        Settings(method="learned", content=ContentConfig(model=str(tmp_path / "nowhere")))
    (tmp_path / "partial").mkdir()
    (tmp_path / "partial" / "learned.json").write_text("{}")
    with pytest.raises(UsageError, match="no idf.json"):
        ContentConfig(model=str(tmp_path / "partial"))


def test_default_method_uses_the_learned_scorer_within_its_training_range_and_guided_coverage_beyond():
    from wirebrief.select.auto import AutoSelector
    from wirebrief.select.guided import GuidedCoverageSelector

    auto = AutoSelector()
    small = Features(cluster_of(STORY), Settings().with_budget(words=40))
    assert len(small.cluster.units) <= load_model().max_units
    assert auto.select(small) == LearnedSelector().select(small)
    narrow = AutoSelector()
    # as if the model had only seen smaller clusters (a copy: the loaded model is shared)
    narrow.learned.model = copy.copy(load_model())
    narrow.learned.model.max_units = len(small.cluster.units) - 1
    large = Features(cluster_of(STORY), Settings().with_budget(words=40))
    assert narrow.select(large) == GuidedCoverageSelector().select(large)
    assert load_model().max_units > len(small.cluster.units) - 1


def test_brief_model_option_uses_a_model_directory_and_rejects_a_missing_one(tmp_path):
    import shutil

    from typer.testing import CliRunner

    from wirebrief.cli import app
    from wirebrief.select.learned import MODEL_FILE

    runner = CliRunner()
    copy_dir = tmp_path / "copy"
    shutil.copytree(MODEL_FILE.parent, copy_dir)
    shipped = runner.invoke(app, ["brief", str(EXAMPLE), "--words", "60", "-f", "json"])
    copied = runner.invoke(app, ["brief", str(EXAMPLE), "--words", "60", "-f", "json", "--model", str(copy_dir)])
    assert shipped.exit_code == copied.exit_code == 0 and shipped.stdout == copied.stdout
    missing = runner.invoke(app, ["brief", str(EXAMPLE), "--model", str(tmp_path / "nowhere")])
    assert missing.exit_code == 2
    assert "no learned.json" in missing.stderr and "Traceback" not in missing.stderr


def test_a_big_cluster_gets_sparse_word_statistics_with_the_same_features_and_brief(monkeypatch):
    """Past DENSE_CELLS the word statistics are sparse (memory grows with the words used, not units x vocabulary);
    the features are the dense ones up to float rounding, and the brief is the same."""
    from scipy import sparse

    import wirebrief.select.features as score

    dense = Features(cluster_of(STORY), Settings())
    dense_features = learned_features(dense)  # computed (and cached) before the bound drops
    monkeypatch.setattr(score, "DENSE_CELLS", 0)
    big = Features(cluster_of(STORY), Settings())
    assert not sparse.issparse(dense.tfidf) and sparse.issparse(big.tfidf)
    assert np.allclose(dense.similarity, big.similarity, atol=1e-5)
    assert np.allclose(dense.centrality, big.centrality, atol=1e-5)
    ranks = [FEATURE_NAMES.index(name) for name in ("centrality_rank", "overlap_rank")]  # ties may fall either way
    kept = [i for i in range(len(FEATURE_NAMES)) if i not in ranks]
    assert np.allclose(dense_features[:, kept], learned_features(big)[:, kept], atol=1e-4)
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLE.glob("*.txt"))]
    monkeypatch.setattr(score, "DENSE_CELLS", 10**9)
    as_dense = brief(texts, words=80).text
    monkeypatch.setattr(score, "DENSE_CELLS", 0)
    assert brief(texts, words=80).text == as_dense
