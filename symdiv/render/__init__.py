"""Renderers: plain text (and, as they are added, LaTeX, Markdown, JSON)."""

from .text import render_verdict

__all__ = ["render_verdict"]
