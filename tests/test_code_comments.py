"""Comments in code blocks as units (`code_comments = true`): which lines are comments, and
that the page rebuilds byte for byte."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from transkit.core.source.model import SegmentKind
from transkit.core.source.segment import assemble, segment_markdown, source_texts

from .conftest import Result

PAGE = """# Cheat sheet

Some text.

```bash
#!/bin/bash
# List the pods in the namespace
kubectl get pods  # a comment after code is not offered
## A section of the script
# noqa
# ------
```

> ```python
> # A comment in a quoted block
> x = 1
> ```

```js title="hello.js"
// Print the greeting
console.log("hi") // not this one
```

```html
  <!-- The main header -->
<h1>x</h1>
```

```console
# apt-get install foo
```

```text
# not a language transkit knows
```

```bash
# a block that is never closed
"""


def test_comment_lines_of_known_languages_are_units_and_nothing_else() -> None:
    document = segment_markdown(PAGE, code_comments=True)
    comments = [(s.detail, s.text, s.line) for s in document.segments
                if s.kind is SegmentKind.CODE_COMMENT]
    assert comments == [
        ("bash", "List the pods in the namespace", 7),
        ("bash", "A section of the script", 9),
        ("python", "A comment in a quoted block", 15),
        ("js", "Print the greeting", 20),
        ("html", "The main header", 25),
        ("bash", "a block that is never closed", 38),
    ]
    assert assemble(document, source_texts(document)) == PAGE
    translated = [f"«{t}»" if s.kind is SegmentKind.CODE_COMMENT else t
                  for s, t in zip(document.segments, source_texts(document), strict=True)]
    rebuilt = assemble(document, translated)
    assert "# «List the pods in the namespace»\n" in rebuilt
    assert "  <!-- «The main header» -->\n" in rebuilt
    assert "> # «A comment in a quoted block»\n" in rebuilt


def test_without_the_setting_code_is_never_offered() -> None:
    document = segment_markdown(PAGE)
    assert [s.text for s in document.segments] == ["Cheat sheet", "Some text."]


def test_the_setting_is_true_or_false(run: Callable[..., Result], tmp_path: Path) -> None:
    (tmp_path / "sources").mkdir()
    (tmp_path / "transkit.toml").write_text('languages = ["de"]\ncode_comments = "yes"\n',
                                            encoding="utf-8")
    result = run("--root", tmp_path, "status")
    assert result.code == 2
    assert "key 'code_comments' must be true or false" in result.err
