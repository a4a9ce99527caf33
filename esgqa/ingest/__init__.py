"""Reading reports into page-anchored documents and chunks."""
