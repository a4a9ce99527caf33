"""Indexes over page-anchored chunks: dense (FAISS), lexical (bm25s), and their fusion."""
