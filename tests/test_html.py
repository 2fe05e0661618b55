"""The HTML report (--format html): one self-contained page built from the report model,
every figure marked by verdict with a text label, sources linked only by http(s), and all
article text inert."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from factcheck.cli import app
from factcheck import load_documents
from factcheck.html_report import safe_url

runner = CliRunner()

# a draft dated the day of the wire story: its 2.1 million against the wire's 3.8 million is
# a conflict; the Daily Paper gives 2.1 million too (an agreeing source, collapsed)
DRAFT = ("---\ndate: 2026-11-20\nsource: Our desk\n---\nRussia's reserves of rare earth metals "
         "stand at 2.1 million metric tons, the U.S. Geological Survey estimates.\n")


class Page(HTMLParser):
    """Every tag and attribute of a page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self.marks.append((dict(attrs), ""))
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)
        if "mark" in self.stack and self.marks:
            a, t = self.marks[-1]
            self.marks[-1] = (a, t + data)


def parse(html: str) -> Page:
    p = Page()
    p.feed(html)
    p.close()
    return p


# what a static report may contain: no script, no embedded or external resource, no form
ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3",
                "p", "main", "section", "div", "span", "mark", "a", "b", "em", "strong", "br",
                "code", "time", "blockquote", "ul", "li", "details", "summary", "article",
                "footer"}


def assert_inert(html: str) -> Page:
    page = parse(html)
    for tag, attrs in page.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}>"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"event handler {name}={value!r} on <{tag}>"
            assert name not in ("src", "srcdoc", "action", "formaction", "style"), name
            if name == "href":
                assert value and value.startswith(("#", "https://", "http://")), value
    head = html.split("</head>")[0]
    assert "default-src 'none'" in head  # the CSP forbids scripts and requests
    return page


@pytest.fixture
def wires(root):
    return root / "tests" / "fixtures" / "wires"


def check_html(tmp_path, wires, text: str = DRAFT, *extra: str) -> tuple[int, str]:
    draft = tmp_path / "draft.md"
    draft.write_text(text, encoding="utf-8")
    r = runner.invoke(app, ["check", str(draft), "-a", str(wires), "-f", "html", *extra])
    return r.exit_code, r.stdout


def test_check_page_marks_the_figure_and_links_the_source(tmp_path, wires):
    code, html = check_html(tmp_path, wires)
    assert code == 1
    page = assert_inert(html)
    [(attrs, text)] = page.marks
    assert attrs["data-verdict"] == "conflict" and attrs["class"] == "fig v-conflict"
    assert text.startswith("2.1 million metric tons") and text.endswith("conflict")  # the label
    # the panel: both sentences with the figures in bold, the outlet, date and link
    assert "<b>2.1 million metric tons</b>" in html and "<b>3.8 million metric tons</b>" in html
    assert "Wire Agency" in html and "2026-11-20" in html
    links = [a for t, a in page.tags if t == "a" and "source-link" in (a.get("class") or "")]
    assert [a["href"] for a in links] == ["https://news.example.org/rare-earths?id=1&x=2"]
    assert "?id=1&amp;x=2" in html  # the address itself escaped in the attribute
    # the agreeing source is collapsed
    agree = html.split('<details class="agree">')[1].split("</details>")[0]
    assert "1 source agrees" in agree and "Daily Paper" in agree
    assert "Wire Agency" not in agree
    assert "1 conflict, 0 explained differences, 0 figures supported" in html


def test_reviewed_figure_is_shown_as_such(tmp_path, wires):
    reviewed = tmp_path / "reviewed.toml"
    reviewed.write_text('[[reviewed]]\nfingerprint = "2547d7323cb2487b"\nnote = "USGS revised '
                        '<b>its</b> estimate"\nby = "J. Editor"\n', encoding="utf-8")
    code, html = check_html(tmp_path, wires, DRAFT, "--reviewed", str(reviewed))
    assert code == 0
    page = assert_inert(html)
    [(attrs, text)] = page.marks
    assert attrs["data-verdict"] == "reviewed" and text.endswith("reviewed (conflict)")
    assert "USGS revised &lt;b&gt;its&lt;/b&gt; estimate" in html
    assert "1 suppressed after review" in html


HOSTILE = """---
title: "Rare <script>alert('t')</script> earths"
source: '"><img src=x onerror=alert(1)>'
url: "javascript:alert(document.cookie)"
date: 2026-11-20
---
# <script>alert(1)</script> reserves

Russia's reserves of rare earth metals stand at 2.1 million metric tons, the U.S. Geological \
Survey estimates. <img src=x onerror="alert(2)"> <a href="javascript:alert(3)">click</a> \
' onmouseover='alert(4)' </textarea></style><style>body{display:none}</style> <!-- \
<iframe src="https://evil.example/"></iframe> {{ 7*7 }} {% raw %}x{% endraw %}
"""


def test_hostile_text_is_inert(tmp_path, wires):
    code, html = check_html(tmp_path, wires, HOSTILE)
    assert code == 1
    page = assert_inert(html)
    text = "".join(page.text)
    # the hostile text is all there, as text
    for s in ("<script>alert(1)</script>", "<img src=x onerror=\"alert(2)\">",
              "javascript:alert(3)", "</style><style>body{display:none}</style>",
              "{{ 7*7 }}", "{% raw %}", "javascript:alert(document.cookie)",
              "><img src=x onerror=alert(1)>"):
        assert s in text, s
    assert "49" not in text  # the article is data to the templates, never a template
    assert html.count("<style>") == 1 and html.count("</style>") == 1
    # the javascript: URL of the front matter is not a link
    assert not any(a.get("href", "").lower().startswith("javascript") for _t, a in page.tags)


def test_hostile_reference_is_inert(tmp_path):
    refs = tmp_path / "refs"
    refs.mkdir()
    (refs / "bad.jsonl").write_text(
        '{"id": "x\\"><script>alert(1)</script>", "text": "The U.S. Geological Survey '
        "estimates Russia's reserves of rare earth metals at 3.8 million metric tons "
        "<script>alert(5)</script>.\", \"source\": \"<b onclick=alert(6)>Evil</b>\", "
        '"url": "  JaVaScRiPt:alert(7)", "date": "2026-11-20"}\n', encoding="utf-8")
    code, html = check_html(tmp_path, refs)
    assert code == 1
    page = assert_inert(html)
    assert "<script>alert(5)</script>" in "".join(page.text)
    assert "&lt;b onclick=alert(6)&gt;Evil&lt;/b&gt;" in html


@pytest.mark.parametrize("url, ok", [
    ("https://example.org/a?b=1&c=2", True),
    ("http://example.org/", True),
    ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("vbscript:msgbox", False),
    ("//evil.example/", False),
    ("https://", False),
    ("https://exa mple.org/", False),
    ("java\nscript:alert(1)", False),
])
def test_only_web_addresses_become_links(url, ok):
    assert (safe_url(url) is not None) is ok


def test_report_page_over_documents(rivals, seeds):
    r = runner.invoke(app, ["report", str(rivals), "-f", "html"])
    assert r.exit_code == 0
    page = assert_inert(r.stdout)
    verdicts = {a["data-verdict"] for a, _t in page.marks}
    assert verdicts and verdicts <= {"conflict", "explained", "consistent"}
    assert all(t.endswith(a["data-verdict"]) for a, t in page.marks)  # the label, in words
    r = runner.invoke(app, ["report", str(seeds), "-f", "html"])
    page = assert_inert(r.stdout)
    # pairs that agree are collapsed
    assert '<details class="agree">' in r.stdout and "Numbers that agree (3)" in r.stdout


def test_extract_refuses_html(seeds):
    r = runner.invoke(app, ["extract", str(seeds), "-f", "html"])
    assert r.exit_code == 2


def test_several_drafts_one_page(tmp_path, wires):
    a, b = tmp_path / "a.md", tmp_path / "b.md"
    a.write_text(DRAFT, encoding="utf-8")
    b.write_text(DRAFT.replace("2.1 million", "3.8 million"), encoding="utf-8")
    r = runner.invoke(app, ["check", str(a), str(b), "-a", str(wires), "-f", "html"])
    assert r.exit_code == 1
    page = assert_inert(r.stdout)
    sections = [a["data-draft"] for t, a in page.tags if t == "section"]
    assert sections == ["draft:a.md", "draft:b.md"]
    # each against the references only: 3.8 million is the wire's, but not the Daily Paper's
    assert [(t.split("conflict")[0], a["data-verdict"]) for a, t in page.marks] == [
        ("2.1 million metric tons", "conflict"), ("3.8 million metric tons", "conflict")]
    assert "factcheck: a.md" in r.stdout and "factcheck: b.md" in r.stdout


def test_html_groups_copies_under_their_original():
    """Wire lineage in the HTML report: one section, copies listed under the original with
    the share copied and the shared passage; outlets quoting one statement apart."""
    from factcheck.html_report import render_html
    from factcheck.pipeline import analyse

    refs = Path(__file__).parent / "fixtures" / "lineage" / "refs"
    page = render_html(analyse(load_documents([str(refs)])))
    section = page[page.index('<section class="lineages">'):]
    copy = section[section.index('data-kind="copy"'):section.index("</article>")]
    assert "Original:" in copy and "ap.md" in copy.split("<ul>")[0]
    assert "courier.md" in copy and "newser.md" in copy and "% copied" in copy
    assert "1,810 homes" in copy  # the copy's own passage, with its changed figure
    assert 'data-kind="quote"' in section
