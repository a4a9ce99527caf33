"""Indexes over page-anchored chunks, where they live (a folder, or Milvus) and how they are searched: dense,
lexical and their fusion."""
