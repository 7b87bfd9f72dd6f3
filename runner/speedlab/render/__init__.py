"""Renderers of table.Table: terminal (rich), Markdown, HTML. They format; they compute nothing."""
