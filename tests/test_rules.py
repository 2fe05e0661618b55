"""The examples inside every rules/ file run here; malformed rule files fail clearly."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from factcheck import Document, analyse, extract_text, load_rules
from factcheck.errors import RuleError
from factcheck.rules import default_rules_dir

RULES = load_rules()


def _extract_examples(name: str) -> list[dict]:
    return RULES.examples(name)


@pytest.mark.parametrize(
    "example", _extract_examples("units") + _extract_examples("cues"), ids=lambda e: e["text"][:50]
)
def test_extraction_examples(example):
    claims = [c for c in extract_text(example["text"]) if c.kind == "quantity"]
    hits = [c for c in claims if c.value == Decimal(str(example["value"]))]
    assert hits, [(c.text, c.value) for c in claims]
    c = hits[0]
    for field in ("unit", "dimension", "bound", "change"):
        if field in example:
            assert getattr(c, field) == example[field], field
    if "ambiguous" in example:
        assert c.unit_ambiguous is example["ambiguous"]
    if "role" in example:  # "" for a figure that has no role
        assert c.role == (example["role"] or None), "role"
    for field in ("attribution", "time", "scope"):  # exactly, "" for none
        if field in example:
            assert (getattr(c, field) or "") == example[field], field


def _known_failure(example: dict, request) -> None:
    """An example the pair model gets wrong today carries known_failure = "why": a strict
    expected failure, so a fix makes the test fail until the key is removed."""
    if "known_failure" in example:
        request.applymarker(pytest.mark.xfail(strict=True, reason=example["known_failure"]))


def _pair_report(a: str, b: str):
    docs = [Document(id="a", text=a, source="A"), Document(id="b", text=b, source="B")]
    return analyse(docs, rules=RULES)


def _firsts_finding(a: str, b: str):
    """The finding that pairs the first quantity of article a with that of article b, or
    None when they are not paired."""
    rep = _pair_report(a, b)
    firsts = {}
    for c in rep.claims:
        if c.kind == "quantity":
            firsts.setdefault(c.doc, c)
    assert set(firsts) == {"a", "b"}, "an article has no quantity"
    return next((f for f in rep.findings
                 if {f.a.id, f.b.id} == {firsts["a"].id, firsts["b"].id}), None)


def _firsts_paired(a: str, b: str) -> bool:
    """Whether the first quantity of article a and that of article b are paired."""
    return _firsts_finding(a, b) is not None


@pytest.mark.parametrize("example", RULES.examples("concepts"), ids=lambda e: e["b"][:50])
def test_concept_examples(example, request):
    _known_failure(example, request)
    assert _firsts_paired(example["a"], example["b"]) is example["pair"]


@pytest.mark.parametrize("example", RULES.examples("tolerances"), ids=lambda e: e["b"][:50])
def test_tolerance_examples(example):
    finding = _firsts_finding(example["a"], example["b"])
    assert finding is not None, "the two claims were not paired"
    assert finding.verdict == example["verdict"]


@pytest.mark.parametrize("example", RULES.cues.get("compare_examples", []),
                         ids=lambda e: e["a"][:50])
def test_compare_examples(example):
    """The revision, running-count, approximation and multiplier cues of cues.toml."""
    docs = [Document(id="a", text=example["a"], source="A")]
    if "b" in example:
        docs.append(Document(id="b", text=example["b"], source="B"))
    if "b" in example:  # the pair of the first quantity of each
        f = _firsts_finding(example["a"], example["b"])
        assert f is not None, "the two claims were not paired"
    else:  # a sentence checked against itself
        rep = analyse(docs, rules=RULES)
        assert rep.findings, "nothing checked"
        f = rep.findings[0]
    assert f.verdict == example["verdict"], f.message
    if "explanation" in example:
        assert example["explanation"] in {e.type for e in f.explanations}, f.explanations


def _copy_rules(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(default_rules_dir(), target)
    return target


def test_malformed_toml_names_file_and_line(tmp_path):
    d = _copy_rules(tmp_path)
    path = d / "units.toml"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(30, "broken = = 3")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(d)
    msg = str(err.value)
    assert "units.toml:31" in msg and "expected" in msg


def test_bad_rule_value_names_rule_and_expected_form(tmp_path):
    d = _copy_rules(tmp_path)
    path = d / "cues.toml"
    text = path.read_text(encoding="utf-8").replace('"more than" = ">"', '"more than" = "much"')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(d)
    msg = str(err.value)
    assert "cues.toml:" in msg and "more than" in msg and "expected one of" in msg


def test_editor_adds_scale_word_and_alias_without_code(tmp_path):
    d = _copy_rules(tmp_path)
    path = d / "units.toml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("[scale]\n", "[scale]\nzillion = 1e15\n")
    text = text.replace("[aliases]\n", '[aliases]\n"furlongs" = "furlong"\n')
    path.write_text(text, encoding="utf-8")
    rules = load_rules(d)
    [c] = [c for c in extract_text("The fund is worth 2 zillion dollars.", rules=rules)
           if c.kind == "quantity"]
    assert c.value == Decimal("2e15") and c.unit == "USD"
    [c] = [c for c in extract_text("The horse ran 6 furlongs.", rules=rules) if c.kind == "quantity"]
    assert c.unit == "furlong" and c.dimension == "[length]"


@pytest.mark.parametrize("example", RULES.concepts.get("spelling_examples", []),
                         ids=lambda e: f'{e["a"]}-{e["b"]}')
def test_spelling_examples(example):
    from factcheck.match import get_matcher
    from factcheck.match.text import stem

    spelling = get_matcher(RULES).spelling
    same = stem(example["a"], spelling) == stem(example["b"], spelling)
    assert same is example["same"]


def test_spelling_variants_pair_on_the_measure_word():
    # the same measure word spelled two ways ("organisers" / "organizers") counts as shared
    from factcheck.match import get_matcher

    rep = _pair_report(
        "Organisers said 52,000 marched through the capital on Sunday.",
        "Organizers said 52,000 marched through the capital on Sunday, police said fewer.",
    )
    m = get_matcher(RULES)
    a, b = (next(c for c in rep.claims if c.doc == d and c.kind == "quantity") for d in "ab")
    assert m.head(a) == m.head(b) == "organizer"


@pytest.mark.parametrize("example", RULES.tolerances.get("match_examples", []),
                         ids=lambda e: e["b"][:50])
def test_match_tolerance_examples(example, request):
    _known_failure(example, request)
    assert _firsts_paired(example["a"], example["b"]) is example["pair"]


@pytest.mark.parametrize("example", RULES.concepts["entity_examples"], ids=lambda e: e["text"][:50])
def test_entity_examples(example):
    """The names a figure is about (concepts.toml [entities], cues.toml place_prepositions)."""
    from factcheck.match import get_matcher

    doc = Document(id="a", text=example["text"])
    first = next(c for c in extract_text(example["text"]) if c.kind == "quantity")
    features = get_matcher(RULES).features(first, doc)
    assert sorted(features.subject) == example["subject"]
    if "entities" in example:
        assert sorted(features.entities) == example["entities"]
