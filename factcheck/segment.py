"""Segment a document into paragraphs, sentences and stories, keeping character offsets.

Three layouts (:func:`segment_document` picks one from ``Document.markup``):

* ``lines``: every non-blank line is a paragraph (news exports, HTML-extracted text, JSONL).
* ``markdown``: CommonMark blocks (markdown-it-py): a paragraph runs across its soft line
  breaks; a heading, a list item and a paragraph inside a block quote are each a paragraph;
  code and raw HTML blocks keep one paragraph per line.
* ``text``: plain text, read as ``lines`` unless it is hard-wrapped prose (see
  :func:`_wrapped_blocks`), where a wrapped line break is a soft break as in Markdown.

Offsets always index the original text. Segmentation also returns a *view* of the same
length in which every soft break, and the Markdown markers that follow it (``> ``, list
indentation), is blanked to spaces: sentences are split on the view, and the extractor reads
"3.8\n> million tonnes" as "3.8 million tonnes" while the claim's span still indexes the
file.

News pages often carry unrelated teasers beside the story (a volcano, an earthquake, a
heatwave next to a piece on rare-earth reserves). A *story* here is a run of consecutive
paragraphs that share vocabulary with each other; claims are only paired across related
stories.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .models import Document, Span

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
# the same in Unicode letters, for text that is not ASCII ("Vendôme", "Beschäftigte"); on
# ASCII text the two read the same words, and _WORD3 reads them three times as fast
_WORD3_U = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-]){2,}")
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
    # the text as read: same length as the original, soft breaks and the markers after them
    # blanked to spaces (the original text itself for the ``lines`` layout)
    view: str = ""


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


# A line break as markdown-it counts them (it normalises \r\n and a lone \r to \n).
_EOL = re.compile(r"\r\n|\r|\n")
LAYOUTS = ("lines", "markdown", "text")
# Plain text is hard-wrapped when no line is longer than this, and the widest is at least
# _WRAP_MIN (a tool wraps at 60 to 80 columns; a few short lines are not wrapped prose)...
_WRAP_MAX = 100
_WRAP_MIN = 60
# ...and a line plus the first word of the next would not have fitted in the widest line
# (less this share of it: hand-wrapped lines stop a little short of the width).
_WRAP_SLACK = 0.1
_FIRST_WORD = re.compile(r"\s*(\S+)")


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line without its line break."""
    out = []
    pos = 0
    for m in _EOL.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """text[a:b] without its leading and trailing white space."""
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _markdown_blocks(text: str) -> list[list[tuple[int, int]]]:
    """The lines of each CommonMark paragraph or heading, as (start, end) spans of their
    content (after block quote markers, list bullets and indentation); every non-blank line
    of a code or HTML block is a block of its own."""
    from markdown_it import MarkdownIt

    lines = _lines(text)
    blocks: list[list[tuple[int, int]]] = []
    tokens = MarkdownIt("commonmark").parse(text)
    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        l0, l1 = tok.map
        if tok.type in ("paragraph_open", "heading_open") and i + 1 < len(tokens):
            block = []
            for k, content in enumerate(tokens[i + 1].content.split("\n")):
                if l0 + k >= min(l1, len(lines)):
                    break  # a setext heading's underline is no content
                a, b = _trim(text, *lines[l0 + k])
                c = content.strip()
                if not c or a == b:
                    continue
                line = text[a:b]
                if line.endswith(c):  # the content ends the line: markers come before it
                    a = b - len(c)
                elif (j := line.find(c)) >= 0:  # "## Heading ##": a closing sequence after
                    a, b = a + j, a + j + len(c)
                block.append((a, b))
            if block:
                blocks.append(block)
        elif tok.type in ("code_block", "fence", "html_block"):
            for a, b in lines[l0 : min(l1, len(lines))]:
                a, b = _trim(text, a, b)
                if a < b:
                    blocks.append([(a, b)])
    return blocks


def _wrapped_blocks(text: str) -> list[list[tuple[int, int]]] | None:
    """The paragraphs of hard-wrapped plain text, or None when it is not hard-wrapped.

    A tool or an editor wraps a paragraph by moving a word that would not fit to the next
    line; so no line is longer than the width, and each wrapped line plus the first word of
    the next is longer than it. Plain text is hard-wrapped when no line is longer than
    ``_WRAP_MAX`` characters and some line break inside a run of non-blank lines has that
    signature (measured against the widest line, less ``_WRAP_SLACK`` of it, which must be
    at least ``_WRAP_MIN`` characters wide); each such
    break is a soft break, every other one (after a headline, a dateline, a short last line)
    still ends a paragraph, and a blank line always does. A news export with one paragraph
    per line has lines far longer than 100 characters and is never hard-wrapped.
    """
    raw = _lines(text)
    lines = [_trim(text, a, b) for a, b in raw]
    # a line's width counts its indentation, not its trailing white space
    width = max((b - s for (a, b), (s, _) in zip(lines, raw, strict=True) if a < b), default=0)
    if width > _WRAP_MAX or width < _WRAP_MIN:
        return None
    blocks: list[list[tuple[int, int]]] = []
    soft_seen = False
    prev_soft = False
    for k, (a, b) in enumerate(lines):
        if a == b:
            prev_soft = False
            continue
        if prev_soft and blocks:
            blocks[-1].append((a, b))
        else:
            blocks.append([(a, b)])
        prev_soft = False
        if k + 1 < len(lines) and lines[k + 1][0] < lines[k + 1][1]:
            nxt = _FIRST_WORD.match(text, lines[k + 1][0], lines[k + 1][1])
            first = len(nxt.group(1)) if nxt else 0
            used = b - raw[k][0]  # the line's width, indentation included
            if used + 1 + first > width * (1 - _WRAP_SLACK):
                prev_soft = soft_seen = True
    return blocks if soft_seen else None


def _from_blocks(
    text: str, blocks: list[list[tuple[int, int]]]
) -> tuple[list[Span], str]:
    """Paragraph spans of the blocks, and the view: the text with everything between two
    lines of one block (the line break, markers, indentation) blanked to spaces."""
    paras: list[Span] = []
    chars: list[str] | None = None
    for block in blocks:
        paras.append(Span(block[0][0], block[-1][1], len(paras)))
        for (_, end), (start, _) in zip(block, block[1:]):
            if chars is None:
                chars = list(text)
            chars[end:start] = " " * (start - end)
    return paras, text if chars is None else "".join(chars)


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
    words = (_WORD3 if text.isascii() else _WORD3_U).findall(text.lower())
    stripped = {w.rstrip("'’s") for w in set(words)}
    stripped -= _STOP
    return frozenset(w for w in stripped if len(w) > 2)


def segment_document(doc: Document, *, min_overlap: float = 0.12) -> Segmented:
    """Segment a document in the layout its ``markup`` calls for (``lines`` when unknown)."""
    layout = doc.markup if doc.markup in LAYOUTS else "lines"
    return segment(doc.text, min_overlap=min_overlap, layout=layout)


def segment(text: str, *, min_overlap: float = 0.12, layout: str = "lines") -> Segmented:
    """Paragraphs, sentences and stories of ``text`` read in ``layout`` (see the module)."""
    blocks = None
    if layout == "markdown":
        blocks = _markdown_blocks(text)
    elif layout == "text":
        blocks = _wrapped_blocks(text)
    if blocks is None:
        paras, view = paragraphs(text), text
    else:
        paras, view = _from_blocks(text, blocks)
    sents: list[Span] = []
    sent_para: list[int] = []
    for p in paras:
        for s, e in sentences(view, p.start, p.end):
            sents.append(Span(s, e, len(sents)))
            sent_para.append(p.index)
    # Stories: a paragraph joins the current story when enough of its words were seen there.
    para_story: list[int] = []
    stories: list[Span] = []
    story_words: list[set[str]] = []
    for p in paras:
        words = content_words(view[p.start : p.end])
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
        view=view,
    )
