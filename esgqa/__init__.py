"""esgqa: offline, page-cited question answering and number fact-checking for long reports."""

__version__ = "0.1.0"
