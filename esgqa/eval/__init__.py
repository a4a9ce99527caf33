"""Evaluation: the gold question set, retrieval and answer metrics, and the fact-check mutation test."""
