"""Numbers in the formats the world writes them (issue 20): a table of news sentences in
German, French, Spanish, Italian, Portuguese and Indian English, with the value and unit
each figure must read as, and English negatives that must read exactly as before.

Rows are (group, sentence, surface the claim starts with, value, unit, number_format); the
group names the language or format, for the pass rate per group."""

from __future__ import annotations

from decimal import Decimal

import pytest

from factcheck import extract_text, load_rules
from factcheck.numbers import Languages, document_convention, read_number

ROWS = [
    # -- German: decimal comma, dot thousands, Millionen / Milliarden / Mrd. / Mio. ----------
    ("de", "Die Inflation lag im Juli bei 2,5 % und damit auf dem Niveau vom Juni.", "2,5", 2.5, "percent", "decimal_comma"),
    ("de", "Die Firma investiert 2,6 Millionen Dollar in das neue Werk.", "2,6", 2.6e6, "USD", "decimal_comma"),
    ("de", "Der Konzern machte 2,5 Mrd. Euro Gewinn und das ist mehr als im Vorjahr.", "2,5", 2.5e9, "EUR", "decimal_comma"),
    ("de", "Der Dax schloss bei 1.234,56 Punkten und damit auf einem Rekord.", "1.234,56", 1234.56, "point", "decimal_comma"),
    ("de", "Der Bund will 1,5 Milliarden Euro für die Bahn ausgeben, wie das Ministerium mitteilte.", "1,5", 1.5e9, "EUR", "decimal_comma"),
    ("de", "Die Staatsschulden stiegen auf 2,4 Billionen Euro, teilte das Amt mit.", "2,4", 2.4e12, "EUR", "decimal_comma"),
    ("de", "Im Werk arbeiten 12.500 Beschäftigte, die Produktion stieg um 3,2 Prozent.", "12.500", 12500, "Beschäftigte", "decimal_comma"),
    ("de", "Das Unternehmen hat 4,8 Mio. Kunden in Deutschland gewonnen, sagte der Chef.", "4,8", 4.8e6, "Kunden", "decimal_comma"),
    ("de", "Der Verlust lag bei 750 Tausend Euro und damit unter dem Vorjahr.", "750", 750e3, "EUR", None),
    ("de", "Die Ernte brachte 1,2 Millionen Tonnen Weizen, mehr als im Vorjahr.", "1,2", 1.2e6, "metric_ton", "decimal_comma"),
    ("de", "Der Preis stieg auf 85,30 Dollar je Barrel und fiel dann wieder.", "85,30", 85.3, "USD / oil_barrel", "decimal_comma"),
    ("de", "Die Arbeitslosenquote sank auf 5,7 Prozent, wie die Bundesagentur mitteilte.", "5,7", 5.7, "percent", "decimal_comma"),
    ("de", "Die Strecke ist 42,195 Kilometer lang und wird von 3,5 Millionen Menschen verfolgt.", "3,5", 3.5e6, "Menschen", "decimal_comma"),
    # -- French: decimal comma, space / no-break / narrow no-break thousands, milliard ------------
    ("fr", "Le gouvernement a débloqué 1,2 milliard d'euros pour les agriculteurs.", "1,2", 1.2e9, "EUR", "decimal_comma"),
    ("fr", "Le chômage touche 2 345 678 personnes en France selon l'Insee.", "2 345 678", 2345678, "personne", None),
    ("fr", "Le chômage touche 2\u00a0345\u00a0678 personnes en France selon l'Insee.", "2\u00a0345\u00a0678", 2345678, "personne", None),
    ("fr", "Le chômage touche 2\u202f345\u202f678 personnes en France selon l'Insee.", "2\u202f345\u202f678", 2345678, "personne", None),
    ("fr", "Le taux de chômage est de 7,3\u00a0% de la population active selon l'Insee.", "7,3", 7.3, "percent", "decimal_comma"),
    ("fr", "L'inflation a atteint 5,2 % sur un an, selon les chiffres publiés.", "5,2", 5.2, "percent", "decimal_comma"),
    ("fr", "Le groupe a réalisé un bénéfice de 3,5 millions d'euros sur l'année.", "3,5", 3.5e6, "EUR", "decimal_comma"),
    ("fr", "La dette publique dépasse 3 000 milliards d'euros, selon l'Insee.", "3 000", 3e12, "EUR", None),
    ("fr", "Le budget prévoit 12,5 milliards de dollars pour la défense.", "12,5", 12.5e9, "USD", "decimal_comma"),
    ("fr", "Selon la banque, la dette mondiale atteint 2 billions de dollars dans cette étude.", "2", 2e12, "USD", None),
    ("fr", "La production a chuté de 1,17 million de barils par jour en juillet.", "1,17", 1.17e6, "oil_barrel / day", "decimal_comma"),
    ("fr", "Le séisme a été ressenti à 150 kilomètres de l'épicentre, selon les autorités.", "150", 150, "kilometer", None),
    ("fr", "Les exportations ont atteint 45 000 tonnes dans la région, selon le ministère.", "45 000", 45000, "metric_ton", None),
    ("fr", "Le prix est de 1 234,56 euros pour les clients, selon le site.", "1 234,56", 1234.56, "EUR", "decimal_comma"),
    ("fr", "La société emploie 12 500 salariés dans le monde, selon son rapport.", "12 500", 12500, "salarié", None),
    ("fr", "Le CAC 40 a perdu 0,8 % à la clôture, selon les données.", "0,8", 0.8, "percent", "decimal_comma"),
    ("fr", "Les ventes ont progressé de 15 % sur le trimestre, pour atteindre 2,3 milliards d'euros.", "2,3", 2.3e9, "EUR", "decimal_comma"),
    ("fr", "L'entreprise a versé deux millions d'euros aux victimes.", "deux", 2e6, "EUR", None),
    # -- Spanish: decimal comma, dot thousands, mil / mil millones / millón --------------------
    ("es", "El Gobierno destinará 2.500 millones de euros a las ayudas, lo que supone un 0,5 % del PIB.", "2.500", 2.5e9, "EUR", "decimal_comma"),
    ("es", "El Gobierno destinará 2.500 millones de euros a las ayudas, lo que supone un 0,5 % del PIB.", "0,5", 0.5, "percent", "decimal_comma"),
    ("es", "La empresa facturó 3 mil millones de dólares en el año, según sus cuentas.", "3", 3e9, "USD", None),
    ("es", "La deuda pública alcanzó 1,5 billones de euros, según el Banco de España.", "1,5", 1.5e12, "EUR", "decimal_comma"),
    ("es", "El banco ganó 2.345,6 millones de euros en el semestre, un 12,3 % más.", "2.345,6", 2345.6e6, "EUR", "decimal_comma"),
    ("es", "Las exportaciones sumaron 45 mil toneladas de café durante el año, según la federación.", "45", 45000, "metric_ton", None),
    ("es", "La inflación se situó en el 3,2 por ciento en agosto, según el instituto.", "3,2", 3.2, "percent", "decimal_comma"),
    ("es", "El petróleo Brent subió a 85,4 dólares por barril en la sesión.", "85,4", 85.4, "USD / oil_barrel", "decimal_comma"),
    ("es", "La compañía tiene 1.234.567 clientes en el país, según el informe.", "1.234.567", 1234567, "cliente", "decimal_comma"),
    ("es", "El terremoto se sintió a 200 kilómetros de la capital, según las autoridades.", "200", 200, "kilometer", None),
    ("es", "El déficit fue de 1,8 millones de euros en el ejercicio, frente a los 2,4 millones del año anterior.", "1,8", 1.8e6, "EUR", "decimal_comma"),
    ("es", "Los ingresos crecieron un 4,5 % hasta 1.200 millones de dólares.", "1.200", 1.2e9, "USD", "decimal_comma"),
    ("es", "Las importaciones de crudo cayeron a 1,2 millón de barriles por día en julio.", "1,2", 1.2e6, "oil_barrel / day", "decimal_comma"),
    # -- Italian: decimal comma, mila / milioni / miliardi -----------------------------------
    ("it", "Il governo ha stanziato 3,5 miliardi di euro per la ricostruzione.", "3,5", 3.5e9, "EUR", "decimal_comma"),
    ("it", "L'inflazione è salita al 5,9 per cento ad agosto, secondo l'Istat.", "5,9", 5.9, "percent", "decimal_comma"),
    ("it", "La società ha 12 mila dipendenti e un fatturato di 2,1 miliardi di euro.", "12", 12000, "dipendenti", None),
    ("it", "La società ha 12 mila dipendenti e un fatturato di 2,1 miliardi di euro.", "2,1", 2.1e9, "EUR", "decimal_comma"),
    ("it", "Il debito pubblico ha superato i 2.800 miliardi di euro, secondo la Banca d'Italia.", "2.800", 2.8e12, "EUR", "ambiguous"),
    ("it", "Le vendite sono cresciute del 3,4 % a 1,2 milioni di unità nel trimestre.", "1,2", 1.2e6, "unità", "decimal_comma"),
    ("it", "La produzione è scesa di 150 mila barili al giorno, secondo l'agenzia.", "150", 150000, "oil_barrel / day", None),
    ("it", "Il titolo ha perso lo 0,7 % a 12,45 euro in Borsa, secondo i dati.", "12,45", 12.45, "EUR", "decimal_comma"),
    ("it", "L'azienda ha investito 500 milioni di dollari nello stabilimento, secondo il comunicato.", "500", 500e6, "USD", None),
    ("it", "Il sisma è stato avvertito a 80 chilometri dall'epicentro, secondo l'Ingv.", "80", 80, "kilometer", None),
    ("it", "Sono state raccolte 3.500 tonnellate di grano, lo 0,5 % in più.", "3.500", 3500, "metric_ton", "decimal_comma"),
    # -- Portuguese: decimal comma, mil / milhões / bilhões (Brazil) ----------------------------
    ("pt", "O governo anunciou um corte de 2,3 bilhões de reais no orçamento para a saúde.", "2,3", 2.3e9, "BRL", "decimal_comma"),
    ("pt", "A inflação foi de 4,5 % em julho, segundo o IBGE.", "4,5", 4.5, "percent", "decimal_comma"),
    ("pt", "A empresa teve lucro de 1,2 milhão de reais no trimestre, segundo o balanço.", "1,2", 1.2e6, "BRL", "decimal_comma"),
    ("pt", "A Petrobras produziu 2,8 milhões de barris por dia em julho, segundo a empresa.", "2,8", 2.8e6, "oil_barrel / day", "decimal_comma"),
    ("pt", "O desemprego atinge 8,5 milhões de pessoas, segundo o IBGE, uma taxa de 7,9 %.", "7,9", 7.9, "percent", "decimal_comma"),
    ("pt", "A safra foi de 150 mil toneladas de café, mais do que no ano passado.", "150", 150000, "metric_ton", None),
    ("pt", "O banco teve lucro de 3.456,7 milhões de reais, segundo o balanço.", "3.456,7", 3456.7e6, "BRL", "decimal_comma"),
    ("pt", "A dívida pública chegou a 7 trilhões de reais, segundo o Tesouro.", "7", 7e12, "BRL", None),
    ("pt", "O sismo foi sentido a 300 quilómetros de Lisboa, segundo as autoridades.", "300", 300, "kilometer", None),
    # -- Swiss apostrophe grouping ---------------------------------------------------------------
    ("apostrophe", "Die Bank verwaltet 1'234'567 Franken für die Kunden und das ist viel.", "1'234'567", 1234567, "CHF", None),
    ("apostrophe", "The fund holds CHF 1'250'000 in cash, the report said.", "CHF 1'250'000", 1250000, "CHF", None),
    # -- Indian English: lakh / crore grouping and scale words ----------------------------------
    ("en-IN", "The government has set aside Rs 10 lakh crore for infrastructure.", "Rs 10", 10e12, "INR", None),
    ("en-IN", "Capital expenditure rose to 10.68 lakh crore in the budget, the minister said.", "10.68", 10.68e12, None, None),
    ("en-IN", "The company reported a profit of Rs 615 crore in the quarter.", "Rs 615", 6.15e9, "INR", None),
    ("en-IN", "The budget outlay is Rs 7.5 lakh crore for the year.", "Rs 7.5", 7.5e12, "INR", None),
    ("en-IN", "The firm posted revenue of Rs 615 Cr in the quarter.", "Rs 615", 6.15e9, "INR", None),
    ("en-IN", "The state has 12,34,567 registered voters, officials said.", "12,34,567", 1234567, "voter", None),
    ("en-IN", "The district recorded 1,16,195 cases so far, officials said.", "1,16,195", 116195, "case", None),
    ("en-IN", "Farmers received ₹2,000 crore in relief, the minister said.", "₹2,000", 2e10, "INR", None),
    ("en-IN", "The scheme will cost Rs 50,000 crore over five years.", "Rs 50,000", 5e11, "INR", None),
    ("en-IN", "The plant will employ 5 lakh people, officials said.", "5", 5e5, "person", None),
    ("en-IN", "The fund has ₹1,50,000 in deposits, the bank said.", "₹1,50,000", 150000, "INR", None),
    # -- English: exactly as before --------------------------------------------------------------
    ("en", "The company sold 1,234 cars in the month, the report said.", "1,234", 1234, "car", None),
    ("en", "Russia has reserves of 3.8 million tons, the survey said.", "3.8", 3.8e6, "ton", None),
    ("en", "The index rose 1.234 points to close at a record, the exchange said.", "1.234", 1.234, "point", None),
    ("en", "The firm had 1,234,567 customers at the end of the year.", "1,234,567", 1234567, "customer", None),
    ("en", "Prices rose 2.5% in July, the statistics office said.", "2.5", 2.5, "percent", None),
    ("en", "The deal was worth $1.2 billion, the company said.", "$1.2", 1.2e9, "USD", None),
    ("en", "Los Angeles has 3.9 million residents, the census said.", "3.9", 3.9e6, "resident", None),
    ("en", "The fund was valued at 1\u00a0250\u00a0000 dollars, the filing said.", "1\u00a0250\u00a0000", 1250000, "USD", None),
    ("en", "He paid 12 mil for the house, the agent said.", "12", 12e6, None, None),
    ("en", "The French government said it would spend 2 billion euros on the plan.", "2", 2e9, "EUR", None),
]


def _case(row):
    group, text, surface, _value, _unit, _fmt = row
    return pytest.param(row, id=f"{group}:{text[:40]}:{surface}")


@pytest.mark.parametrize("row", [_case(r) for r in ROWS])
def test_number_table(row):
    _group, text, surface, value, unit, fmt = row
    claims = [c for c in extract_text(text) if c.kind == "quantity"]
    hits = [c for c in claims if c.text.startswith(surface)]
    assert hits, [(c.text, c.value) for c in claims]
    c = hits[0]
    assert c.text == text[c.start : c.end]
    # Decimal compares by value: "85,30" read as 85 or "1.234" as 1 fails here
    assert c.value == Decimal(str(value)), (c.text, c.value)
    assert c.unit == unit, (c.text, c.unit)
    assert c.number_format == fmt, (c.text, c.number_format)


# years and dates stay what they are in every language
@pytest.mark.parametrize("text", [
    "Im Jahr 2019 wurden 1.200 Wohnungen gebaut, das sind 3,5 Prozent mehr.",
    "En 2020, la producción cayó un 2,5 % según el informe.",
])
def test_years_stay_years(text):
    kinds = {c.text: c.kind for c in extract_text(text)}
    assert all(k != "quantity" for t, k in kinds.items() if t.startswith("20")), kinds


def test_rules_examples():
    examples = load_rules().examples("numbers")
    assert examples  # rules/numbers.toml ships with its examples
    for ex in examples:
        claims = [c for c in extract_text(ex["text"]) if c.kind == "quantity"]
        hits = [c for c in claims if c.value == Decimal(str(ex["value"]))]
        assert hits, (ex["text"], [(c.text, c.value) for c in claims])
        assert hits[0].unit == ex["unit"], ex["text"]
        if "number_format" in ex:
            assert hits[0].number_format == ex["number_format"], ex["text"]


@pytest.mark.parametrize("num, convention, expected", [
    ("1.234,56", None, ("1234.56", "decimal_comma")),
    ("1,234.56", None, ("1234.56", "decimal_point")),
    ("29,61", None, ("29.61", "decimal_comma")),
    ("0,500", None, ("0.500", "decimal_comma")),
    ("246.000", "comma", ("246000", "decimal_comma")),
    ("246.000", "point", ("246.000", "decimal_point")),
    ("1.234", None, ("1234", "ambiguous")),
    ("1,234", None, ("1.234", "ambiguous")),
    ("12,34,567", None, ("1234567", "decimal_point")),
    ("1 234 567", None, ("1234567", None)),
    ("1'234'567,5", None, ("1234567.5", "decimal_comma")),
])
def test_read_number(num, convention, expected):
    value, digits, fmt = read_number(num, convention)
    assert (digits, fmt) == expected
    assert value == Decimal(expected[0])


@pytest.mark.parametrize("text, expected", [
    ("hasta 29,61 millones frente a 246.000", "comma"),
    ("rose 3.8 million to 1,234.5", "point"),
    ("el 15.08.2025 se vendieron 1.234 coches", None),  # a date is no evidence
    ("1.234 y 5.678", None),
])
def test_document_convention(text, expected):
    assert document_convention(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("Der BVB überwies 25 Millionen Euro und das ist nicht wenig.", "de"),
    ("La OPEP indicó que la producción se contrajo en julio, según el informe.", "es"),
    ("Le gouvernement a débloqué des fonds pour les agriculteurs dans la région.", "fr"),
    ("The Los Angeles Dodgers do plus the Las Vegas team said.", None),
])
def test_language(text, expected):
    assert Languages(load_rules().numbers).detect(text) == expected


# -- a language's usual decimal mark: the Unicode CLDR's (Babel), unless numbers.toml sets it
@pytest.mark.parametrize(("code", "mark"), [
    ("de", "comma"), ("fr", "comma"), ("es", "comma"), ("it", "comma"), ("pt", "comma"),
    ("en", "point"),
])
def test_each_language_reads_its_decimal_mark_from_the_cldr(code, mark):
    lang = Languages(load_rules().numbers).by_code[code]
    assert lang.written_decimal is None  # numbers.toml leaves it to the CLDR
    assert lang.decimal == mark
    # and a lone ambiguous number follows it: "1.234" is 1234 in German, 1.234 in English
    value, _digits, fmt = read_number("1.234", None, lang.decimal)
    assert (value, fmt) == ((Decimal("1234"), "ambiguous") if mark == "comma"
                            else (Decimal("1.234"), "ambiguous"))


def test_numbers_toml_may_set_a_decimal_mark_over_the_cldr(edit_rules):
    folder = edit_rules("numbers.toml", "[languages.de]\n", '[languages.de]\ndecimal = "point"\n')
    lang = Languages(load_rules(folder).numbers).by_code["de"]
    assert (lang.written_decimal, lang.decimal) == ("point", "point")


def test_a_language_the_cldr_does_not_know_must_set_its_decimal_mark(edit_rules):
    from factcheck.errors import RuleError
    from factcheck.numbers import cldr_decimal

    folder = edit_rules("numbers.toml", "[languages.de]\n", "[languages.xq]\nstopwords = ['qq']\n\n"
                        "[languages.de]\n")
    lang = Languages(load_rules(folder).numbers).by_code["xq"]
    with pytest.raises(RuleError, match="must set its decimal"):
        _ = lang.decimal
    assert cldr_decimal("de") == "comma"
