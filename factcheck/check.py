"""Checking drafts against an archive or against reference files: the orchestration
over the store (factcheck.archive) and the pipeline's stages."""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import archive as store
from .archive import (
    ANCHOR_EVERY,
    anchored_documents,
    connect,
    linked_documents,
    read_claims,
    read_documents,
)
from .codec import content_hash
from .errors import InputError
from .events import names as _names
from .events import related as related_story
from .lineage import anchors_of
from .lineage import enabled as lineage_enabled
from .match import get_matcher
from .models import Claim, Document, Report
from .retrieve import (
    rare_names,
)
from .retrieve import settings_of as retrieve_settings
from .rules import Rules, load_rules

MAX_FINDINGS_PER_CLAIM = 5  # per draft claim, the best-matching archive figures

def dated_today(d: Document) -> Document:
    """A draft without a date is about to be published: it is dated today."""
    if d.date:
        return d
    from datetime import date

    return Document(**{**d.__dict__, "date": date.today().isoformat()})


def _same_story(
    archived: list[Claim], archive_docs: dict[str, Document],
    archive_words: dict[tuple[str, int], frozenset[str]], drafts: list[Document],
    story_words: dict[tuple[str, int], frozenset[str]], rules: Rules, *, local: set[str],
    rare_of: Callable[[frozenset[str]], frozenset[str]] = lambda names: names,
) -> tuple[list[Claim], list[str]]:
    """Events first: the archive candidates whose story is the draft's, and the archived
    documents surely of the draft's event, to be read whole (sorted ids).

    An archive story is a candidate only when it tells the draft's story (shared vocabulary
    at least tolerances.toml min_story_overlap, and two shared names, one when the draft
    names one: "San Francisco" alone, or the "Survey" of the U.S. Geological Survey, is no
    sign of the same story), so one start-up's head count is never set against another
    company's, nor a quake's magnitude against another's. A story naming three of the
    draft's names (all when it has fewer), two of them rare (``rare_of``,
    retrieve.rare_names: "Federal", "Reserve" and "Bank" name every Fed story), is surely of
    its event."""
    archived = [c for c in archived if c.doc not in local]
    involving = {d.id for d in drafts}
    mine = frozenset().union(*(w for (doc, _n), w in story_words.items() if doc in involving))
    floor = float(rules.tolerances["match"]["min_story_overlap"])
    names = _names(" ".join(d.text for d in drafts))
    # each candidate story's vocabulary and names, read once
    doc_words: dict[str, set[str]] = {}
    for (doc, _n), w in archive_words.items():
        doc_words.setdefault(doc, set()).update(w)
    their_names = {doc: _names(archive_docs[doc].text) for doc in {c.doc for c in archived}}
    keep = {doc for doc, theirs in their_names.items()
            if related_story(mine, names, frozenset(doc_words.get(doc, ())), theirs, floor=floor)}
    rare = rare_of(names)
    whole = {doc for doc in keep if len(names & their_names[doc]) >= min(3, len(names))
             and len(rare & their_names[doc]) >= min(2, len(rare))} \
        if len(keep) <= MAX_RELATED_STORIES else set()
    return [c for c in archived if c.doc in keep and c.doc not in whole], sorted(whole)


def check_against_archive(
    drafts: list[Document], db: str | Path, *, rules: Rules | None = None,
    references: list[Document] | None = None,
) -> Report:
    """Pairs that involve the drafts, with the archive's candidates (and any other references)."""
    from .pipeline import compare_candidates, extract_with_stories, with_languages

    rules = rules or load_rules()
    drafts = with_languages([dated_today(d) for d in drafts], rules)
    local = drafts + with_languages(references or [], rules)
    small = _small_archive(db)
    if small is not None:
        # one answer, indexed or not: a small archive is checked as its documents would be
        # as files (pipeline.check_documents checks more files than this through an index)
        from .pipeline import analyse

        ids = {d.id for d in local}
        return analyse(local + [d for d in small if d.id not in ids], rules=rules,
                       involving={d.id for d in drafts})
    claims, story_words = extract_with_stories(local, rules)
    by_id = {d.id: d for d in local}
    involving = {d.id for d in drafts}
    lineage = lineage_enabled(rules)
    # the local documents' anchors, sampled as the archive's are
    local_anchors = {d.id: anchors_of(d, rules, every=ANCHOR_EVERY) for d in local} \
        if lineage else {}
    conn = connect(db)
    try:
        draft_claims = [c for c in claims if c.doc in involving]
        anchored = anchored_documents(conn, {d.id: local_anchors[d.id] for d in drafts},
                                      rules) if lineage else []
        archived, archive_docs, archive_words, read = store.ranked_candidates(
            conn, drafts, draft_claims, story_words, rules, anchored=anchored)
        archived, whole = _same_story(archived, archive_docs, archive_words, drafts,
                                      story_words, rules, local=set(by_id),
                                      rare_of=lambda names: rare_names(
                                          conn, names, max_df=retrieve_settings(rules).max_df))
        # events first, then pairs: a story surely of the draft's event is read whole, so a
        # figure the blocking keys did not retrieve ("a 10-metre dhow") still meets its
        # counterpart
        # (only the figures of a class the draft's figures are of: no other meets one of
        # them in a block, matcher.block_keys)
        dim_class = get_matcher(rules).lex.dim_class
        classes = {dim_class(c) for c in draft_claims if c.kind == "quantity" and c.dimension}
        archived += [c for doc in whole for c in read_claims(conn, archive_docs[doc])
                     if c.kind == "quantity" and c.dimension and dim_class(c) in classes]
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        # a corrupt page, a damaged row: say so rather than check against half
        raise InputError(f"archive is damaged ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:120]})", path=str(db),
                         hint="rebuild it with factcheck index") from None
    finally:
        conn.close()
    all_claims = claims + archived
    all_docs = {**archive_docs, **by_id}
    story_words.update({k: v for k, v in archive_words.items() if k[0] not in by_id})
    cands = get_matcher(rules).pair(all_claims, all_docs, story_words, involving=involving)
    cands = _best_per_claim(cands, involving, MAX_FINDINGS_PER_CLAIM, keep=set(by_id))
    findings = compare_candidates(cands, all_docs, all_claims, rules, involving=involving)
    used = {f.a.doc for f in findings} | {f.b.doc for f in findings} | involving
    documents = tuple(d for d in list(by_id.values()) + list(archive_docs.values()) if d.id in used)
    shown = tuple(c for c in all_claims if c.doc in used)
    linkable = None
    if lineage:
        copies, linkable = _stored_copies(db, documents, {
            d.id: local_anchors[d.id] for d in documents if d.id in by_id}, read, rules)
        documents += tuple(copies)
    return Report(documents, shown, tuple(findings), linkable=linkable)


def _stored_copies(db: str | Path, documents: tuple[Document, ...],
                   local: dict[str, list[int]], read: dict[str, Document], rules: Rules,
                   ) -> tuple[list[Document], frozenset[str]]:
    """Wire lineage: the stories read that share stored anchors with the draft or its
    counterparts (the draft's copies were read whatever their rank); factcheck.lineage
    then reads them as copies, fingerprinting only the documents that share anchors
    (archive.linked_documents)."""
    try:
        conn = connect(db)
        try:
            return linked_documents(conn, documents, local, read, rules)
        finally:
            conn.close()
    except (sqlite3.DatabaseError, zlib.error, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"archive is damaged ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:120]})", path=str(db),
                         hint="rebuild it with factcheck index") from None


MAX_RELATED_STORIES = 200  # stories of the draft's event read whole (more: blocked claims only)


def _small_archive(db: str | Path) -> list[Document] | None:
    """Every document of an archive of at most SMALL_ARCHIVE documents (factcheck.archive), in the order they
    were indexed; None for a larger one."""
    conn = connect(db)
    try:
        if conn.execute("SELECT count(*) FROM (SELECT 1 FROM documents LIMIT ?)",
                        (store.SMALL_ARCHIVE + 1,)).fetchone()[0] > store.SMALL_ARCHIVE:
            return None
        ids = [r[0] for r in conn.execute("SELECT id FROM documents ORDER BY rowid")]
        return list(read_documents(conn, ids).values())
    except (sqlite3.DatabaseError, ValueError, TypeError) as exc:
        raise InputError(f"archive is damaged ({type(exc).__name__}: "
                         f"{' '.join(str(exc).split())[:120]})", path=str(db),
                         hint="rebuild it with factcheck index") from None
    finally:
        conn.close()


def check_against_files(
    drafts: list[Document], references: list[Document], *, rules: Rules | None = None,
) -> Report:
    """Pairs that involve the drafts, against reference documents given as files: more
    than SMALL_ARCHIVE (factcheck.archive) of them are indexed (a temporary archive, one process) and checked
    through the index, so that the answer is the one an archive of them gives."""
    from .pipeline import analyse

    rules = rules or load_rules()
    if len(references) <= store.SMALL_ARCHIVE:
        return analyse(drafts + references, rules=rules, involving={d.id for d in drafts})
    from .lineage import with_lineage, without_unlinked

    ids = {d.id for d in drafts}
    rep = check_against_archive(drafts, _index_of(references, rules), rules=rules)
    # read through wire lineage as a check against an archive is (pipeline.check_documents)
    return without_unlinked(with_lineage(rep, rules, involving=ids), ids)


# the temporary index of the last set of reference files (several drafts checked one by one
# against the same files index them once), with the rules it was built with (the object
# itself: an id() could be reused by other rules once those are gone); removed when replaced
# and at exit
_FILES_INDEX: tuple[Rules, tuple[Any, ...], Any, Path] | None = None


def _index_of(references: list[Document], rules: Rules) -> Path:
    import tempfile

    from .index import index_documents

    global _FILES_INDEX
    key = tuple((d.id, content_hash(d)) for d in references)
    if _FILES_INDEX is None or _FILES_INDEX[0] is not rules or _FILES_INDEX[1] != key:
        if _FILES_INDEX is not None:
            _FILES_INDEX[2].cleanup()
            _FILES_INDEX = None
        tmp = tempfile.TemporaryDirectory(prefix="factcheck-")
        db = Path(tmp.name) / "references.db"
        index_documents(references, db, jobs=1, rules=rules)
        _FILES_INDEX = (rules, key, tmp, db)
    return _FILES_INDEX[3]


def _best_per_claim(cands: list[Any], involving: set[str], k: int, *,
                    keep: set[str] | None = None) -> list[Any]:
    """For each draft claim, the k archive pairs with the highest match score; pairs with
    the documents given on the command line (``keep``) are all kept: the archive never
    crowds out the references an editor named."""
    named = keep or set()
    by_claim: dict[str, list[Any]] = {}
    always = []
    for c in cands:
        mine = c.a if c.a.doc in involving else c.b
        other = c.b if mine is c.a else c.a
        if other.doc in named:
            always.append(c)
            continue
        by_claim.setdefault(mine.id, []).append(c)
    keep_ids = {id(c) for c in always}
    for group in by_claim.values():
        group.sort(key=lambda c: -c.score)
        keep_ids.update(id(c) for c in group[:k])
    return [c for c in cands if id(c) in keep_ids]
