"""Numbers of other languages across documents (issue 20): the document's language in the
JSON contract, and a figure whose separator stays ambiguous ("1.234" with nothing in its
document to tell a thousands separator from a decimal mark) is never a conflict on that
reading alone."""

from __future__ import annotations

import json

import pytest

from factcheck import analyse, load_rules
from factcheck.compare import Comparer
from factcheck.extract import get_extractor
from factcheck.match import Candidate
from factcheck.models import Document
from factcheck.numbers import Languages
from factcheck.pipeline import with_languages

RULES = load_rules()


def _claim(doc: Document, starts: str):
    doc = with_languages([doc], RULES)[0]
    claims = get_extractor(RULES).extract(doc)
    hit = next(c for c in claims if c.kind == "quantity" and c.text.startswith(starts))
    return doc, hit, claims


def _compare(da: Document, sa: str, db: Document, sb: str):
    da, a, ca = _claim(da, sa)
    db, b, cb = _claim(db, sb)
    return Comparer(RULES).compare(Candidate(a, b, 100.0), {da.id: da, db.id: db}, ca + cb)


# (Spanish sentence with an ambiguous "N.NNN", English sentence, the English figure) -- the
# Spanish figure read the other way (a decimal mark) is the English one
AMBIGUOUS_AGREE = [
    ("El índice bursátil cerró en 1.234 puntos en la sesión de hoy.", "1.234",
     "The stock index closed at 1.234 points in the session today.", "1.234"),
    ("La producción de la mina alcanzó 2.500 toneladas en el mes.", "2.500",
     "Output at the mine reached 2.5 tonnes in the month.", "2.5"),
]


@pytest.mark.parametrize("es, es_fig, en, figure", AMBIGUOUS_AGREE,
                         ids=[r[1] for r in AMBIGUOUS_AGREE])
def test_ambiguous_reading_is_never_a_conflict_alone(es, es_fig, en, figure):
    f = _compare(Document("es", es), es_fig, Document("en", en), figure)
    assert f.a.number_format == "ambiguous"
    assert f.verdict == "consistent", f.message
    note = next(e for e in f.explanations if e.type == "number_format")
    assert "ambiguous" in note.detail and note.evidence == f.a.text


def test_ambiguous_reading_that_agrees_neither_way_stays_a_conflict_and_says_so():
    es = "El índice bursátil cerró en 1.234 puntos en la sesión de hoy."
    en = "The stock index closed at 57 points in the session today."
    f = _compare(Document("es", es), "1.234", Document("en", en), "57")
    assert f.verdict == "conflict"
    note = next(e for e in f.explanations if e.type == "number_format")
    assert not note.sufficient and "neither reading" in note.detail


def test_settled_numbers_are_compared_as_read():
    # "29,61" settles the Spanish document's decimal comma: "246.000" is 246,000, no note
    es = ("La producción se contrajo en julio en 246.000 barriles diarios frente a junio, "
          "hasta 29,61 millones de barriles diarios, según el informe.")
    en = "Output fell by 246 barrels per day in July, to 29.61 million, the report said."
    f = _compare(Document("es", es), "246.000", Document("en", en), "246")
    assert f.a.number_format == "decimal_comma"
    assert not any(e.type == "number_format" for e in f.explanations)


@pytest.mark.parametrize("text, language", [
    ("Der BVB überwies 25 Millionen Euro und das ist nicht wenig, sagte der Sportdirektor.", "de"),
    ("Il governo ha stanziato 3,5 miliardi di euro per la ricostruzione delle scuole.", "it"),
    ("O governo anunciou um corte de 2,3 bilhões de reais no orçamento para a saúde.", "pt"),
    ("Le gouvernement a débloqué 1,2 milliard d'euros pour les agriculteurs de la région.", "fr"),
    ("El Gobierno destinará 1.500 millones de euros a las ayudas, según fuentes del ministerio.",
     "es"),
    ("The company reported a profit of Rs 615 crore in the quarter, the filing said.", "en"),
    ("The Los Angeles Dodgers do plus the Las Vegas team said on Sunday.", "en"),
])
def test_language_in_the_json_contract(text, language):
    rep = analyse([Document("d", text)], rules=RULES)
    assert json.loads(json.dumps(rep.to_json()))["documents"][0]["language"] == language


def test_english_pays_only_the_cheap_check(monkeypatch):
    """A plainly English document never reaches the model (it would load ~0.6 s)."""
    from factcheck import numbers

    def boom(codes):
        raise AssertionError("the language model was consulted for English text")

    monkeypatch.setattr(numbers, "_identifier", boom)
    langs = Languages(RULES.numbers)
    text = ("Russia has reserves of 3.8 million tons of rare earth metals, the U.S. Geological "
            "Survey said on Monday, and the ministry put the figure far higher.")
    assert langs.detect(text) is None
    assert langs.detect("“Prices rose 2.5% in July,” the statistics office said — again.") is None
