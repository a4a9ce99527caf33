"""The Python API: what the CLI, the eval harness and the TUI all call.

    from esgqa.api import Engine
    engine = Engine.open()                       # bundled report; builds the index on first use
    answer = engine.ask("自建数据中心的PUE是多少？")
    answer.answer, answer.citations[0].page
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import time
from collections.abc import Callable
from pathlib import Path

from esgqa.errors import EsgqaError, ExitCode, InputError, UsageError
from esgqa.index import guard, store
from esgqa.index.backends import open_reader
from esgqa.index.builder import BuildReport, build_index, reuse_reason, wanted_key
from esgqa.index.encoders import DEFAULT_MODEL, Vectors, load_encoder
from esgqa.index.fusion import FusionParams
from esgqa.index.location import MilvusTarget, resolve_location
from esgqa.index.reader import Hit, IndexReader, Mode
from esgqa.index.reuse import Previous, load_previous, up_to_date
from esgqa.index.shelf import requested_sources
from esgqa.ingest.chunking import ChunkingParams
from esgqa.ingest.loader import BUNDLED_REPORT, bundled_report, expand_sources, load_sources
from esgqa.ingest.model import Document
from esgqa.qa.answer import AnswerParams, answer_question
from esgqa.qa.types import Answer

log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 1000
Progress = Callable[[str, int, int], None]


def ensure_index(
    index_dir: Path | str | None = None,
    sources: list[Path] | None = None,
    model: str | None = None,
    chunking: ChunkingParams | None = None,
    rebuild: bool = False,
    password: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    ocr: str = "auto",
    add: bool = False,
    announce: Callable[[str], None] | None = None,
) -> BuildReport:
    """Build the index for `sources` unless an up-to-date one exists (`ocr`: `esgqa.ingest.ocr.MODES`).

    Without `sources`, an existing index is rebuilt from the sources its manifest records, so a user's index
    is never silently replaced; the bundled report is the default only for a new index. With `sources`, see
    `requested_sources` for what the index keeps; `announce` (default: a logged warning) is told, before the
    build starts, which reports it will drop and when it waits for another build of the same folder.
    """
    location = resolve_location(index_dir)
    say = announce or log.warning
    params = chunking or ChunkingParams()
    if isinstance(location, MilvusTarget):
        from esgqa.index.milvus.build import ensure_milvus

        return ensure_milvus(location, sources, model or DEFAULT_MODEL, _model_id(model or DEFAULT_MODEL), params,
                             rebuild, password, encoding, progress, ocr, add, say)
    folder = location
    model_id = _model_id(model or DEFAULT_MODEL)
    key = wanted_key([], model_id, params)
    requested, _ = _requested(folder, sources, add, rebuild)
    files = [p for p in expand_sources(requested)] if all(p.exists() for p in requested) else []
    if not rebuild and files and up_to_date(folder, files, key, ocr):
        return _up_to_date(folder)  # nothing changed: no report is read again, nothing is written
    with guard.build_lock(folder, say):
        requested, dropped = _requested(folder, sources, add, rebuild)  # another build may have ended
        files = [p for p in expand_sources(requested)] if all(p.exists() for p in requested) else []
        if not rebuild and files and up_to_date(folder, files, key, ocr):
            return _up_to_date(folder)
        guard.check_writable(folder)
        if dropped:
            say(f"replacing the reports of the index at {folder}: {len(dropped)} not among the sources will be "
                f"removed ({', '.join(dropped)}); pass --add to keep them")
        return _build(folder, requested, model, model_id, params, rebuild, password, encoding, progress, ocr)


def _up_to_date(folder: Path) -> BuildReport:
    manifest = store.read_manifest(folder)
    titles = [str(d.get("title", "")) for d in manifest.documents]
    return BuildReport(folder, True, "up to date", manifest.counts.get("chunks", 0), {}, unchanged=titles)


def _requested(folder: Path, sources: list[Path] | None, add: bool, rebuild: bool) -> tuple[list[Path], list[str]]:
    return requested_sources(str(folder), sources, add, rebuild, lambda: _held_reports(folder),
                             lambda: recorded_sources(folder))


def _held_reports(folder: Path) -> dict[str, str]:
    """Source path -> title of each report the index at `folder` records (none when there is no readable one)."""
    try:
        manifest = store.read_manifest(folder)
    except EsgqaError:
        return {}
    return {os.path.abspath(str(d.get("source", ""))): str(d.get("title", d.get("doc_id", "")))
            for d in manifest.documents}


def _build(folder: Path, requested: list[Path], model: str | None, model_id: str, params: ChunkingParams,
           rebuild: bool, password: str | None, encoding: str | None, progress: Progress | None,
           ocr: str) -> BuildReport:
    previous = Previous() if rebuild else load_previous(folder, model_id, params.describe())
    reading = (lambda done, total: progress("reading", done, total)) if progress else None
    loaded = load_sources(requested, password=password, encoding=encoding, cached=previous.documents, ocr=ocr,
                          progress=reading)
    documents = loaded.documents
    if not rebuild and reuse_reason(folder, wanted_key(documents, model_id, params)) is None:
        report = build_index(documents, folder, _NoEncoder(model_id), params)
        _restamp(folder, documents)  # same content, touched files: next time, decided without reading them
    else:
        report = build_index(documents, folder, load_encoder(model), params, rebuild=rebuild, progress=progress,
                             previous=previous)
    report.skipped = [(str(path), str(error)) for path, error in loaded.failures]
    ids = {d.doc_id for d in documents}
    report.added = [d.title for d in documents if d.doc_id not in previous.titles]
    report.unchanged = [d.title for d in documents if d.doc_id in previous.titles]
    report.removed = [title for doc_id, title in previous.titles.items() if doc_id not in ids]
    return report


def _restamp(folder: Path, documents: list[Document]) -> None:
    from esgqa.index.reuse import source_stamp

    manifest = store.read_manifest(folder)
    sources = {d.doc_id: d.source for d in documents}
    changed = False
    for entry in manifest.documents:
        stamp = source_stamp(Path(sources.get(str(entry["doc_id"]), str(entry.get("source", "")))))
        if stamp and entry.get("stamp") != stamp:
            entry["stamp"], changed = stamp, True
    if changed:
        with contextlib.suppress(OSError):  # only an optimisation: the next run reads the files again
            store.write_manifest(folder, manifest)


def recorded_sources(folder: Path) -> list[Path]:
    """The sources an existing index was built from (its manifest), else the bundled report for a new one."""
    manifest = folder / store.MANIFEST
    if not manifest.exists():
        return [bundled_report()]
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        recorded = [Path(str(d["source"])) for d in data["documents"]]
    except (OSError, ValueError, KeyError, TypeError):
        raise EsgqaError(f"{folder}: the index's manifest does not say which reports it holds; "
                         f"{store.rebuild_hint(folder)}", ExitCode.INDEX) from None
    if not recorded:
        raise EsgqaError(f"{folder}: the index records no reports; {store.rebuild_hint(folder)}", ExitCode.INDEX)
    missing = [str(p) for p in recorded if not p.exists()]
    if missing:
        raise InputError(f"{folder} was built from {', '.join(missing)}, which no longer exists; "
                         f"give the sources: `esgqa index --index {folder} SOURCE...`")
    return recorded


def _model_id(model: str) -> str:
    if model == DEFAULT_MODEL:
        return model
    local = Path(model).expanduser()
    return f"st:{local.resolve() if local.exists() else model}"


class _NoEncoder:
    """Stands in for the model when the index is reused, so checking freshness never loads a model."""

    dim = 0

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id

    def encode(self, texts: list[str], batch_size: int = 64) -> Vectors:  # pragma: no cover - never called
        raise AssertionError("reused index must not embed")


def _needs_bundled_build(folder: Path) -> bool:
    """Build when there is no index yet, or rebuild one made from the bundled report by an older esgqa.

    An outdated index of the user's own reports is left alone: it gets a clear error instead, because only
    the user knows which sources to rebuild it from.
    """
    manifest = folder / "manifest.json"
    if not manifest.exists():
        return True
    try:
        store.read_manifest(folder)
        return False
    except EsgqaError:
        pass
    try:
        documents = json.loads(manifest.read_text(encoding="utf-8")).get("documents", [])
    except (OSError, ValueError, AttributeError):
        return False
    return bool(documents) and all(str(d.get("source", "")).endswith(BUNDLED_REPORT) for d in documents)


def validate_question(question: str) -> str:
    text = " ".join(question.split())
    if not text:
        raise UsageError("the question is empty")
    if not any(ch.isalnum() for ch in text):
        raise UsageError("the question has no words (only punctuation)")
    if len(text) > MAX_QUESTION_CHARS:
        raise UsageError(f"the question is too long ({len(text)} characters; at most {MAX_QUESTION_CHARS})")
    return text


class Engine:
    """A loaded index plus the answerer; load once, ask many times."""

    def __init__(self, retriever: IndexReader, answer_params: AnswerParams | None = None) -> None:
        self.retriever = retriever
        self.answer_params = answer_params or AnswerParams()

    @classmethod
    def open(cls, index_dir: Path | str | None = None, model: str | None = None, build: bool = True,
             progress: Progress | None = None, fusion: FusionParams | None = None,
             announce: Callable[[str], None] | None = None) -> Engine:
        """Open the index at `index_dir`, else at the default location.

        Only the default location is built on first use (from the bundled report), and `announce` (default:
        a logged warning) says so before the build starts. An explicit `index_dir` is never built: a mistyped
        folder must be an error naming it, not a fresh index of the bundled report answering in its place.
        """
        location = resolve_location(index_dir)
        if isinstance(location, MilvusTarget):
            return cls(open_reader(location, encoder=load_encoder(model) if model else None, fusion=fusion))
        folder = location
        if build and not index_dir and _needs_bundled_build(folder):
            (announce or log.warning)(f"no index at {folder} yet: building it from the bundled report "
                                      "(once, about half a minute)")
            ensure_index(folder, model=model, progress=progress)
        encoder = load_encoder(model) if model else None
        return cls(open_reader(folder, encoder=encoder, fusion=fusion))

    def warm_up(self) -> None:
        """Load everything the query path loads lazily (a session, the TUI, a benchmark); `ask` alone stays
        cold-start fast."""
        self.retriever.warm_up()
        self.retriever.search("数据中心的PUE是多少？", k=1)

    @property
    def documents(self) -> list[dict[str, object]]:
        return list(self.retriever.manifest.documents)

    def page_text(self, doc_id: str, page: int) -> str:
        return self.retriever.page_text(doc_id, page)

    def search(self, question: str, k: int = 5, mode: Mode = "hybrid") -> list[Hit]:
        return self.retriever.search(validate_question(question), k=k, mode=mode)

    def documents_named(self, names: list[str]) -> set[str]:
        """Doc ids for `--doc`: each name is a doc id (or its start) or words of a report's title."""
        docs = self.retriever.manifest.documents
        found: set[str] = set()
        for name in (n.strip() for n in names if n.strip()):
            hits = {str(d["doc_id"]) for d in docs if str(d["doc_id"]).startswith(name)
                    or name.lower() in str(d.get("title", "")).lower()}
            if not hits:
                known = "; ".join(f"{d['doc_id']} {d.get('title', '')}" for d in docs)
                raise UsageError(f"--doc {name!r}: no report in the index has that id or title (it holds: {known})")
            found |= hits
        return found

    def ask(self, question: str, k: int = 5, mode: Mode = "hybrid", explain: bool = False,
            docs: set[str] | None = None) -> Answer:
        """A cited answer; `docs` keeps the question to those reports (`documents_named`); without it, a
        question that names a company or a year of some reports of the index is kept to those (`pick_reports`)."""
        from esgqa.qa.multipart import combine
        from esgqa.query.parts import split_question
        from esgqa.query.scope import pick_reports

        text = validate_question(question)
        scope = pick_reports(text, self.retriever.manifest.documents) if docs is None else None
        docs = set(scope.doc_ids) if scope else docs
        parts = split_question(text)
        if parts.multi and self.answer_params.split_parts:
            answer = combine(text, [(part, self._answer_one(asked, k, mode, explain, docs))
                                    for part, asked in zip(parts.parts, parts.texts, strict=True)])
        else:
            answer = self._answer_one(text, k, mode, explain, docs)
        titles = self.retriever.titles
        answer.reports = {c.doc_id: titles.get(c.doc_id, c.doc_id) for c in answer.citations}
        if scope is not None:
            answer.scope = {"reports": sorted(titles.get(i, i) for i in scope.doc_ids), "because": scope.because}
        return answer

    def _answer_one(self, text: str, k: int, mode: Mode, explain: bool, docs: set[str] | None) -> Answer:
        start = time.perf_counter()
        hits = self.retriever.search(text, k=max(k, self.answer_params.candidates), mode=mode, docs=docs)
        retrieve_ms = (time.perf_counter() - start) * 1000
        start = time.perf_counter()
        answer = answer_question(text, hits, k, self.retriever, self.answer_params, explain=explain, docs=docs)
        answer.timings_ms = {"retrieve": retrieve_ms, "answer": (time.perf_counter() - start) * 1000}
        return answer
