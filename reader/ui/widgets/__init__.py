"""Widgets display and post messages; they hold no parsing, filtering or IO logic of their own (the
reading pane runs the render layer and the archive's body reader in its worker)."""

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.reading_pane import ReadingPane
from reader.ui.widgets.tag_sidebar import TagSidebar

__all__ = ["ArticleList", "ArticleView", "ReadingPane", "TagSidebar"]
