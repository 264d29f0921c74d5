"""Load step, part 1: the bytes of one YAML file -> plain values, with the position of every node.

Contributors write these files by hand, and anyone can open a pull request, so the reader is
strict and defensive:

* safe composition only: no tag (``!!python/object``, ``!!binary``, ``!foo``) is ever honoured;
  any explicit tag is an error and nothing is constructed from it;
* a mapping may not repeat a key (PyYAML would silently keep the last one);
* plain scalars follow the YAML 1.2 core schema, so ``yes/no/on/off/y/n`` stay text and the
  models reject them where true/false is meant; dates stay text for the models to parse;
* size, nesting depth and alias expansion are bounded, so a "billion laughs" file fails fast;
* non-UTF-8 bytes, tabs, empty files and malformed YAML are reported with their line;
* the parser's own words ("did not find expected key") are translated into what to change, at
  the line the mistake is on (``yamlhints``): a line indented unlike its neighbours, a list
  item with no space after '-', text with ': ' or a leading special character that needs
  quotes, curly quotes used as quotes, a quote never closed or text after a closing quote;
* a comment after a plain text value (``title: Springfield police #1 in the state``) is an
  error: YAML would silently drop the words after ' #' from a published page.

The result is a ``Document``: the value tree (dicts, lists, str, int, float, bool, None) and a
table from each node's path (``("timeline", 2, "date")``) to its 1-based line and column.
"""

from __future__ import annotations

import re

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .yamlhints import diagnose, quoted

MAX_FILE_BYTES = 256 * 1024
MAX_NODES = 20_000
MAX_DEPTH = 32

Path = tuple[str | int, ...]
Position = tuple[int, int]

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_PLAIN = "watched:plain"
_QUOTED = "watched:quoted"
_IMPLICIT_COLLECTIONS = {"watched:seq", "watched:map"}


class YamlProblem(Exception):
    """A file that cannot be read as one strict YAML mapping."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[type[YamlProblem], tuple[str, int, int]]:
        # Documents parsed in worker processes carry their problems back whole.
        return (YamlProblem, (self.message, self.line, self.column))


class Document:
    """The plain value of one file and, on demand, where each of its nodes stands.

    Positions are needed only to report a problem, so they are computed the first time one
    is asked for (by composing the text again), not for each of 15,000 valid files.
    """

    def __init__(self, value: object, text: str, problems: list[YamlProblem] | None = None) -> None:
        self.value = value
        self.text = text
        self.problems: list[YamlProblem] = problems or []
        """Mistakes in a file that parsed: text that YAML silently dropped as a comment."""
        self._positions: dict[Path, Position] | None = None
        self._key_positions: dict[Path, Position] = {}

    @property
    def positions(self) -> dict[Path, Position]:
        if self._positions is None:
            builder = _Builder(record_positions=True)
            builder.build(_compose(self.text), ())
            self._positions = builder.positions
            self._key_positions = builder.key_positions
        return self._positions

    @property
    def key_positions(self) -> dict[Path, Position]:
        _ = self.positions
        return self._key_positions

    def position(self, path: Path) -> Position:
        """The position of ``path``, or of its nearest ancestor that exists in the file."""
        for end in range(len(path), -1, -1):
            found = self.positions.get(tuple(path[:end]))
            if found:
                return found
        return (1, 1)

    def key_position(self, path: Path) -> Position:
        """Where the key that names ``path`` stands (its value may be missing or elsewhere)."""
        return self.key_positions.get(tuple(path)) or self.position(path)


class _Resolver(yaml.resolver.BaseResolver):
    """Marks every untagged node as plain or quoted, so an explicit tag can be told apart."""

    def resolve(self, kind, value, implicit):  # type: ignore[no-untyped-def]  # overrides an unannotated PyYAML method
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _QUOTED
        return "watched:seq" if kind is SequenceNode else "watched:map"


class _PureLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    _Resolver,
):
    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _Resolver.__init__(self)


if yaml.__with_libyaml__:
    # libyaml composes about ten times faster, which matters at 15,000 files, and bounds
    # flow nesting itself; its errors carry the same marks as the pure-Python parser's.
    # yaml.cyaml.CParser is this class; the yaml.cyaml stub does not re-export it.
    from yaml._yaml import CParser

    class _CLoader(CParser, _Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _Resolver.__init__(self)

    _Loader: type = _CLoader
else:  # pragma: no cover - every supported platform ships libyaml wheels
    _Loader = _PureLoader


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, or a problem naming the line and column of the first bad byte."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            f"file must be UTF-8 text; byte 0x{raw[error.start]:02x} is not valid UTF-8",
            line,
            column,
        ) from None


def parse(raw: bytes) -> Document:
    """Parse the bytes of one data file into a ``Document`` or raise ``YamlProblem``."""
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(
            f"file must be at most {MAX_FILE_BYTES // 1024} KiB, it is {len(raw) // 1024} KiB; "
            "split long text into separate records"
        )
    text = decode(raw)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise YamlProblem("file must not be empty: it must hold one record (a YAML mapping)")
    root = _compose(text)
    value = _Builder().build(root, ())
    if not isinstance(value, dict):
        line, column = _mark(root)
        raise YamlProblem(
            "file must hold one record: a mapping of field names to values", line, column
        )
    return Document(
        value, text, _dropped_comments(root, text) if _MAYBE_COMMENT.search(text) else []
    )


def _compose(text: str) -> Node:
    loader = _Loader(text)
    try:
        root: Node | None = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _explain(error, text) from None
    except yaml.YAMLError as error:  # ReaderError has no problem_mark
        position = getattr(error, "position", None)
        line, column = _line_column(text, position) if position is not None else (1, 1)
        raise YamlProblem(
            f"file must be valid YAML: {_reader_message(error)}", line, column
        ) from None
    except RecursionError:
        raise YamlProblem(f"nesting must be at most {MAX_DEPTH} levels deep") from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem("file must not be empty: it must hold one record (a YAML mapping)")
    return root


def _reader_message(error: yaml.YAMLError) -> str:
    character = getattr(error, "character", None)
    if isinstance(character, str):
        return f"control character {ord(character):#06x} is not allowed"
    return str(error).splitlines()[0]


def _line_column(text: str, offset: int) -> Position:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _explain(error: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or "malformed YAML").strip()
    context = (error.context or "").strip()
    lines = text.splitlines()
    source_line = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in source_line or "'\\t'" in problem:
        return YamlProblem("indentation must use spaces, not tabs", line, column)
    if "expected a single document" in context or "but found another" in problem:
        return YamlProblem(
            "file must hold exactly one YAML document (remove the '---')", line, column
        )
    if "nesting depth" in problem:
        return YamlProblem(f"nesting must be at most {MAX_DEPTH} levels deep", line, column)
    context_line = error.context_mark.line + 1 if error.context_mark else None
    found = diagnose(text, line, problem, context, context_line)
    if found:
        return YamlProblem(found[2], found[0], found[1])
    return YamlProblem(
        f"file must be valid YAML: {problem}{f' ({context})' if context else ''}", line, column
    )


def _mark(node: Node) -> Position:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed nodes into plain values, counting every node so aliases cannot explode.

    With ``record_positions`` it also notes where every node and key stands, by path.
    """

    def __init__(self, record_positions: bool = False) -> None:
        self.record_positions = record_positions
        self.positions: dict[Path, Position] = {}
        self.key_positions: dict[Path, Position] = {}
        self.count = 0

    def build(self, node: Node, path: Path) -> object:
        self.count += 1
        if self.count > MAX_NODES:
            line, column = _mark(node)
            raise YamlProblem(
                f"file must have at most {MAX_NODES} values after expanding aliases "
                "(anchors '&' and aliases '*' multiply the size)",
                line,
                column,
            )
        if len(path) > MAX_DEPTH:
            line, column = _mark(node)
            raise YamlProblem(f"nesting must be at most {MAX_DEPTH} levels deep", line, column)
        tag = node.tag
        if tag is _PLAIN or tag is _QUOTED or tag == _PLAIN or tag == _QUOTED:
            if self.record_positions:
                self.positions[path] = _mark(node)
            return _scalar(node)  # type: ignore[arg-type]  # a plain node here is always a ScalarNode
        if tag not in _IMPLICIT_COLLECTIONS:
            line, column = _mark(node)
            raise YamlProblem(
                f"YAML tags must not be used, found {tag!r}; write the plain value",
                line,
                column,
            )
        if self.record_positions:
            self.positions[path] = _mark(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        result: dict[str, object] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = self._key(key_node)
            if key in result:
                line, column = _mark(key_node)
                raise YamlProblem(
                    f"key {key!r} must appear only once in a mapping "
                    f"(first at line {key_lines[key]}); merge the two entries",
                    line,
                    column,
                )
            key_lines[key] = key_node.start_mark.line + 1
            if self.record_positions:
                self.key_positions[path + (key,)] = _mark(key_node)
            result[key] = self.build(value_node, path + (key,))
        return result

    def _key(self, node: Node) -> str:
        if not isinstance(node, ScalarNode) or node.tag not in (_PLAIN, _QUOTED):
            line, column = _mark(node)
            raise YamlProblem("keys must be plain names, not lists, mappings or tags", line, column)
        if node.value == "<<" and node.tag == _PLAIN:
            line, column = _mark(node)
            raise YamlProblem(
                "merge keys ('<<') must not be used; write the fields out", line, column
            )
        return str(node.value)


_MAYBE_NUMBER = frozenset("0123456789+-.")
_MAX_DIGITS = 30  # far above any figure (10^12), far below Python's int-from-text limit


def _scalar(node: ScalarNode) -> object:
    text = node.value
    if node.tag == _QUOTED or node.style in ("|", ">"):
        return text
    if text and text[0] not in _MAYBE_NUMBER and len(text) > 5:
        return text  # no null, boolean or number is longer than five characters here
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        if len(text) > _MAX_DIGITS:
            line, column = _mark(node)
            raise YamlProblem(
                f"numbers must have at most {_MAX_DIGITS} digits, this one has {len(text)}",
                line,
                column,
            )
        return int(text)
    if _FLOAT.fullmatch(text):  # the pattern requires at least one digit
        return float(text)
    return text


# ---------------------------------------------------------------- comments that eat text

_MAYBE_COMMENT = re.compile(r"[ \t]#")
_COMMENT_AFTER = re.compile(r"[ \t]+#")
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")


def _dropped_comments(root: Node, text: str) -> list[YamlProblem]:
    """Every plain value followed by `` #...`` on its line, where words may have been lost.

    In YAML `` #`` starts a comment, so ``agency: Springfield police #1 in the state`` is
    read as "Springfield police" and ``title: #1 user`` as an empty title, without a word.
    A published page must not silently lose words, so this is an error, except where the
    value before the comment is complete by its form: a number, true/false or a date
    (``as_of: 2019  # the article's date``). A comment on a line of its own, or after a
    quoted value, a ``[list]`` or a ``|``/``>`` block, is never a problem.
    """
    lines = text.splitlines()
    found: list[YamlProblem] = []
    stack: list[tuple[Node, str | None]] = [(root, None)]
    while stack:
        node, key = stack.pop()
        if isinstance(node, MappingNode):
            stack.extend((value, str(key_node.value)) for key_node, value in reversed(node.value))
        elif isinstance(node, SequenceNode):
            stack.extend((item, None) for item in reversed(node.value))
        elif isinstance(node, ScalarNode) and node.tag == _PLAIN:
            end = node.end_mark
            after = _COMMENT_AFTER.match(text, end.index)
            if not after:
                continue
            value = _scalar(node)
            if isinstance(value, (int, float)) or (isinstance(value, str) and _DATE.match(value)):
                continue
            found.append(_dropped(node, key, after.end() - 1 - end.index, lines))
    return found


def _dropped(node: ScalarNode, key: str | None, gap: int, lines: list[str]) -> YamlProblem:
    start, end = node.start_mark, node.end_mark
    line, column = end.line + 1, end.column + gap + 1
    message = "text after # is a comment and was dropped; put the whole value in quotes"
    if start.line != end.line or end.line >= len(lines):
        return YamlProblem(message, line, column)
    whole = lines[end.line][start.column :].strip()
    if whole[:1] in "“‘":
        whole = whole[1:-1] if whole[-1:] in "”’" else whole[1:]
        message = (
            "text after # is a comment and was dropped; put the whole value in straight quotes "
            "(curly quotes “ ” do not count)"
        )
    written = f"{key}: {quoted(whole)}" if key is not None else f"- {quoted(whole)}"
    return YamlProblem(f"{message}: write {written}", line, column)
