"""Widgets display and post messages; they hold no parsing, filtering or IO."""

from reader.ui.widgets.article_list import ArticleList
from reader.ui.widgets.article_view import ArticleView
from reader.ui.widgets.tag_sidebar import TagSidebar

__all__ = ["ArticleList", "ArticleView", "TagSidebar"]
