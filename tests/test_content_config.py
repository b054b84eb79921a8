"""The selection methods' configs (wirebrief.settings: CoverageConfig, SalienceConfig, IlpConfig, GuidedConfig,
LearnedConfig): validated up front, and each one changes what its method chooses."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest
from typer.testing import CliRunner

from wirebrief import brief_inputs
from wirebrief.cli import app
from wirebrief.errors import UsageError
from wirebrief.pipeline import prepare
from wirebrief.select import METHODS, get_selector, method_config
from wirebrief.select.coverage import concept_weights
from wirebrief.select.features import Features
from wirebrief.select.learned import MODEL_FILE, resolved_config
from wirebrief.settings import (
    ContentConfig,
    CoverageConfig,
    IlpConfig,
    LearnedConfig,
    SalienceConfig,
    Settings,
)

from .conftest import EXAMPLE

BASE = Settings().with_budget(words=60)


@pytest.fixture(scope="module")
def cluster():
    return prepare(brief_inputs([str(EXAMPLE)], BASE).articles, BASE)


def choose(cluster, method: str, content: ContentConfig = ContentConfig()) -> list[int]:
    return get_selector(method).select(Features(cluster, replace(BASE, method=method, content=content)))


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda: Settings(method="nope"), "unknown method 'nope'"),
        (lambda: Settings(mmr_lambda=1.5), "settings.mmr_lambda must be a number from 0 to 1, not 1.5"),
        (lambda: Settings(redundancy_threshold=0), "settings.redundancy_threshold must be a number above 0"),
        (lambda: CoverageConfig(scale=-0.1), "coverage.scale must be a number from 0 to 1"),
        (lambda: CoverageConfig(min_df=2.5), "coverage.min_df must be a whole number of at least 1, not 2.5"),
        (lambda: CoverageConfig(fill_novelty=float("nan")), "coverage.fill_novelty must be a number"),
        (lambda: SalienceConfig(position_weight="0.3"), "salience.position_weight must be a number of at least 0"),
        (lambda: IlpConfig(node_limit=True), "ilp.node_limit must be a whole number"),
        (lambda: LearnedConfig(mmr_lambda=-1), "learned.mmr_lambda must be a number from 0 to 1"),
        (lambda: ContentConfig(coverage={"scale": 0.5}), "content.coverage must be a CoverageConfig"),
        (lambda: ContentConfig(model=5), "content.model must be the path of a model directory, not 5"),
        (lambda: replace(Settings(), method="magic"), "unknown method 'magic'"),
        (lambda: Settings.from_dict({"budget": {"words": "x"}}), "the length budget must be a positive number"),
        (lambda: Settings.from_dict({"budget": {}}), "the length budget needs one of words, sentences or chars"),
        (lambda: Settings().with_budget(words="100"), "the length budget must be a positive number"),
    ],
)
def test_a_wrong_knob_is_one_usage_error(make, message):
    with pytest.raises(UsageError, match=message) as raised:
        make()
    assert "\n" not in str(raised.value)


def test_the_cli_refuses_an_unknown_method_before_reading_anything(tmp_path):
    result = CliRunner().invoke(app, ["brief", str(tmp_path / "missing.txt"), "--method", "nope"])
    assert result.exit_code == 2
    assert "unknown method 'nope'" in result.stderr and "missing.txt" not in result.stderr


def test_every_registered_config_is_held_by_settings():
    content = ContentConfig()
    for method in METHODS.values():
        for name in method.configs:
            assert hasattr(content, name)


def test_salience_weights_change_the_choice(cluster):
    features = Features(cluster, BASE)
    plain = replace(BASE, content=ContentConfig(salience=SalienceConfig(support_weight=0.0, position_weight=0.0)))
    salience = get_selector("salience").salience(Features(cluster, plain))
    assert np.array_equal(salience, features.centrality)  # no weights: centrality alone
    support_only = ContentConfig(salience=SalienceConfig(support_weight=100.0, position_weight=0.0))
    top = int(np.argmax(get_selector("salience").salience(Features(cluster, replace(BASE, content=support_only)))))
    assert features.support[top] == features.support.max()
    assert choose(cluster, "salience", plain.content) != choose(cluster, "salience", support_only)


def test_coverage_min_df_and_position_prior(cluster):
    # no concept reaches 100 articles: nothing to cover, so the budget goes to early sentences in lead order
    rare = ContentConfig(coverage=CoverageConfig(min_df=100, small_cluster=1))
    chosen = choose(cluster, "coverage", rare)
    units = cluster.units
    assert units[chosen[0]].first_position == 0 and units[chosen[0]].support == max(u.support for u in units)
    assert chosen != choose(cluster, "coverage")
    # without the lead prior a concept weighs the number of articles that carry it: a whole number
    flat = replace(BASE, content=ContentConfig(coverage=CoverageConfig(position_prior=0.0)))
    _, weights = concept_weights(Features(cluster, flat))
    bigrams = weights[weights >= 1.0]
    assert bigrams.size and np.array_equal(bigrams, np.round(bigrams))
    _, weighted = concept_weights(Features(cluster, BASE))
    assert weighted.max() > bigrams.max()


def test_ilp_max_concepts_keeps_the_heaviest_concept(cluster):
    one = ContentConfig(ilp=IlpConfig(max_concepts=1))
    chosen = choose(cluster, "coverage-ilp", one)
    incidence, weights = concept_weights(Features(cluster, BASE))
    assert incidence[chosen[0], int(np.argmax(weights))] == 1  # the program held only that concept
    assert chosen != choose(cluster, "coverage-ilp")


def test_the_learned_methods_mmr_defaults_come_from_the_model_file_and_can_be_overridden(cluster):
    shipped = json.loads(MODEL_FILE.read_text(encoding="utf-8"))["selection"]
    assert resolved_config(BASE) == LearnedConfig(shipped["mmr_lambda"], shipped["redundancy_threshold"])
    strict = ContentConfig(learned=LearnedConfig(redundancy_threshold=0.05))
    settings = replace(BASE, method="learned", content=strict)
    assert resolved_config(settings) == LearnedConfig(shipped["mmr_lambda"], 0.05)
    assert method_config(settings) == {"learned": {"mmr_lambda": shipped["mmr_lambda"], "redundancy_threshold": 0.05}}
    # a threshold below the closest pair the default choice takes must change the choice
    similarity = Features(cluster, BASE).similarity
    default = choose(cluster, "learned")
    closest = max(float(similarity[a, b]) for a in default for b in default if a != b)
    assert closest > 0
    chosen = choose(cluster, "learned", ContentConfig(learned=LearnedConfig(redundancy_threshold=closest)))
    assert all(similarity[a, b] < closest for a in chosen for b in chosen if a != b)
    assert chosen != default


def test_brief_verbose_shows_the_values_the_method_runs_with():
    result = CliRunner().invoke(app, ["brief", str(EXAMPLE), "--method", "learned", "--verbose"])
    assert result.exit_code == 0
    line = next(line for line in result.stderr.splitlines() if line.startswith("wirebrief: method learned: "))
    shown = json.loads(line.split(": ", 2)[2])
    assert shown == {"learned": json.loads(MODEL_FILE.read_text(encoding="utf-8"))["selection"]}
