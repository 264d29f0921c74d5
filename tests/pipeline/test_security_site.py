"""Hostile text in every text field of every collection, built into a real site: the HTML is
inert, the theme's attributes hold the text escaped, and every export parses.

The text fields are found by walking the pydantic models (a field is text when its validator
is ``check_line``, ``check_prose`` or ``check_quote``), never listed by hand, so a field added
later is fuzzed too. A value the validator refuses is a located error, which other tests
check; here such a value is reduced to what the validator accepts (the point is to test what
gets through). Builds are few and bounded: one for the quote test, ``FUZZ_BUILDS`` for the
Hypothesis strategy.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import re
import shutil
import typing
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic_core import PydanticCustomError

from support import FIXTURES, copy_project
from watched.models import COLLECTIONS, Campaign, fields
from watched.pipeline.build import build
from watched.pipeline.rules import prose_link_problems

pytestmark = pytest.mark.build

FUZZ_BUILDS = 3
TEXT_CHECKS = {fields.check_line: "line", fields.check_prose: "prose", fields.check_quote: "quote"}


# ---------------------------------------------------------------- walking the models


def _kind(annotation: object, metadata: typing.Iterable[object] = ()) -> object:
    """'line' / 'prose' / 'quote', a model class, ('tuple', kind), or None."""
    for item in metadata:
        if getattr(item, "func", None) in TEXT_CHECKS:
            return TEXT_CHECKS[item.func]  # type: ignore[index]
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _kind(base, extra)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if origin is tuple:
        args = [a for a in typing.get_args(annotation) if a is not Ellipsis]
        inner = _kind(args[0]) if args else None
        return ("tuple", inner) if inner else None
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in typing.get_args(annotation):
            if arg is not type(None):
                found = _kind(arg)
                if found:
                    return found
    return None


def text_paths(
    model: type[BaseModel], value: object, path: tuple = ()
) -> typing.Iterator[tuple[tuple, str]]:
    """(path, kind) of every text value in ``value`` (loaded YAML) for ``model``."""
    if not isinstance(value, dict):
        return
    for name, info in model.model_fields.items():
        if name not in value:
            continue
        yield from _walk(_kind(info.annotation, info.metadata), value[name], path + (name,))


def _walk(kind: object, value: object, path: tuple) -> typing.Iterator[tuple[tuple, str]]:
    if kind in ("line", "prose", "quote") and isinstance(value, str):
        yield path, kind  # type: ignore[misc]
    elif isinstance(kind, type) and issubclass(kind, BaseModel):
        yield from text_paths(kind, value, path)
    elif isinstance(kind, tuple) and isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(kind[1], item, path + (index,))


def _set(tree: dict, path: tuple, value: str) -> None:
    for key in path[:-1]:
        tree = tree[key]
    tree[path[-1]] = value


def _files(data: Path) -> typing.Iterator[tuple[Path, type[BaseModel]]]:
    yield data / "campaign.yaml", Campaign
    for collection, model in COLLECTIONS.items():
        for path in sorted((data / collection).glob("*.yaml")):
            yield path, model


def accepted(value: str, kind: str) -> str:
    """``value`` reduced until the validator and the prose link rule accept it."""
    check = {"line": fields.check_line, "prose": fields.check_prose, "quote": fields.check_quote}[
        kind
    ]
    if kind == "line":
        value = (
            value.replace("<", "").replace(">", "").replace("\n", " ").strip()[: fields.MAX_LINE]
        )
    value = "".join(c for c in value if c in "\n " or c.isprintable())
    if kind != "line" and list(prose_link_problems(value)):
        # The link itself is refused at validate time; its backslash-escaped form is the
        # attack on a second Markdown pass, so that is what gets built.
        value = re.sub(r"([\[\]<>!])", r"\\\1", value)
    if kind == "quote":
        value = " ".join(value.split()[: fields.MAX_QUOTE_WORDS])
    value = value.strip() or "x"
    try:
        check(value)
    except PydanticCustomError:
        return "x"
    return value


def _get(tree: object, path: tuple) -> object:
    for key in path:
        tree = tree[key]  # type: ignore[index]
    return tree


def inject(data: Path, payloads: list[str]) -> int:
    """Put payloads (cycled) into every text field of every record; return how many. A field
    that a cross-record rule ties to a fixed value (a state's name) gets its value back when
    validation names it, so the rest of the site still builds."""
    from watched.pipeline.validate import validate

    originals, trees, count = {}, {}, 0
    for path, model in _files(data):
        tree = yaml.safe_load(path.read_text("utf-8"))
        originals[path] = yaml.safe_load(path.read_text("utf-8"))
        for where, kind in list(text_paths(model, tree)):
            _set(tree, where, accepted(payloads[count % len(payloads)], kind))
            count += 1
        trees[path] = tree
    for _ in range(3):
        for path, tree in trees.items():
            header = path.read_text("utf-8").splitlines()[0]
            path.write_text(
                header + "\n" + yaml.safe_dump(tree, allow_unicode=True, sort_keys=False), "utf-8"
            )
        problems = validate(data, data.parent).problems
        if not problems:
            break
        for problem in problems:
            field = re.match(r"([\w.\[\]]+) must", problem.message)
            path = data.parent / problem.path
            assert field and path in trees, str(problem)
            where = tuple(int(k) if k.isdigit() else k for k in re.findall(r"\w+", field.group(1)))
            _set(trees[path], where, _get(originals[path], where))
            count -= 1
    return count


def test_the_walk_finds_text_fields_of_every_collection():
    found = {}
    for path, model in _files(FIXTURES / "valid"):
        tree = yaml.safe_load(path.read_text("utf-8"))
        for where, kind in text_paths(model, tree):
            found.setdefault(path.parent.name if model is not Campaign else "campaign", set()).add(
                kind
            )
    assert set(found) == {*COLLECTIONS, "campaign"}
    assert any("prose" in kinds for kinds in found.values()) and any(
        "quote" in kinds for kinds in found.values()
    )


# ---------------------------------------------------------------- reading the site


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self._script: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script, self._text = attributes, []

    def handle_data(self, data):
        if self._script is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._text)))
            self._script = None


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    page.close()
    return page


URL_ATTRIBUTES = {
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "xlink:href",
    "background",
    "cite",
    "ping",
}
LOADING = {
    "script",
    "img",
    "iframe",
    "frame",
    "embed",
    "object",
    "source",
    "video",
    "audio",
    "track",
    "input",
    "image",
    "use",
}


def _scheme(value: str) -> str:
    cleaned = re.sub(r"[\x00-\x20]", "", value).lower()
    return cleaned.split(":", 1)[0] if ":" in cleaned.split("/", 1)[0] else ""


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def page_problems(page: Page, clean: Page | None) -> list[str]:
    problems = []
    policy = ""
    for tag, attributes in page.elements:
        for name, value in attributes.items():
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>")
            url = name in URL_ATTRIBUTES or (
                tag == "meta" and name == "content" and attributes.get("http-equiv")
            )
            if url and _scheme(value) in ("javascript", "data", "vbscript"):
                problems.append(f"<{tag} {name}={value[:60]!r}>")
        loads = tag in LOADING or (
            tag == "link"
            and set(attributes.get("rel", "").split())
            & {"stylesheet", "preload", "modulepreload", "icon", "manifest", "prefetch"}
        )
        for name in ("src", "href", "srcset", "data", "poster"):
            value = attributes.get(name, "").strip()
            if loads and value and re.match(r"([a-z][a-z0-9+.-]*:|//)", value, re.IGNORECASE):
                problems.append(f"<{tag} {name}={value[:60]!r}> loads from another origin")
        if tag == "meta" and "http-equiv" in attributes:
            equiv = attributes["http-equiv"].lower()
            if equiv == "content-security-policy":
                policy = attributes.get("content", "")
            elif not (equiv == "refresh" and clean and ("meta", attributes) in clean.elements):
                problems.append(f"<meta http-equiv={equiv!r}>")
    for tag, attributes in page.elements:
        if tag in (
            "iframe",
            "frame",
            "embed",
            "object",
            "form",
            "base",
            "style",
            "svg",
        ) and tag not in {t for t, _ in (clean.elements if clean else [])}:
            problems.append(f"<{tag}> not in the clean page")
    inline = [
        text
        for attributes, text in page.scripts
        if "src" not in attributes
        and attributes.get("type", "") in ("", "text/javascript", "module")
    ]
    for text in inline:
        if f"'{_hash(text)}'" not in policy:
            problems.append(f"inline script not allowed by the page's CSP: {text[:60]!r}")
    if clean is not None:
        shape = lambda p: sorted(a.get("src", "inline") + a.get("type", "") for a, _ in p.scripts)  # noqa: E731
        if shape(page) != shape(clean):
            problems.append(f"scripts differ from the clean page: {shape(page)} vs {shape(clean)}")
    return problems


def export_problems(site: Path) -> list[str]:
    problems: list[str] = []
    checked = 0
    for path in sorted(site.rglob("*")):
        suffix = path.suffix
        if suffix not in (
            ".atom",
            ".xml",
            ".ics",
            ".csv",
            ".json",
            ".geojson",
        ) or path.name.startswith("sitemap"):
            continue
        checked += 1
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        try:
            if suffix in (".atom", ".xml"):
                ElementTree.fromstring(raw)
            elif suffix in (".json", ".geojson"):
                json.loads(text)
            elif suffix == ".csv":
                rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
                assert len({len(row) for row in rows}) <= 1, "rows of different lengths"
            elif suffix == ".ics":
                assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
                lines = text.split("\r\n")[:-1]
                for line in lines:
                    assert len(line.encode()) <= 75, f"line longer than 75 octets: {line[:40]!r}"
                    assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f]", line), (
                        f"control character in {line[:40]!r}"
                    )
                unfolded = [line for line in lines if not line.startswith((" ", "\t"))]
                assert all(re.match(r"[A-Z][A-Z0-9-]*[;:]", line) for line in unfolded)
                assert unfolded.count("BEGIN:VEVENT") == unfolded.count("END:VEVENT")
        except Exception as error:  # noqa: BLE001 - every kind of parse failure is a finding
            problems.append(f"{path.relative_to(site)}: {type(error).__name__}: {error}")
    assert checked >= 5, "the exports were not found"
    return problems


@pytest.fixture(scope="module")
def clean_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("clean") / "project", FIXTURES / "valid")
    build(project)
    return project.site


def site_problems(site: Path, clean: Path) -> list[str]:
    problems = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        relative = path.relative_to(site)
        clean_path = clean / relative
        for problem in page_problems(
            parse(path), parse(clean_path) if clean_path.exists() else None
        ):
            problems.append(f"{relative}: {problem}")
    return problems + export_problems(site)


def test_the_clean_site_passes_the_same_checks(clean_site):
    assert site_problems(clean_site, clean_site) == []


# ---------------------------------------------------------------- quotes in the theme

QUOTES = "Q\"'&amp;&lt;b&gt;"


def test_quotes_in_every_one_line_field_stay_inside_attributes(tmp_path, clean_site):
    project = copy_project(tmp_path / "project", FIXTURES / "valid")
    assert inject(project.data, [QUOTES]) > 30
    build(project)
    assert site_problems(project.site, clean_site) == []
    checked = 0
    for path in sorted(project.site.rglob("*.html")):
        page = parse(path)
        for tag, attributes in page.elements:
            if tag == "meta":
                assert set(attributes) <= {
                    "name",
                    "property",
                    "content",
                    "http-equiv",
                    "charset",
                }, (path, attributes)
                content = attributes.get("content", "")
                if 'Q"' in content:
                    # The whole value arrived as text: quotes, the ampersand and the
                    # entity-looking text exactly as written in the YAML.
                    assert QUOTES in content, (path, content)
                    checked += 1
    assert checked > 30


# ---------------------------------------------------------------- the fuzzer

ATOMS = [
    "[x](javascript:alert(1))",
    "\\[x\\](javascript:alert(1))",
    "![t](https://tracker.example/p.gif)",
    "\\!\\[t\\](https://tracker.example/p.gif)",
    "{: onerror=alert(1) }",
    "\\{: onclick=alert(1) \\}",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "&lt;script&gt;",
    "&#60;b&#62;",
    "&amp;",
    "<a href='data:text/html,x'>d</a>",
    "[v](vbscript:x)",
    "[d](data:text/html;base64,PHNjcmlwdD4=)",
    '"',
    "'",
    "`code`",
    "``",
    "{{ 7*7 }}",
    "{% raw %}",
    '--8<-- "README.md"',
    "<!-- c -->",
    "<https://example.org>",
    "<javascript:alert(1)>",
    "*",
    "_",
    "#",
    "|",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "\ufffe",
    "\uffff",
    "\u2028",
    "\u202e",
    "\u200b",
    "\x00",
    "\x1b",
    "\ufdd0",
    "<meta http-equiv=refresh content='0;url=https://evil.example'>",
    "<base href=https://evil.example/>",
    "<svg onload=alert(1)>",
    "<iframe src=https://evil.example></iframe>",
    "<style>*{}</style>",
    "[x]: javascript:alert(1)",
    "\n\n    indented code",
    "\n- list\n",
    "\n# heading\n",
    "> quote",
    "<div markdown=1>[x](javascript:a)</div>",
    "x\n{: #id onclick=y }",
    "\u0000",
    "\U0010ffff",
]
payload = st.lists(
    st.one_of(
        st.sampled_from(ATOMS),
        st.text(alphabet=st.sampled_from("[]()<>{}!\\\"'&#;:=*_`|\n x"), max_size=12),
    ),
    min_size=1,
    max_size=6,
).map("".join)


@settings(
    max_examples=FUZZ_BUILDS,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(payloads=st.lists(payload, min_size=3, max_size=12))
def test_hostile_text_in_every_field_renders_inert(tmp_path_factory, clean_site, payloads):
    project = copy_project(tmp_path_factory.mktemp("fuzz") / "project", FIXTURES / "valid")
    assert inject(project.data, payloads) > 30
    build(project)
    assert site_problems(project.site, clean_site) == []


def test_the_checks_can_fail(tmp_path, clean_site):
    """Each assertion above finds the thing it looks for."""
    site = tmp_path / "site"
    shutil.copytree(clean_site, site)
    page = site / "deployments" / "example-county-sheriff-facefinder" / "index.html"
    text = page.read_text("utf-8")
    page.write_text(
        text.replace(
            "</article>",
            "<script>alert(1)</script><a href=' javascript:x' onclick=x>x</a>"
            "<img src='https://tracker.example/p.gif'><meta http-equiv='refresh' content='0'></article>",
        )
    )
    feed = next(site.rglob("*.atom"))
    feed.write_text(feed.read_text().replace("</feed>", "\ufffe</feed>"))
    problems = " ".join(site_problems(site, clean_site))
    for expected in (
        "onclick",
        "javascript",
        "another origin",
        "refresh",
        "inline script not allowed",
        "scripts differ",
        ".atom",
    ):
        assert expected in problems, expected
