"""Segment a document into paragraphs, sentences and stories, keeping character offsets.

News pages often carry unrelated teasers beside the story (a volcano, an earthquake, a
heatwave next to a piece on rare-earth reserves). A *story* here is a run of consecutive
paragraphs that share vocabulary with each other; claims are only paired across related
stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Span

# A sentence ends at . ! or ? (optionally followed by a closing quote or bracket), then
# white space, then something that can start a sentence.
_SENT_END = re.compile(r"""[.!?]['"”’)\]]*\s+(?=["“‘'(\[]?[A-Z0-9])""")
# Words that end with a full stop without ending a sentence.
_ABBREV = frozenset(
    """mr mrs ms dr prof st jr sr gen gov sen rep col lt sgt capt cmdr adm inc corp co ltd
    plc llc bros no vs etc al jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed
    thu fri sat sun approx est dept univ ave blvd mt ft fig rs u.s u.k u.n e.g i.e a.m p.m""".split()
)
_WORD3 = re.compile(r"[a-z][a-z'’-]{2,}")  # words of three characters or more, lower-cased text
_STOP = frozenset(
    """the and for that with from this have has had was were are been will would could
    said says also about after over into than their there they them which when while what
    more most some such only other another first last year years week month monday tuesday
    wednesday thursday friday saturday sunday its his her who not but all can may one two
    new just very out per cent percent according""".split()
)


@dataclass(frozen=True)
class Segmented:
    paragraphs: tuple[Span, ...]
    sentences: tuple[Span, ...]
    stories: tuple[Span, ...]
    sentence_paragraph: tuple[int, ...]  # paragraph index of each sentence
    paragraph_story: tuple[int, ...]  # story index of each paragraph
    story_words: tuple[frozenset[str], ...]


def paragraphs(text: str) -> list[Span]:
    """Every non-blank line is a paragraph (news exports put one paragraph per line)."""
    spans: list[Span] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            start = pos + lead
            spans.append(Span(start, start + len(stripped), len(spans)))
        pos += len(line)
    return spans


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split text[start:end] into sentences; offsets are into ``text``."""
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    cur = start
    for m in _SENT_END.finditer(text, start, end):
        dot = m.start()
        # the word before the full stop
        w = dot
        while w > cur and (text[w - 1].isalnum() or text[w - 1] == "."):
            w -= 1
        word = text[w:dot].lower()
        # "Dr.", "U.S.", "J." do not end a sentence; a number does: "a magnitude of 8.7. The"
        if text[dot] == "." and (word in _ABBREV or len(word) == 1 or word.count(".") >= 1) \
                and not any(ch.isdigit() for ch in word):
            continue
        stop = m.start() + len(m.group().rstrip())
        out.append((cur, stop))
        cur = m.end()
    if cur < end and text[cur:end].strip():
        out.append((cur, end))
    return out


def content_words(text: str) -> frozenset[str]:
    # lower-casing first and de-duplicating before stripping gives the same set, faster;
    # a word of two letters can never keep three after stripping, so none is read
    stripped = {w.rstrip("'’s") for w in set(_WORD3.findall(text.lower()))}
    stripped -= _STOP
    return frozenset(w for w in stripped if len(w) > 2)


def segment(text: str, *, min_overlap: float = 0.12) -> Segmented:
    paras = paragraphs(text)
    sents: list[Span] = []
    sent_para: list[int] = []
    for p in paras:
        for s, e in sentences(text, p.start, p.end):
            sents.append(Span(s, e, len(sents)))
            sent_para.append(p.index)
    # Stories: a paragraph joins the current story when enough of its words were seen there.
    para_story: list[int] = []
    stories: list[Span] = []
    story_words: list[set[str]] = []
    for p in paras:
        words = content_words(text[p.start : p.end])
        if stories and words:
            seen = story_words[-1]
            overlap = len(words & seen) / len(words)
            joins = overlap >= min_overlap and len(words & seen) >= 2
        else:
            joins = bool(stories) and not words
        if joins:
            last = stories[-1]
            stories[-1] = Span(last.start, p.end, last.index)
            story_words[-1] |= words
        else:
            stories.append(Span(p.start, p.end, len(stories)))
            story_words.append(set(words))
        para_story.append(len(stories) - 1)
    if not paras and text.strip():
        stories.append(Span(0, len(text), 0))
        story_words.append(set(content_words(text)))
    return Segmented(
        paragraphs=tuple(paras),
        sentences=tuple(sents),
        stories=tuple(stories),
        sentence_paragraph=tuple(sent_para),
        paragraph_story=tuple(para_story),
        story_words=tuple(frozenset(w) for w in story_words),
    )
