"""Parsing Markdown: the one markdown-it set-up (plugins, CJK-friendly rules, the batched parse of
long bodies) that the loader (titles, summaries, links) and the renderer both use.

Neither loading files nor drawing them: `reader.load` and `reader.render` import it, it imports
neither. Importing the package costs nothing; markdown-it comes with `parse` and `stream`.
"""
