"""Opening an index wherever it lives: a folder, or Milvus (`esgqa.index.location`)."""

from __future__ import annotations

from esgqa.index.encoders import Encoder
from esgqa.index.fusion import FusionParams
from esgqa.index.location import Location, MilvusTarget
from esgqa.index.reader import IndexReader
from esgqa.index.retriever import Retriever


def open_reader(location: Location, encoder: Encoder | None = None, fusion: FusionParams | None = None) -> IndexReader:
    """The index at `location`, opened for searching and reading."""
    if isinstance(location, MilvusTarget):
        from esgqa.index.milvus.reader import MilvusRetriever

        return MilvusRetriever(location, encoder=encoder, fusion=fusion)
    return Retriever(location, encoder=encoder, fusion=fusion)
