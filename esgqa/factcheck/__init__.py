"""Fact-check mode: every number of a report, its headline numbers cross-verified, contradictions flagged.

`run_check(documents)` (in `esgqa.factcheck.check`) is the entry point; `run_bundled()` sweeps the bundled report.
"""
