"""Segmentation: paragraphs, sentences and stories with offsets, on real page text."""

from __future__ import annotations

import pytest

from factcheck.segment import segment, sentences

SENTENCES = [
    ("The U.S. Geological Survey estimates Russia's reserves at 3.8 million metric tons. Moscow "
     "has far higher estimates.", 2),
    ("Dr. Smith said on Jan. 5 that prices rose 5%. Analysts agreed.", 2),
    ('"We have begun discussions," said Kirill Dmitriev. He did not name any companies.', 2),
    ("It costs $1.5 million. That is 3.5 times more than in 2020.", 2),
    ("Trump said on Sunday he was \"pissed off\" at Putin.", 1),
    # a number ends a sentence; an initial does not
    ("The channel reported that the quake had a magnitude of 8.7. The U.S. Geological Survey "
     "estimated the magnitude at 8.8.", 2),
    ("Prices rose to 5. Then they fell.", 2),
]


@pytest.mark.parametrize("text,count", SENTENCES, ids=[s[0][:30] for s in SENTENCES])
def test_sentences(text, count):
    spans = sentences(text)
    assert len(spans) == count
    for a, b in spans:
        assert text[a:b].strip() == text[a:b]


def test_page_with_teasers_is_split_into_stories(seeds):
    text = (seeds / "000_013c58e2a7faada4.txt").read_text(encoding="utf-8")
    seg = segment(text)
    story_of = {}
    for p in seg.paragraphs:
        story_of[text[p.start : p.start + 40]] = seg.paragraph_story[p.index]
    usgs = next(v for k, v in story_of.items() if k.startswith("The U.S. Geological Survey"))
    ministry = next(v for k, v in story_of.items() if k.startswith("According to the Natural"))
    volcano = next(v for k, v in story_of.items() if k.startswith("A powerful eruption"))
    heatwave = next(v for k, v in story_of.items() if k.startswith("A deadly heatwave"))
    assert usgs == ministry
    assert len({usgs, volcano, heatwave}) == 3


def test_offsets_cover_the_text(seeds):
    text = (seeds / "004_09341df101892393.txt").read_text(encoding="utf-8")
    seg = segment(text)
    for s in seg.sentences:
        assert text[s.start : s.end].strip()
    for p in seg.paragraphs:
        assert "\n" not in text[p.start : p.end]
