"""Renderers: the same reports as text, JSON, ...; each module has one `render(reports) -> str`."""
