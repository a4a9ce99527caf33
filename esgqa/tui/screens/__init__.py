"""Screens of the esgqa TUI: ask (main), page viewer, fact-check, help and small dialogs."""
