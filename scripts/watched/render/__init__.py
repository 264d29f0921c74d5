"""Render step: the validated ``Dataset`` -> Markdown pages (``pages``), safely (``text``)."""

from .pages import render_pages

__all__ = ["render_pages"]
