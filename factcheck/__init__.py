"""factcheck: find numeric claims that disagree across news sources, and say why.

Library first, CLI second::

    from factcheck import analyse, load_documents
    report = analyse(load_documents(["seeds/"]))
    for finding in report.findings:
        print(finding.verdict, finding.message)
"""

from .extract import extract, extract_text
from .frames import extract_frame, load_claims
from .inputs import load_documents
from .models import Claim, Document, Explanation, Finding, Report
from .pipeline import analyse, extract_claims
from .rules import load_rules

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Document",
    "Explanation",
    "Finding",
    "Report",
    "analyse",
    "extract",
    "extract_claims",
    "extract_frame",
    "extract_text",
    "load_claims",
    "load_documents",
    "load_rules",
]
