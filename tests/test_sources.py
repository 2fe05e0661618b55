"""Source identity (factcheck/sources.py, rules/sources.toml): when two attributions name one
source, acronyms read from the articles, back-references, and the source explanation."""

from __future__ import annotations

import pytest

from factcheck import Document, analyse, load_rules
from factcheck.errors import RuleError
from factcheck.sources import SourceNames, source_names

RULES = load_rules()
NAMES = source_names(RULES)

# (a, b, one source?) as news attributions write them
PAIRS = [
    ("USGS", "the U.S. Geological Survey", True),
    ("US Geological Survey", "USGS", True),
    ("the United States Geological Survey", "the Geological Survey", True),
    ("USGS", "the European-Mediterranean Seismological Centre", False),
    ("EMSC", "the European Mediterranean Seismological Centre", True),
    ("Japan's Meteorological Agency", "JMA", True),
    ("the Japan Meteorological Agency", "the U.S. Geological Survey", False),
    ("the World Health Organization", "WHO", True),
    ("WHO", "UNICEF", False),
    ("the U.N.", "the United Nations", True),
    ("the International Energy Agency", "IEA", True),
    ("the IEA", "OPEC", False),
    ("the Fed", "the Federal Reserve", True),
    ("the Federal Reserve", "the ECB", False),
    ("the Associated Press", "AP", True),
    ("Reuters", "AFP", False),
    ("Agence France-Presse", "AFP", True),
    ("the Met Office", "the UK Met Office", True),
    ("Hong Kong police", "police", True),
    ("police sources", "the police", True),
    ("organisers", "police", False),
    ("Russia's Emergency Situations Ministry", "Ukraine's Emergency Situations Ministry", False),
    ("Russia's Emergency Situations Ministry", "the Emergency Situations Ministry", True),
    ("Interior Ministry data", "the interior ministry", True),
    ("ministry officials", "the Health Ministry", True),
    ("data from the Office for National Statistics", "the ONS", True),
    ("provisional figures from the Home Office", "the Home Office", True),
    ("the Bank of England", "the European Central Bank", False),
    ("the IMF", "the World Bank", False),
    ("NSIDC", "the National Snow and Ice Data Center", True),
    ("Kyodo", "Japan's NHK", False),
    ("a Reuters survey", "Reuters", True),
    ("Warner Bros", "Comscore", False),
]


@pytest.mark.parametrize(("a", "b", "same"), PAIRS, ids=[f"{a}~{b}" for a, b, _ in PAIRS])
def test_name_pairs(a, b, same):
    assert NAMES.same(a, b) is same
    assert NAMES.same(b, a) is same  # symmetric


@pytest.mark.parametrize("name", ["the report", "data", "latest analysis", "June's", "", None])
def test_names_that_say_nothing_about_who(name):
    assert NAMES.same(name, "the U.S. Geological Survey") is None


def _texts(example: dict) -> tuple[str, ...]:
    if "text" in example:
        return (example["text"],)
    if "text_a" in example or "text_b" in example:
        return (example.get("text_a", ""), example.get("text_b", ""))
    return ()


@pytest.mark.parametrize("example", RULES.examples("sources"),
                         ids=lambda e: f'{e["a"]}~{e["b"]}')
def test_rule_file_examples(example):
    assert NAMES.same(example["a"], example["b"], texts=_texts(example)) is example["same"]


@pytest.mark.parametrize(("text", "acronym", "long"), [
    ("Kirill Dmitriev, head of the Russian Direct Investment Fund (RDIF), said on Tuesday.",
     "RDIF", "Russian Direct Investment Fund"),
    ("RDIF (Russian Direct Investment Fund) will take a stake, its head said.",
     "RDIF", "Russian Direct Investment Fund"),
    ("The Canada Pension Plan Investment Board (CPP Investments) said returns rose.",
     "CPP", None),  # not an acronym in brackets: no definition
    ("Figures from the Office for National Statistics (ONS) showed wages rose.",
     "ONS", "Office for National Statistics"),
])
def test_acronyms_defined_in_brackets(text, acronym, long):
    assert NAMES.acronyms(text).get(acronym) == long


def test_acronym_is_the_initials_of_a_name_in_the_article():
    text = ("Floods were the most frequent disaster, the Centre for Research on the Epidemiology "
            "of Disasters said. CRED researchers counted 399 disasters in the year.")
    src = NAMES.resolve("CRED researchers", text=text)
    assert src is not None and src.acronym == "CRED"
    assert src.words == ("centre", "for", "research", "on", "epidemiology", "of", "disasters")
    assert NAMES.same("CRED researchers", "the Centre for Research on the Epidemiology of "
                      "Disasters", texts=(text,)) is True


def test_acronym_defined_in_the_other_article():
    a = "The Russian Direct Investment Fund said the deal was worth $10 billion."
    b = "Kirill Dmitriev's Russian Direct Investment Fund (RDIF) put it at $10 billion."
    assert NAMES.same("the Russian Direct Investment Fund", "RDIF", texts=(a, b)) is True
    assert NAMES.same("RDIF", "the Kremlin", texts=(b, a)) is False


def test_back_reference_to_the_only_ministry_of_the_article():
    text = ("The Natural Resources Ministry put reserves at 28.7 million tonnes. "
            "The ministry said 18 deposits had been explored.")
    assert NAMES.resolve("the ministry", text=text).words == ("natural", "resources", "ministry")
    two = text + " The Finance Ministry said taxes would rise."
    assert NAMES.resolve("the ministry", text=two).head == "ministry"  # which one: unresolved


def test_heads_without_a_fuller_name_stay_generic():
    # "the agency" of an article naming no agency is compatible with any agency
    assert NAMES.same("the agency", "the International Energy Agency") is True
    assert NAMES.same("the agency", "the U.S. Geological Survey") is False


@pytest.mark.parametrize(("old", "new", "needle"), [
    ("[names]\n", "[names]\nignored = [\"the\"]\n", "ignored"),
    ('name = "World Bank"\n', 'name = "World Bank"\nalias = ["WB"]\n', "alias"),
    ("[[examples]]\na = \"USGS\"", "[[examples]]\nsame_source = true\na = \"USGS\"", "same_source"),
])
def test_sources_toml_is_read_strictly(edit_rules, old, new, needle):
    d = edit_rules("sources.toml", old, new)
    with pytest.raises(RuleError) as err:
        load_rules(d)
    msg = str(err.value)
    assert "sources.toml" in msg and needle in msg


def test_one_alias_for_two_sources_is_an_error(edit_rules):
    d = edit_rules("sources.toml", 'aliases = ["IMF"]', 'aliases = ["IMF", "ECB"]')
    with pytest.raises(RuleError, match="ECB"):
        load_rules(d)


def test_an_editor_adds_a_source_without_code():
    data = {"names": RULES.sources["names"],
            "sources": [{"name": "Russian Direct Investment Fund", "aliases": ["RDIF"]}]}
    names = SourceNames(data)
    assert names.same("RDIF", "Russia's sovereign wealth fund RDIF") is True
    assert names.same("RDIF", "the Russian Direct Investment Fund") is True


def _report(a: str, b: str):
    docs = [Document(id="a", text=a, source="A"), Document(id="b", text=b, source="B")]
    return analyse(docs, rules=RULES)


def test_one_source_named_two_ways_is_not_a_source_explanation():
    rep = _report(
        "A powerful earthquake of magnitude 8.8 struck off Kamchatka on Wednesday, "
        "the U.S. Geological Survey said.",
        "The quake off Kamchatka had a magnitude of 8.7, USGS said on Wednesday.",
    )
    [f] = [f for f in rep.findings if {f.a.doc, f.b.doc} == {"a", "b"}]
    assert "source" not in {e.type for e in f.explanations}, f.explanations


def test_two_sources_explain_a_difference_and_quote_both_names():
    rep = _report(
        "A powerful earthquake of magnitude 8.8 struck off Kamchatka on Wednesday, "
        "the U.S. Geological Survey said.",
        "The quake off Kamchatka had a magnitude of 8.7, the Japan Meteorological Agency said "
        "on Wednesday.",
    )
    [f] = [f for f in rep.findings if {f.a.doc, f.b.doc} == {"a", "b"}]
    [src] = [e for e in f.explanations if e.type == "source"]
    assert "U.S. Geological Survey" in src.evidence and "Japan Meteorological Agency" in src.evidence


@pytest.mark.parametrize(("name", "someone"), [
    ("U.S. Geological Survey", True),
    ("police", True),
    ("the protest organiser", True),
    ("emergency services", True),
    ("studio estimates Sunday", True),     # a day said with it is dropped
    ("Natural Resources Ministry", True),
    ("We", False),                          # a pronoun names no one
    ("our records indicates", False),
    ("Sunday", False),
    ("cent of web services", False),        # a run cut out of a clause
    ("French coastguard 53 people died across the 12 months", False),
])
def test_an_attribution_names_someone_or_is_a_fragment(name, someone):
    """A `source` reason needs two attributions that read as sources at all."""
    from factcheck.sources import source_names

    assert source_names().names_someone(name) is someone
