"""Extractive answers with page citations, a grounding check, and abstention."""
