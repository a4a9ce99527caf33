"""Connecting to Milvus, and the collections an esgqa index is made of.

    esgqa_chunks   one row per chunk: report, page and chunk id, text and search form, its lexical tokens (the
                   engine's BM25 and TEXT_MATCH run over them) and its dense vector
    esgqa_pages    one record per page: the page as extracted (text, prose, tables) and its chunks' rows
    esgqa_facts    one record per page: the page's facts as stored lines (esgqa.facts.store)
    esgqa_terms    one record per (report, term): which of the report's chunks hold the term (its postings)
    esgqa_meta     the manifest (esgqa.index.store.Manifest), written last by every build

Records are addressed by primary key (report, page, term), so a reader never scans a collection: a key look-up
costs the same on Milvus Lite as on a cluster. A record's payload is compressed JSON split over rows of at
most 60,000 bytes (a VARCHAR's limit is 65,535). Milvus requires a vector field in every collection; the
record collections carry a 2-dimensional zero vector that is never searched.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from esgqa.errors import IndexError_, UsageError
from esgqa.index.location import MilvusTarget

CHUNKS, PAGES, FACTS, TERMS, META = "esgqa_chunks", "esgqa_pages", "esgqa_facts", "esgqa_terms", "esgqa_meta"
RECORDS = (PAGES, FACTS, TERMS, META)
PART_BYTES = 60_000
TEXT_BYTES = 65_535
BM25_K1, BM25_B = 1.2, 0.75  # as the folder backend's bm25s
ANALYZER = {"tokenizer": "standard"}  # over term ids ("t3k9…"): one id, one token, on Lite and on a server
MANIFEST_KEY = "manifest"
LAYOUT = 3  # the collections' layout, in the manifest: another layout is rebuilt, never misread
INSERT_BATCH = 500


def install_hint() -> str:
    return "pip install 'esgqa[milvus]'"


def connect(target: MilvusTarget) -> Any:
    """A MilvusClient for `target`; a clear one-line error when pymilvus is missing or Milvus is unreachable."""
    try:
        from pymilvus import MilvusClient
    except ImportError:
        raise UsageError(f"{target}: a Milvus index needs pymilvus and Milvus Lite: {install_hint()}") from None
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")  # Milvus Lite's in-process gRPC server logs from C
    for name in ("pymilvus", "milvus_lite", "grpc"):  # they log every failed call at ERROR; esgqa says it once
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if target.lite and not Path(target.uri).parent.is_dir():
        raise IndexError_(f"{target}: no such folder {Path(target.uri).parent}")
    try:
        client = MilvusClient(uri=target.uri, db_name=target.db_name) if target.db_name else \
            MilvusClient(uri=target.uri)
        for name in existing(client):  # a collection is searchable once loaded; Lite forgets between processes
            client.load_collection(name)
    except Exception as exc:
        busy = "; Milvus Lite serves one process at a time: is another esgqa using it?" if target.lite else ""
        raise IndexError_(f"{target}: cannot open the Milvus index ({brief(exc)}){busy}") from None
    return client


def brief(exc: BaseException) -> str:
    """A library error's first line, without pymilvus's wrapping."""
    text = str(getattr(exc, "message", "") or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def term_id(term: str) -> str:
    """A term as one token of Milvus's standard analyzer: "t" and 60 bits of its hash in base 36.

    esgqa analyses text once, with its own tokenizer (jieba for Chinese, stemmed English, whole numbers); the
    engine indexes those tokens. Milvus Lite offers only its standard and jieba tokenizers, and the question
    planner's term frequencies must count the same tokens the engine scores.
    """
    value = int.from_bytes(hashlib.blake2b(term.encode("utf-8"), digest_size=8).digest(), "big") >> 4
    return "t" + _base36(value)


def chunk_row(chunk_id: str) -> int:
    """A chunk's primary key: stable across builds, so unchanged reports keep their rows."""
    return int.from_bytes(hashlib.blake2b(chunk_id.encode("utf-8"), digest_size=8).digest(), "big") >> 1


def fit(text: str, limit: int = TEXT_BYTES) -> str:
    """`text` cut to `limit` UTF-8 bytes (a whole character at the end)."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", errors="ignore")


def create(client: Any, dim: int) -> None:
    """Create the collections (none may exist) and load them."""
    from pymilvus import DataType, Function, FunctionType

    schema = client.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=64)
    schema.add_field("page", DataType.INT64)
    schema.add_field("chunk_id", DataType.VARCHAR, max_length=512)
    schema.add_field("meta", DataType.VARCHAR, max_length=512)
    schema.add_field("text", DataType.VARCHAR, max_length=TEXT_BYTES)
    schema.add_field("prepared", DataType.VARCHAR, max_length=TEXT_BYTES)
    schema.add_field("tokens", DataType.VARCHAR, max_length=TEXT_BYTES, enable_analyzer=True, enable_match=True,
                     analyzer_params=ANALYZER)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=dim)
    schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["tokens"],
                                 output_field_names=["sparse"]))
    index = client.prepare_index_params()
    # nested under "params": the wire form both Milvus Lite and a server read (pymilvus 3 sends top-level
    # keys, which Milvus Lite 3.2 drops, scoring with k1 = 1.5)
    index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                    params={"params": {"bm25_k1": BM25_K1, "bm25_b": BM25_B}})
    index.add_index("vector", index_type="FLAT", metric_type="IP")
    client.create_collection(CHUNKS, schema=schema, index_params=index)
    for name in RECORDS:
        record = client.create_schema(auto_id=False)
        record.add_field("key", DataType.VARCHAR, is_primary=True, max_length=512)
        record.add_field("doc_id", DataType.VARCHAR, max_length=64)
        record.add_field("parts", DataType.INT64)
        record.add_field("data", DataType.VARCHAR, max_length=TEXT_BYTES)
        record.add_field("slot", DataType.FLOAT_VECTOR, dim=2)
        slot = client.prepare_index_params()
        slot.add_index("slot", index_type="FLAT", metric_type="L2")
        client.create_collection(name, schema=record, index_params=slot)
    for name in (CHUNKS, *RECORDS):
        client.load_collection(name)


def existing(client: Any) -> list[str]:
    """The esgqa collections present."""
    have = set(client.list_collections())
    return [name for name in (CHUNKS, *RECORDS) if name in have]


def drop(client: Any) -> None:
    for name in existing(client):
        client.drop_collection(name)


def put_records(client: Any, collection: str, records: Iterable[tuple[str, str, str]]) -> None:
    """Upsert (key, doc_id, payload) records; a payload is compressed and split over rows."""
    rows: list[dict[str, Any]] = []
    for key, doc_id, payload in records:
        packed = base64.b64encode(zlib.compress(payload.encode("utf-8"), 6)).decode("ascii")
        parts = [packed[i: i + PART_BYTES] for i in range(0, len(packed), PART_BYTES)] or [""]
        rows.extend({"key": f"{key}#{n}", "doc_id": doc_id, "parts": len(parts), "data": part,
                     "slot": [0.0, 0.0]} for n, part in enumerate(parts))
        if len(rows) >= INSERT_BATCH:
            client.upsert(collection, rows)
            rows = []
    if rows:
        client.upsert(collection, rows)


def get_records(client: Any, collection: str, keys: Sequence[str]) -> dict[str, str]:
    """The payloads of the records that exist among `keys`."""
    if not keys:
        return {}
    found: dict[str, dict[int, str]] = {}
    expected: dict[str, int] = {}
    more: list[str] = []
    for offset in range(0, len(keys), 4096):
        batch = [f"{key}#0" for key in keys[offset: offset + 4096]]
        for row in client.get(collection, ids=batch, output_fields=["key", "parts", "data"]):
            key = str(row["key"]).rsplit("#", 1)[0]
            found.setdefault(key, {})[0] = str(row["data"])
            expected[key] = int(row["parts"])
            more.extend(f"{key}#{n}" for n in range(1, int(row["parts"])))
    for row in client.get(collection, ids=more, output_fields=["key", "data"]) if more else []:
        key, part = str(row["key"]).rsplit("#", 1)
        found[key][int(part)] = str(row["data"])
    return {key: zlib.decompress(base64.b64decode("".join(parts[n] for n in sorted(parts)))).decode("utf-8")
            for key, parts in found.items() if len(parts) == expected[key]}


def put_terms(client: Any, doc_id: str, postings: dict[str, list[int]]) -> None:
    """One report's terms, a row per term: the ordinals (within the report) of the chunks holding it, in base 36
    ("0 1k 2f"); their count is the term's frequency in the report."""
    rows = [{"key": f"{doc_id}:{term_id(term)}", "doc_id": doc_id, "parts": 1,
             "data": fit(" ".join(_base36(i) for i in ordinals)), "slot": [0.0, 0.0]}
            for term, ordinals in postings.items()]
    for offset in range(0, len(rows), 5000):
        client.upsert(TERMS, rows[offset: offset + 5000])


def get_terms(client: Any, doc_ids: Sequence[str], terms: Sequence[str]) -> dict[str, list[tuple[int, list[int]]]]:
    """For each of `terms`: (position of the report in `doc_ids`, ordinals of its chunks holding the term) for
    every report that holds it."""
    out: dict[str, list[tuple[int, list[int]]]] = {term: [] for term in terms}
    keys = {f"{doc_id}:{term_id(term)}": (term, position) for term in terms
            for position, doc_id in enumerate(doc_ids)}
    names = list(keys)
    for offset in range(0, len(names), 8192):
        for row in client.get(TERMS, ids=names[offset: offset + 8192], output_fields=["key", "data"]):
            term, position = keys[str(row["key"])]
            out[term].append((position, [int(x, 36) for x in str(row["data"]).split()]))
    return out


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
        if not value:
            return out


def delete_report(client: Any, doc_id: str) -> None:
    """Every row of one report, in every collection."""
    escaped = doc_id.replace("\\", "\\\\").replace('"', '\\"')
    for name in (CHUNKS, PAGES, FACTS, TERMS):
        client.delete(name, filter=f'doc_id == "{escaped}"')


__all__ = ["CHUNKS", "FACTS", "META", "PAGES", "TERMS", "brief", "chunk_row", "connect", "create", "delete_report",
           "drop", "existing", "fit", "get_records", "get_terms", "put_records", "put_terms", "term_id"]
