"""reports/seeds.md is what the README's main command produces today."""

from __future__ import annotations

from typer.testing import CliRunner

from factcheck.cli import app


def test_seeds_report_is_up_to_date(root):
    r = CliRunner().invoke(app, ["report", "seeds/", "--format", "markdown", "--title",
                                 "factcheck report: seeds/"], catch_exceptions=False)
    expected = (root / "reports" / "seeds.md").read_text(encoding="utf-8")
    assert r.stdout == expected, "regenerate with: factcheck report seeds/ --format markdown --title 'factcheck report: seeds/' -o reports/seeds.md"


def test_seeds_html_report_is_up_to_date(root):
    r = CliRunner().invoke(app, ["report", "seeds/", "--format", "html", "--title",
                                 "factcheck report: seeds/"], catch_exceptions=False)
    expected = (root / "reports" / "seeds.html").read_text(encoding="utf-8")
    assert r.stdout == expected, "regenerate with: factcheck report seeds/ --format html --title 'factcheck report: seeds/' -o reports/seeds.html"
