"""The pair model: vetoes with their examples, strict rules/match.toml, pure symmetric pair
features, the decision explained, and `factcheck why`."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from factcheck import Document, analyse, load_rules
from factcheck.cli import app
from factcheck.errors import RuleError
from factcheck.match import FEATURE_NAMES, VETO_IDS, VETOES, Matcher, PairModel
from factcheck.pipeline import extract_with_stories

RULES = load_rules()
MATCHER = Matcher(RULES)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _scored(docs: list[Document]):
    claims, words = extract_with_stories(docs, RULES)
    by_id = {d.id: d for d in docs}
    return claims, MATCHER.score_all(claims, by_id, words)


def _example_pair(ex: dict):
    """The scored pair of a veto example: the first two quantities of `text`, or the first
    quantity of `a` and of `b`."""
    if "text" in ex:
        docs = [Document(id="t", text=ex["text"])]
    else:
        docs = [Document(id="a", text=ex["a"], date=ex.get("a_date")),
                Document(id="b", text=ex["b"], date=ex.get("b_date"))]
    claims, scored = _scored(docs)
    quantities = [c for c in claims if c.kind == "quantity"]
    if "text" in ex:
        x, y = quantities[0], quantities[1]
    else:
        x = next(c for c in quantities if c.doc == "a")
        y = next(c for c in quantities if c.doc == "b")
    for s in scored:
        if {s.fa.claim.id, s.fb.claim.id} == {x.id, y.id}:
            return s
    # not even blocked: only the dimension class keeps figures out of one block
    return None


VETO_EXAMPLES = [
    (v["id"], ex) for v in RULES.match.get("vetoes", []) for ex in v.get("examples", [])
]


@pytest.mark.parametrize("veto,example", VETO_EXAMPLES,
                         ids=[f"{v}-{'flag' if e['vetoed'] else 'pass'}-{i}"
                              for i, (v, e) in enumerate(VETO_EXAMPLES)])
def test_veto_examples_hit_that_very_veto(veto, example):
    s = _example_pair(example)
    if s is None:
        # figures of two dimension classes never share a block: the dimension veto, upstream
        assert veto == "dimension" and example["vetoed"]
        return
    if example["vetoed"]:
        assert s.decision.veto == veto
    else:
        assert s.decision.veto != veto


def test_every_veto_has_a_flag_and_a_pass_example():
    have = {(v, e["vetoed"]) for v, e in VETO_EXAMPLES}
    for v in VETO_IDS:
        assert (v, True) in have and (v, False) in have, v
    assert len(VETOES) <= 9


def test_rule_file_documents_every_veto_of_the_code():
    assert {v["id"] for v in RULES.match["vetoes"]} == set(VETO_IDS)


def test_feature_names_are_the_vector_keys_in_order():
    _, scored = _scored([Document(id="a", text=SENTENCES[2]), Document(id="b", text=SENTENCES[3])])
    assert scored
    assert tuple(scored[0].features.vector()) == FEATURE_NAMES


def test_weights_name_every_feature_and_thresholds_order():
    model = MATCHER.model
    assert set(model.weights) == set(FEATURE_NAMES)
    assert 0 < model.pair_threshold <= model.flag_threshold < 1


@pytest.mark.parametrize("old,new,needle", [
    ("[model.weights]\n", "[model.weights]\nsame_valeu = 1.0\n", "same_valeu"),
    ("\npair_threshold =", "\npair_treshold =", "pair_treshold"),
    ("schema = 1\n", "schema = 1\nshema = 2\n", "shema"),
    ('[[vetoes]]\nid = "dimension"', '[[vetoes]]\nid = "dimensions"', "veto id"),
])
def test_match_toml_is_read_strictly(edit_rules, old, new, needle):
    d = edit_rules("match.toml", old, new)
    with pytest.raises(RuleError) as err:
        load_rules(d)
    msg = str(err.value)
    assert "match.toml" in msg and needle in msg


def test_unknown_key_suggests_the_nearest(edit_rules):
    d = edit_rules("match.toml", "\nmargin =", "\nmargn =")
    with pytest.raises(RuleError) as err:
        load_rules(d)
    assert "did you mean 'margin'" in str(err.value)


SENTENCES = [
    "The death toll from the quake rose to 80 on Saturday, officials said.",
    "The quake killed at least 75 people in the province, police said on Friday.",
    "Police said 128,000 people marched through Hong Kong on Sunday.",
    "Organizers said at least 1.7 million people marched through Hong Kong on Sunday.",
    "The company reported revenue of $2.1 billion for the year, up 12 percent.",
    "Revenue rose 12% to $2.1bn in 2024, the company said.",
    "The fire burned more than 73,000 hectares in Evros in 2023.",
    "Some 292,587 hectares had been burned by August 24, the agency said.",
]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(SENTENCES), min_size=2, max_size=4))
def test_pair_features_are_symmetric(texts):
    docs = [Document(id=f"d{i}", text=t, date=f"2024-0{i + 1}-10") for i, t in enumerate(texts)]
    claims, words = extract_with_stories(docs, RULES)
    quantities = [c for c in claims if c.kind == "quantity"]
    feats = {c.id: MATCHER.features(c, next(d for d in docs if d.id == c.doc)) for c in quantities}
    run = MATCHER.run_context(list(feats.values()), {d.id: d for d in docs}, words)
    for x in quantities:
        for y in quantities:
            if x.id < y.id and feats[x.id].dim == feats[y.id].dim:
                assert MATCHER.relate(feats[x.id], feats[y.id], run) == \
                    MATCHER.relate(feats[y.id], feats[x.id], run)


def test_contributions_add_up_to_the_logit():
    docs = [Document(id="a", text=SENTENCES[0], date="2024-01-02"),
            Document(id="b", text=SENTENCES[1], date="2024-01-01")]
    _, scored = _scored(docs)
    assert scored
    for s in scored:
        d = MATCHER.model.decide(s.features, explain=True)
        if d.veto:
            continue
        assert math.isclose(MATCHER.model.bias + sum(v for _, v in d.contributions), d.logit,
                            abs_tol=0.01)
        assert d.probability == pytest.approx(1 / (1 + math.exp(-d.logit)))


def test_a_model_refuses_below_its_threshold_and_flags_only_above_the_higher_one():
    docs = [Document(id="a", text=SENTENCES[2], date="2024-01-02"),
            Document(id="b", text=SENTENCES[3], date="2024-01-02")]
    sure = PairModel(bias=9.0, weights={}, pair_threshold=0.5, flag_threshold=0.6)
    unsure = PairModel(bias=0.2, weights={}, pair_threshold=0.5, flag_threshold=0.9)
    never = PairModel(bias=-9.0, weights={}, pair_threshold=0.5, flag_threshold=0.9)
    flagged = analyse(docs, rules=RULES, matcher=MATCHER.with_model(sure)).findings
    assert any(f.verdict != "consistent" for f in flagged)
    assert all(f.verdict == "consistent"
               for f in analyse(docs, rules=RULES, matcher=MATCHER.with_model(unsure)).findings)
    assert analyse(docs, rules=RULES, matcher=MATCHER.with_model(never)).findings == ()


def test_json_findings_carry_probability_and_contributions():
    from factcheck import load_documents

    rep = analyse(load_documents([str(SEEDS)]), rules=RULES)
    data = rep.to_json()
    assert data["pairs"]
    for p in data["pairs"]:
        assert 0 < p["match_probability"] <= 1
        assert p["match_contributions"] and all(
            set(c) == {"feature", "logit"} and c["feature"] in FEATURE_NAMES
            for c in p["match_contributions"])
        assert p["match_score"] == pytest.approx(100 * p["match_probability"], abs=0.01)


def test_why_explains_a_pair_and_a_refusal():
    runner = CliRunner()
    out = runner.invoke(app, ["extract", str(SEEDS), "--format", "jsonl"])
    claims = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    usgs = next(c for c in claims if c["text"] == "3.8 million metric tons")
    ministry = next(c for c in claims if c["text"] == "28.7 million tons")
    r = runner.invoke(app, ["why", usgs["id"], ministry["id"], str(SEEDS)])
    assert r.exit_code == 0, r.output
    assert "probability" in r.stdout and ("paired" in r.stdout or "dropped" in r.stdout)
    assert any(name in r.stdout for name in FEATURE_NAMES)
    share = next(c for c in claims if c["text"] == "95%")
    r = runner.invoke(app, ["why", usgs["id"], share["id"], str(SEEDS)])
    assert r.exit_code == 0, r.output
    assert "veto dimension" in r.stdout
    # spans work too: FILE:START-END
    span = f"{Path(usgs['doc']).name}:{usgs['start']}-{usgs['end']}"
    r = runner.invoke(app, ["why", span, ministry["id"], str(SEEDS)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["why", "nope#1", ministry["id"], str(SEEDS)])
    assert r.exit_code == 2 and "nope#1" in r.output


SHARED_PAIRS = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "pairs"


@pytest.mark.skipif(not (SHARED_PAIRS / "dev.jsonl").is_file(), reason="../shared is absent")
def test_run_time_model_on_the_dev_cases():
    # a regression guard on the labelled dev cases (in-sample for the shipped weights; the
    # cross-validated figures are bench/pairs.py --cv)
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import fit_match

    preps = [fit_match.prepare(c, "dev") for c in fit_match.load("dev")]
    total, _, _ = fit_match.evaluate(preps, [MATCHER.model] * len(preps), MATCHER)
    f = fit_match.figures(total)
    assert f["pairing_recall"] >= 0.75 and f["flag_precision"] >= 0.85, f
    assert f["distractors_paired"] <= 0.25, f


def _candidate(a: str, b: str):
    from factcheck.match import get_matcher
    from factcheck.pipeline import extract_with_stories

    docs = [Document(id="a", text=a, source="A"), Document(id="b", text=b, source="B")]
    claims, stories = extract_with_stories(docs, RULES)
    m = get_matcher(RULES)
    scored = [s for s in m.score_all(claims, {d.id: d for d in docs}, stories)
              if s.fa.claim.doc != s.fb.claim.doc]
    assert scored, "not compared"
    return m, scored[0]


@pytest.mark.parametrize(("a", "b", "evidence"), [
    ("The death toll from the blast rose to 40 on Sunday, officials said.",
     "The death toll from the blast stood at 42 on Monday, the ministry said.", True),
    ("Police said 11 people were killed in the explosion at the plant.",
     "The explosion at the plant killed 13, the governor said.", True),
    ("About 14 percent of the data came from Iran, the document showed.",
     "You cannot have 100 percent security, the president said.", False),
])
def test_a_difference_needs_evidence_of_one_quantity_or_a_surer_pair(a, b, evidence):
    m, s = _candidate(a, b)
    flag_at, why = m.model.flag_at(s.features)
    assert (why is not None) is evidence
    assert flag_at == (m.model.flag_threshold if evidence else m.model.flag_threshold_weak)
    assert m.model.flag_threshold_weak >= m.model.flag_threshold


def test_flag_threshold_weak_is_read_strictly(edit_rules):
    from factcheck.errors import RuleError

    target = edit_rules("match.toml", "\nflag_threshold_weak = ", "\nflag_threshold_weak = 0.1 #")
    with pytest.raises(RuleError, match="flag_threshold_weak"):
        load_rules(target)
