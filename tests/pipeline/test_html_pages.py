"""Generated pages written as final HTML (front matter ``body: html``) against the installed
MkDocs: overrides/hooks/generated_pages.py replaces ``Page.render`` for them with MkDocs' own
link and anchor processors and the ``toc`` extension's slugs, so these tests build real sites
with ``mkdocs build --strict`` and compare an HTML page with the same page in Markdown."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import ROOT, VALIDATION

pytestmark = pytest.mark.build

HOOK = ROOT / "overrides" / "hooks" / "generated_pages.py"

# A hook that records, for each page, what Page.render set (after the page is rendered).
RECORDER = """
import json
from pathlib import Path

seen = {}

def _toc(items):
    return [[i.title, i.id, i.level, _toc(i.children)] for i in items]

def on_page_content(html, page, config, files):
    seen[page.file.src_uri] = {
        "toc": _toc(page.toc),
        "anchors": sorted(page.present_anchor_ids),
        "title": page.title,
        "title_from_render": page._title_from_render,
        "links_to_anchors": sorted(
            (f.src_uri, a) for f, links in (page.links_to_anchors or {}).items() for a in links
        ),
        "content": html,
    }
    return html

def on_post_build(config):
    Path(config.config_file_path).with_name("seen.json").write_text(json.dumps(seen))
"""

MARKDOWN_BODY = """\
# Title &amp; more: “quoted”

Text with a [link to the other page](../other.md) and [an anchor](../other.md#kept).

## Cited by { data-search-exclude }

## Cited by

## Place, region (state) { #chosen-id }

### A [link](../other.md) in a heading

## Sources

1. [A source](../other.md){ #source-1 }
"""

HTML_BODY = """\
<h1>Title &amp; more: “quoted”</h1>
<p>Text with a <a href="../other.md">link to the other page</a> and <a href="../other.md#kept">an anchor</a>.</p>
<h2 data-search-exclude>Cited by</h2>
<h2>Cited by</h2>
<h2 id="chosen-id">Place, region (state)</h2>
<h3>A <a href="../other.md">link</a> in a heading</h3>
<h2>Sources</h2>
<ol>
<li><a href="../other.md" id="source-1">A source</a></li>
</ol>
"""


def _project(tmp_path: Path, pages: dict[str, str]) -> Path:
    root = tmp_path / "site-project"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# Home\n\n[The other page](other.md)\n", "utf-8")
    (root / "docs" / "other.md").write_text("# Other\n\n## Kept\n", "utf-8")
    for path, text in pages.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    (root / "recorder.py").write_text(RECORDER, "utf-8")
    config = {
        "site_name": "Test",
        "strict": True,
        "theme": {"name": "mkdocs"},
        "hooks": [str(HOOK), "recorder.py"],
        "markdown_extensions": [{"toc": {"permalink": False}}, "tables", "attr_list", "md_in_html"],
        "validation": VALIDATION,
    }
    (root / "mkdocs.yml").write_text(json.dumps(config), "utf-8")
    return root


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


def _front(extra: str = "") -> str:
    return f'---\ntitle: "A page"\n{extra}---\n\n'


def test_an_html_page_gets_what_markdown_gave_its_markdown_twin(tmp_path):
    root = _project(
        tmp_path,
        {
            "generated/md/page.md": _front() + MARKDOWN_BODY,
            "generated/html/page.md": _front("body: html\n") + HTML_BODY,
        },
    )
    result = _build(root)
    assert result.returncode == 0, result.stderr
    seen = json.loads((root / "seen.json").read_text("utf-8"))
    markdown, html = seen["md/page.md"], seen["html/page.md"]
    assert html["toc"] == markdown["toc"]
    assert [item[1] for item in html["toc"][0][3]] == [
        "cited-by",
        "cited-by_1",
        "chosen-id",
        "sources",
    ]
    assert html["anchors"] == markdown["anchors"]
    assert html["title"] == markdown["title"] == "A page"
    assert html["title_from_render"] == markdown["title_from_render"]
    assert html["links_to_anchors"] == markdown["links_to_anchors"] == [["other.md", "kept"]]
    # Links are rewritten to the built pages' addresses, as for Markdown.
    assert 'href="../../other/"' in html["content"]
    assert 'href="../../other/#kept"' in html["content"]


def test_a_broken_link_out_of_an_html_page_fails_naming_the_data_file(tmp_path):
    page = (
        _front('record: "deployments/x"\nbody: html\n')
        + '<h1>X</h1>\n<p><a href="../missing.md">gone</a></p>\n'
    )
    root = _project(tmp_path, {"generated/deployments/x.md": page})
    result = _build(root)
    assert result.returncode != 0
    assert (
        "Doc file 'deployments/x.md' (from data/deployments/x.yaml) contains a link "
        "'../missing.md', but the target 'missing.md' is not found" in result.stderr
    )


def test_a_broken_anchor_out_of_an_html_page_fails(tmp_path):
    page = (
        _front("body: html\n")
        + '<h1>X</h1>\n<p><a href="../other.md#nowhere">gone</a> <a href="#nor-here">self</a></p>\n'
    )
    root = _project(tmp_path, {"generated/lists/index.md": page})
    result = _build(root)
    assert result.returncode != 0
    assert "(from generated/lists/index.md)" in result.stderr
    assert "does not contain an anchor '#nowhere'" in result.stderr
    assert "contains a link '#nor-here', but there is no such anchor on this page" in result.stderr


def test_a_broken_anchor_into_an_html_page_fails(tmp_path):
    page = _front("body: html\n") + "<h1>X</h1>\n<h2>Here</h2>\n"
    root = _project(tmp_path, {"generated/x.md": page})
    (root / "docs" / "index.md").write_text(
        "# Home\n\n[ok](x.md#here) [bad](x.md#there)\n", "utf-8"
    )
    result = _build(root)
    assert result.returncode != 0
    assert (
        "contains a link 'x.md#there', but the doc 'x.md' does not contain an anchor '#there'"
        in result.stderr
    )
    assert "#here" not in result.stderr


def test_html_that_does_not_nest_fails_the_build(tmp_path):
    page = _front("body: html\n") + "<h1>X</h1>\n<p><strong>bold</p></strong>\n"
    root = _project(tmp_path, {"generated/x.md": page})
    result = _build(root)
    assert result.returncode != 0
    assert (
        "generated/x.md is not well-formed HTML (line 2:16: </p> closes <strong>" in result.stderr
    )


def test_an_html_page_is_not_read_as_markdown(tmp_path):
    page = (
        _front("body: html\n") + "<h1>X</h1>\n<p>*not emphasis* [not a link](x.md) &lt;b&gt;</p>\n"
    )
    root = _project(tmp_path, {"generated/x.md": page})
    result = _build(root)
    assert result.returncode == 0, result.stderr
    content = json.loads((root / "seen.json").read_text("utf-8"))["x.md"]["content"]
    assert content == '<h1 id="x">X</h1>\n<p>*not emphasis* [not a link](x.md) &lt;b&gt;</p>\n'


def _hook() -> Any:
    spec = importlib.util.spec_from_file_location("generated_pages_under_test", HOOK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _sections(sections: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text, s.is_excluded()) for s in sections
    ]


TRICKY = """\
<p>Before any heading &amp; after &lt;that&gt;,   spaced
out.</p>
<div class="x"><h2 id="inner">Nested <code>heading</code></h2><p>in a div</p></div>
<p>after the div<br>with a break <img src="a.png" alt="&quot;q&quot;"></p>
<h2 data-search-exclude="">Left out</h2><p>hidden text</p>
<h3 id="svg">With an <svg viewBox="0 0 2 2"><path d="M0 0"/><title>Icon</title></svg> icon</h3>
<script>var a = "<p>not text</p>";</script><style>p { color: red }</style>
<pre><code>  kept
    as is</code></pre>
<ul><li> </li><li>item <sup>1</sup></li></ul>
<table data-cards><tr><td data-label="A">cell</td></tr></table>
"""


def test_search_sections_from_the_tree_are_what_materials_parser_makes_of_the_html(tmp_path):
    from material.plugins.search.plugin import Parser, SearchIndex

    from support import copy_project, run_watched

    hook = _hook()
    # The hook recognises Material's index by its module and uses these two methods.
    assert SearchIndex.__module__ == hook._MATERIAL_SEARCH
    assert callable(SearchIndex.add_entry_from_context)
    assert callable(SearchIndex.create_entry_for_section)
    project = copy_project(tmp_path / "project", ROOT / "data")  # the real pages, all kinds
    assert run_watched("render", "--root", str(project.root)).returncode == 0
    bodies = [TRICKY] + [
        path.read_text("utf-8").split("---\n", 2)[2]
        for path in sorted((project.root / "generated").rglob("*.md"))
        if "body: html" in path.read_text("utf-8")
    ]
    assert len(bodies) > 300
    for body in bodies:
        tree = hook.parse(body)
        parser = Parser()
        parser.feed(hook.serialize(tree))
        parser.close()
        assert _sections(hook.search_sections(tree)) == _sections(parser.data), body[:200]
