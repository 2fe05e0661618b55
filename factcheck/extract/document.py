"""Reading a document: its sentences in order (wrapped lines unwrapped, digits glued by
invisible characters joined), each read by ``Extractor.read_sentence``."""
from __future__ import annotations

import re

from ..models import Claim, Document
from ..numbers import document_convention
from ..segment import Segmented, segment_document
from .claim import locate_claims
from .languages import join_abbreviation_breaks

# between two digits: invisible characters (dropped when read) or one separator of another
# script (read as its ASCII form), or a "," or "." with invisible characters beside it
# ("1,\u200b200", "3\u200b.5"). Invisible: the format characters (Unicode category Cf)
# that show nothing (soft hyphen, zero-width space/joiners, marks of direction, word
# joiner and invisible operators, the Mongolian vowel separator, the byte-order mark, tag
# characters), the combining grapheme joiner and the variation selectors; not the Arabic
# and Syriac number signs, which are drawn.
_INVISIBLE = ("\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
              "\ufe00-\ufe0f\ufeff\U000e0001\U000e0020-\U000e007f")
_GLUE_AS = {"\u066c": ",", "\uff0c": ",", "\u066b": ".", "\uff0e": "."}
_FOREIGN_MARK = "\u066b\u066c\uff0c\uff0e"
_GLUE_CHARS = re.compile(f"[{_INVISIBLE}{_FOREIGN_MARK}]")
_NUMBER_GLUE = re.compile(
    f"(?<=\\d)(?:[{_INVISIBLE}]+[.,{_FOREIGN_MARK}]?[{_INVISIBLE}]*"
    f"|[.,{_FOREIGN_MARK}][{_INVISIBLE}]+|[{_FOREIGN_MARK}])(?=\\d)")
_MARKS = frozenset(".," + _FOREIGN_MARK)
_WS_RUN = re.compile(r"\s+")
_UNICODE_SPACE = re.compile("[\x1c-\x1f]")  # ASCII characters only Unicode calls white space


class DocumentReader:
    """Reading a document sentence by sentence (a mixin of the Extractor)."""


    def extract(self, doc: Document, seg: Segmented | None = None) -> list[Claim]:
        """All claims in a document, in text order."""
        text = doc.text
        seg = seg or segment_document(doc)
        view = seg.view or text
        # ASCII text (most wire copy) is read with the patterns compiled for ASCII
        ex = self.ascii_twin if text.isascii() and _UNICODE_SPACE.search(text) is None else self
        code = doc.language if doc.language is not None else self.languages.detect(text)
        if code != "en" and code is not None and code in self.languages.by_code:
            # a document in another language: its scale words, units and decimal mark
            ex = self.language_view(code, document_convention(text))
            seg = join_abbreviation_breaks(text, seg, ex.p.re_scale_break)
        claims: list[Claim] = []
        sent_para = seg.sentence_paragraph
        para_story = seg.paragraph_story
        # invisible characters or another script's separators inside a number ("1\u200b2",
        # "١٬٢٠٠", "１２，０００"): such sentences are read with them joined (_glued_sentence)
        glued = not text.isascii() and _GLUE_CHARS.search(text) is not None
        for sent in seg.sentences:
            para = sent_para[sent.index]
            story = para_story[para] if para_story else 0
            if view is text or view[sent.start : sent.end] == text[sent.start : sent.end]:
                if glued and _NUMBER_GLUE.search(text[sent.start : sent.end]):
                    claims.extend(ex._glued_sentence(doc, text, sent.start, sent.end, para,
                                                     story, len(claims)))
                    continue
                claims.extend(ex.read_sentence(doc, text, sent.start, sent.end, para, story,
                                           len(claims)))
            else:
                claims.extend(ex._wrapped_sentence(doc, text, view, sent.start, sent.end,
                                                   para, story, len(claims)))
        locate_claims(claims, text)
        return claims

    def _wrapped_sentence(self, doc: Document, text: str, view: str, s0: int, s1: int,
                          para: int, story: int, k0: int) -> list[Claim]:
        """Claims of a sentence that runs across soft line breaks: read as the unwrapped
        sentence (each break, with the markers blanked after it, one space), then put back
        on the original text: spans index ``text``, the sentence is the view's (the same
        length, so ``start - sentence_start`` still places a claim in it)."""
        sentence = view[s0:s1]
        original = text[s0:s1]
        # keep[i]: where character i of the unwrapped sentence is in the sentence
        parts: list[str] = []
        keep: list[int] = []
        pos = 0
        for m in _WS_RUN.finditer(sentence):
            a, b = m.span()
            if sentence[a:b] == original[a:b]:
                continue  # white space as written: read as written
            parts.append(sentence[pos:a])
            keep.extend(range(pos, a))
            parts.append(" ")
            keep.append(a)
            pos = b
        parts.append(sentence[pos:])
        keep.extend(range(pos, len(sentence)))
        return self._read_mapped(doc, text, s0, sentence, "".join(parts), keep, para, story, k0)

    def _read_mapped(self, doc: Document, text: str, s0: int, sentence: str, flat: str,
                     keep: list[int], para: int, story: int, k0: int) -> list[Claim]:
        """Claims of ``flat``, a rewritten copy of the sentence at ``s0`` (``keep[i]``: where
        its character i stands in the sentence), put back on the text: spans index
        ``text``, the sentence is ``sentence``."""
        keep.append(len(sentence))
        out = self.read_sentence(doc, flat, 0, len(flat), para, story, k0)
        for c in out:
            start, end = s0 + keep[c.start], s0 + keep[c.end - 1] + 1
            # claims are fresh from new_claim and not shared yet: fill in their place
            c.__dict__.update(start=start, end=end, text=text[start:end], sentence=sentence,
                              sentence_start=s0)
        return out

    def _glued_sentence(self, doc: Document, text: str, s0: int, s1: int, para: int,
                        story: int, k0: int) -> list[Claim]:
        """Claims of a sentence with invisible characters (zero-width space, joiner, soft
        hyphen, BOM, marks of direction: _INVISIBLE) or Arabic or full-width separators
        between digits: read with the invisible ones dropped and the separators as "," and
        ".", so "1\u200b2" is 12, not 1 and 2, "1,\u200b200" is 1200 and "١٬٢٠٠" is 1200;
        spans and the sentence are put back on the text."""
        sentence = text[s0:s1]
        parts: list[str] = []
        keep: list[int] = []  # keep[i]: where character i of the read sentence is in it
        pos = 0
        for m in _NUMBER_GLUE.finditer(sentence):
            a, b = m.span()
            parts.append(sentence[pos:a])
            keep.extend(range(pos, a))
            at = next((i for i, ch in enumerate(m.group()) if ch in _MARKS), None)
            if at is not None:  # the number's mark, as ASCII; the invisible ones dropped
                ch = m.group()[at]
                parts.append(_GLUE_AS.get(ch, ch))
                keep.append(a + at)
            pos = b
        parts.append(sentence[pos:])
        keep.extend(range(pos, len(sentence)))
        return self._read_mapped(doc, text, s0, sentence, "".join(parts), keep, para, story, k0)

    def language(self, doc: Document) -> str:
        """The language ``extract`` reads ``doc`` in: its ``language`` when set, else the
        detector's (rules/numbers.toml), "en" for English and anything it cannot tell."""
        if doc.language is not None:
            return doc.language
        code = self.languages.detect(doc.text)
        return code if code is not None and code in self.languages.by_code else "en"
