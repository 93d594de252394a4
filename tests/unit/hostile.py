"""A hostile, messy archive built on disk: every case of issue 4 in one folder.

`build(root)` writes it and returns what a correct loader must make of it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .helpers import write_tree

ESCAPES = (
    "\x1b]52;c;SGVsbG8gY2xpcGJvYXJk\x07"  # OSC 52: write the clipboard
    "\x1b]8;;file:///etc/passwd\x1b\\"  # OSC 8 hyperlink
    "\x1b[2J"  # clear screen
    "\x1b[?1049h"  # alternate screen
    "\x9b2J"  # 8-bit CSI
)
# Byte strings that must never reach a terminal from an article.
FORBIDDEN = ("\x1b", "\x9b", "\x07", "]52;", "file:///etc/passwd")
MARKUP_TITLE = "[@click=app.quit]Quit[/] [link='file:///etc/passwd']x[/link] [/]"

ESCAPE_ARTICLE = f"""---
title: "Escapes \\e]52;c;SGk=\\a in the title"
summary: 'summary {ESCAPES} end'
tags: ["tag\\e[31m", "ok"]
date: "2025-03-01 10:00:00"
---

Body text {ESCAPES} continues.

A [link text {ESCAPES}](https://example.com/safe) and ![alt {ESCAPES}](https://example.com/p.png).

```
code {ESCAPES}
```
"""

MARKUP_ARTICLE = f"""---
title: "{MARKUP_TITLE}"
tags: ["[b]bold[/b]", "[/]"]
categories: ["[red]cat[/red]"]
date: "2025-03-02 10:00:00"
---

Text with [@click=app.quit]markup[/] in it and a [lone] [/] bracket.
"""

LINKS_ARTICLE = """---
title: Links of every kind
date: 2025-03-03
---

[web](https://example.com/a) [mail](mailto:someone@example.com) [file](file:///etc/passwd)
[js](javascript:alert(1)) [data](data:text/html,hi) [outside](../../../etc/passwd)
[inside](other.md) <file:///etc/shadow>
"""

NEWSLETTER = """![封面](https://example.net/cover.png)

# 第42期：城市科技周刊

本期导读：地铁票务系统升级、城市数据开放平台上线。

## 一、票务

新系统支持NFC与二维码，预计年底前完成全部车站改造。
"""

HUGO_DOCS = """---
title: Shortcodes
linkTitle: Shortcodes (short)
description: Use shortcodes to insert templates into your content.
categories: [content management]
keywords: [shortcode, template]
menu:
  docs:
    parent: content-management
    weight: 160
weight: 160
aliases: [/extras/shortcodes/]
toc: true
---

{{< new-in 0.120.0 >}}

A shortcode is a template invoked from within your content.

{{< note >}}
Shortcodes are ignored in template files.
{{< /note >}}

{{% notice tip %}}
Use `{{</* figure */>}}` for images.
{{% /notice %}}
"""


@dataclass
class Expected:
    """What a correct loader makes of the hostile archive."""

    good: dict[str, str] = field(default_factory=dict)  # path -> title
    bad: dict[str, str] = field(default_factory=dict)  # path -> problem kind
    warned: set[str] = field(default_factory=set)  # paths with a warning
    skipped: set[str] = field(default_factory=set)  # paths that must not appear at all


def build(root: Path) -> Expected:
    expected = Expected()
    files: dict[str, str | bytes] = {
        "good/plain.md": "---\ntitle: Plain\ndate: 2024-01-01\n---\n\nPlain body.\n",
        "good/bom.md": "\ufeff---\ntitle: With BOM\n---\n\nBody.\n",
        "good/crlf.md": "---\r\ntitle: With CRLF\r\ntags: [a, b]\r\n---\r\n\r\nLine one\r\nline two\r\n",
        "good/gbk.md": "---\ntitle: 国标编码的文章\n---\n\n这是用GB18030保存的中文。\n".encode("gb18030"),
        "good/escape.md": ESCAPE_ARTICLE,
        "good/raw-escape.md": f"---\ntitle: Raw {ESCAPES} title\n---\n\nRaw body {ESCAPES}.\n",
        "good/markup.md": MARKUP_ARTICLE,
        "good/links.md": LINKS_ARTICLE,
        "good/odd-fields.md": (
            "---\ntitle: Odd fields\ntags: [1, 2.5, true, null, {a: 1}, [x, y], ' dup ', dup]\n"
            "categories: single\ndate: not a date\n---\n\nBody.\n"
        ),
        "good/epoch.md": "---\ntitle: Epoch\ndate: 1700000000\n---\n\nBody.\n",
        "good/unclosed.md": "---\ntitle: never closed\n\n# Unclosed front matter\n\nBody.\n",
        "good/深 度/空 格 文件.md": "---\ntitle: 路径里有空格\n---\n\n正文。\n",
        "good/weekly/issue-42.md": NEWSLETTER,
        "good/docs/shortcodes.md": HUGO_DOCS,
        "good/docs/_index.md": "---\ntitle: Content management\n---\n\nSection.\n",
        "good/" + "/".join(f"d{i}" for i in range(40)) + "/deep.md": "# Deep file\n\nDeep.\n",
        "good/x.md/inside-a-folder-named-x.md": "# Inside x.md folder\n",
        "bad/yaml.md": "---\ntitle: ok\ntags: [unclosed\ndate: 2024-01-01\n---\n\nBody.\n",
        "bad/toml.md": '+++\ntitle = "ok"\ndate = \n+++\n\nBody.\n',
        "bad/json.md": '{\n"title": "ok",\n"date": \n}\n\nBody.\n',
        "bad/binary.md": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        "bad/latin1.md": "---\ntitle: caf\xe9\n---\n\n\xff\xfe\xfa broken\n".encode("latin-1"),
        "bad/bomb.md": _alias_bomb(),
        ".hidden/secret.md": "# Hidden\n",
        "good/.draft.md": "# Hidden file\n",
    }
    write_tree(root, files)
    for path, title in {
        "good/plain.md": "Plain",
        "good/bom.md": "With BOM",
        "good/crlf.md": "With CRLF",
        "good/gbk.md": "国标编码的文章",
        "good/markup.md": MARKUP_TITLE,
        "good/links.md": "Links of every kind",
        "good/odd-fields.md": "Odd fields",
        "good/epoch.md": "Epoch",
        "good/unclosed.md": "Unclosed front matter",
        "good/深 度/空 格 文件.md": "路径里有空格",
        "good/weekly/issue-42.md": "第42期：城市科技周刊",
        "good/docs/shortcodes.md": "Shortcodes",
        "good/docs/_index.md": "Content management",
        "good/" + "/".join(f"d{i}" for i in range(40)) + "/deep.md": "Deep file",
        "good/x.md/inside-a-folder-named-x.md": "Inside x.md folder",
    }.items():
        expected.good[path] = title
    expected.good["good/escape.md"] = "Escapes ]52;c;SGk= in the title"
    expected.good["good/raw-escape.md"] = (
        "Raw ]52;c;SGVsbG8gY2xpcGJvYXJk]8;;file:///etc/passwd\\[2J[?1049h2J title"
    )
    expected.bad.update(
        {
            "bad/yaml.md": "front-matter",
            "bad/toml.md": "front-matter",
            "bad/json.md": "front-matter",
            "bad/binary.md": "encoding",
            "bad/latin1.md": "encoding",
            "bad/bomb.md": "front-matter",
        }
    )
    expected.warned.update({"good/gbk.md", "good/odd-fields.md", "good/unclosed.md"})
    expected.skipped.update({".hidden/secret.md", "good/.draft.md"})

    # Things only the file system can make.
    special = root / "special"
    special.mkdir()
    os.mkfifo(special / "fifo.md")
    (special / "dangling.md").symlink_to(special / "missing-target.md")
    (special / "loop").symlink_to("..")
    (special / "outside.md").symlink_to("/etc/hostname")
    (special / "linked.md").symlink_to(root / "good" / "plain.md")
    expected.warned.update({"special/fifo.md", "special/dangling.md", "special/outside.md"})
    expected.good["special/linked.md"] = "Plain"
    huge = root / "bad" / "huge.md"
    with huge.open("wb") as handle:
        handle.truncate(9 * 1024 * 1024)  # sparse: big on paper, cheap on disk
    expected.bad["bad/huge.md"] = "too-large"
    return expected


def _alias_bomb() -> str:
    lines = ["---", 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    lines += ["tags: *a11", "title: *a11", "---", "", "Body."]
    return "\n".join(lines) + "\n"
