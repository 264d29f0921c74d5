"""Plain words for YAML syntax errors, at the line the mistake is on.

PyYAML says where it gave up, in its own terms ("did not find expected key (while parsing a
block mapping)"), and that is often a line or two after the mistake: a 3-space indent on
line 12 is noticed on line 13, a list item written ``-item`` on the line after it. When the
parser gives up, ``diagnose`` reads the lines up to that point as a person would and names the
first line that breaks a rule a contributor can act on:

* indentation: a line that lines up with no field above it (fields at one level must start
  in the same column); when the first line of a block is the odd one out (3 spaces, then 2,
  where the files use 2 per level), the first line is named;
* a list item with no space after ``-``;
* a quote that is never closed, or text after a closing quote;
* on the line where the parser stopped: text with ``': '`` or starting with a character YAML
  reserves (``[ { @ * & ! | > % ` ?``) that needs quotes, and curly quotes used as quotes.

Every message says what to write instead. This runs only on a file that already failed to
parse, so a wrong guess can never reject a valid file; when no rule applies, ``diagnose``
returns None and the parser's own message is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Finding = tuple[int, int, str]
"""1-based line and column, and the message."""

_KEY = re.compile(r"""(?P<key>[A-Za-z_][A-Za-z0-9_-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?=[ \t]|$)""")
_KEY_WITHOUT_SPACE = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?![/\s])")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(#.*)?$")
_MISSING_DASH_SPACE = re.compile(r"-(?=[^\s\-0-9.])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")
_CURLY_OPEN = "“‘"
_CURLY_CLOSE = "”’"
_RESERVED_START = "[]{}@`%*&!|>?"


def spaces(count: int) -> str:
    return "no spaces" if count == 0 else "1 space" if count == 1 else f"{count} spaces"


def quoted(text: str) -> str:
    """``text`` as a YAML quoted scalar a contributor can copy: double quotes when it has no
    double quote or backslash, otherwise single quotes (a ' inside is doubled)."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _write(key: str | None, value: str) -> str:
    """The line to write instead, for a message: ``title: "..."``, or ``- "..."`` for an item."""
    return f"{key}: {value}" if key else f"- {value}"


@dataclass
class _Level:
    """One open block: the column its lines start at, the nearest line seen there, and what
    that line begins with (for messages: 'status:' or '- ')."""

    indent: int
    line: int
    label: str
    first: int
    opened_by: tuple[int, int, str] | None = None
    """For a block that begins on the line after 'key:' or '-': that line's indentation,
    number and label; (-2, 0, '') for the top level, which must start in column 1."""


@dataclass
class _Quote:
    char: str
    line: int
    column: int
    key: str | None
    text: str


class _Scanner:
    """Reads lines the way a block-style YAML file is laid out, stopping at the first line
    that breaks a rule (``finding``)."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.levels: list[_Level] = []
        self.opened = False  # the previous line ends in 'key:' or '-' with nothing after it
        self.block: int | None = (
            None  # inside a | or > block: its lines are indented more than this
        )
        self.block_text: _Level | None = None  # the block's first line of text
        self.quote: _Quote | None = None  # inside quoted text that continues on the next line
        self.flow: tuple[int, int, str] | None = None  # inside [ ] or { } that continues
        self.flow_depth = 0
        self.item_expected = False

    def run(self, until: int) -> Finding | None:
        for number, raw in enumerate(self.lines[:until], 1):
            finding = self._line(number, raw)
            if finding:
                return finding
        return None

    def _line(self, number: int, raw: str) -> Finding | None:
        if self.quote:
            return self._inside_quote(number, raw)
        if self.flow_depth > 0:
            self.flow_depth = _depth(raw, self.flow_depth)
            if self.flow_depth <= 0:
                self.flow = None
            return None
        content = raw.lstrip(" ")
        if not content.strip():
            return None
        indent = len(raw) - len(content)
        if self.block is not None:
            text = self.block_text
            if text is None and indent > self.block and not content.startswith("#"):
                self.block_text = _Level(indent, number, "the text", number)
                return None
            if text is not None and self.block < indent < text.indent:
                if text.line == text.first and indent == self.block + 2:
                    # The block's first line is the odd one: 3 spaces, then 2.
                    return (
                        text.first,
                        text.indent + 1,
                        (
                            f"indentation must line up with the text on line {number} ({spaces(indent)}); "
                            f"this line has {text.indent}"
                        ),
                    )
                return _misaligned(number, indent, [text])
            if text is not None and indent == text.indent:
                text.line = number
            if indent > self.block:
                return None
            self.block = None
        if content.startswith("#"):
            return None
        if content.rstrip() in ("---", "..."):
            return None
        return self._indentation(number, indent, content) or self._content(number, indent, content)

    def _inside_quote(self, number: int, raw: str) -> Finding | None:
        quote = self.quote
        assert quote is not None
        end = _closing(raw, 0, quote.char)
        if end is None:
            return None
        self.quote = None
        after = raw[end + 1 :].strip()
        if after and not after.startswith("#"):
            # The quote "closed" inside a later line: it was never closed where it began.
            return unclosed_quote(quote)
        return None

    # ------------------------------------------------------------ indentation

    def _indentation(self, number: int, indent: int, content: str) -> Finding | None:
        is_item = content.startswith("-") and not content.startswith("---")
        label = "'- '" if is_item else _label(content)
        opened, self.opened = self.opened, False
        levels = self.levels
        if not levels:
            levels.append(_Level(indent, number, label, number, (-2, 0, "")))
            return None
        top = levels[-1]
        self.item_expected = opened or (indent == top.indent and top.label == "'- '")
        if opened and indent > top.indent:
            levels.append(_Level(indent, number, label, number, (top.indent, top.line, top.label)))
            return None
        if indent == top.indent:
            top.line, top.label = number, label
            return None
        if indent > top.indent:
            if is_item or _KEY.match(content) or _KEY_WITHOUT_SPACE.match(content):
                return self._odd_block(number, indent, label) or _misaligned(number, indent, [top])
            return None  # the next line of a plain text value
        if not any(level.indent == indent for level in levels):
            odd = self._odd_block(number, indent, label)
            if odd:
                return odd
        popped: list[_Level] = []
        while levels and levels[-1].indent > indent:
            popped.append(levels.pop())
        if levels and levels[-1].indent == indent:
            levels[-1].line, levels[-1].label = number, label
            self.item_expected = levels[-1].label == "'- '" and is_item
            return None
        return _misaligned(number, indent, [popped[-1]] + ([levels[-1]] if levels else []))

    def _odd_block(self, number: int, indent: int, label: str) -> Finding | None:
        """The first line of a block, when it alone is off (3 spaces where the files use 2 per
        level) and this line, which lines up with nothing, would line up without it."""
        for position in range(len(self.levels) - 1, -1, -1):
            level = self.levels[position]
            if level.opened_by is None or level.line != level.first:
                continue
            parent_indent, parent_line, parent_label = level.opened_by
            shift = parent_indent + 2 - level.indent
            if shift == 0:
                continue
            shifted = {other.indent + shift for other in self.levels[position:]}
            shifted |= {other.indent for other in self.levels[:position]}
            if indent not in shifted:
                continue
            if parent_line == 0:
                message = f"a top-level field must start at the beginning of the line; this line has {spaces(level.indent)}"
            elif indent == level.indent + shift:
                message = (
                    f"indentation must line up with {label} on line {number} ({spaces(indent)}); "
                    f"this line has {level.indent}"
                )
            else:
                message = (
                    f"indentation must be {spaces(parent_indent + 2)}, 2 more than {parent_label} "
                    f"on line {parent_line}; this line has {level.indent}"
                )
            return level.first, level.indent + 1, message
        return None

    # ------------------------------------------------------------ what a line holds

    def _content(self, number: int, indent: int, content: str) -> Finding | None:
        column = indent
        rest = content
        while rest.startswith("-"):
            if rest == "-" or rest[1] in " \t":
                after = rest[1:]
                column += 1 + len(after) - len(after.lstrip(" \t"))
                rest = after.lstrip(" \t")
                if not rest or rest.startswith("#"):
                    self.opened = True
                    return None
                item_key = _KEY.match(rest)
                if item_key:
                    self.levels.append(
                        _Level(column, number, f"'{_unquote(item_key.group('key'))}:'", number)
                    )
                elif _KEY_WITHOUT_SPACE.match(rest):
                    return _glued(number, column, rest)
                continue
            if self.item_expected and _MISSING_DASH_SPACE.match(rest):
                return (
                    number,
                    column + 1,
                    f"a list item must have a space after '-': write '- {rest[1:].rstrip()}'",
                )
            break
        match = _KEY.match(rest)
        if not match:
            if _KEY_WITHOUT_SPACE.match(rest) and self.levels and self.levels[-1].indent == column:
                return _glued(number, column, rest)
            return self._value(number, column, rest, None, column)
        key = _unquote(match.group("key"))
        value = rest[match.end() :]
        stripped = value.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            self.opened = True
            return None
        value_column = column + match.end() + len(value) - len(stripped)
        return self._value(number, value_column, stripped, key, column)

    def _value(
        self, number: int, column: int, value: str, key: str | None, key_column: int
    ) -> Finding | None:
        if _BLOCK_SCALAR.match(value):
            self.block, self.block_text = key_column, None
            return None
        first = value[0]
        if first in "\"'":
            end = _closing(value, 1, first)
            if end is None:
                self.quote = _Quote(first, number, column, key, value[1:].rstrip())
                return None
            after = value[end + 1 :].strip()
            if after and not after.startswith("#") and not (key is None and after[0] in ",]}"):
                intended = (
                    value[1:-1]
                    if len(value) > 1 and value.rstrip()[-1] == first
                    else value.rstrip()
                )
                return (
                    number,
                    column + 1,
                    "text after the closing quote must be inside the quotes: write "
                    + _write(key, quoted(intended)),
                )
            return None
        if first in "[{":
            depth = _depth(value, 0)
            if depth > 0:
                self.flow_depth = depth
                self.flow = (number, column + 1, first)
        return None


def _glued(number: int, column: int, rest: str) -> Finding:
    name, _, value = rest.partition(":")
    return (
        number,
        column + len(name) + 2,
        f"a field name must be followed by a space after ':': write {name}: {value.rstrip()}",
    )


def _label(content: str) -> str:
    match = _KEY.match(content) or _KEY_WITHOUT_SPACE.match(content)
    return f"'{_unquote(match.group(1))}:'" if match else "the text"


def _unquote(key: str) -> str:
    return key[1:-1] if key[:1] in "\"'" else key


def _misaligned(number: int, indent: int, candidates: list[_Level]) -> Finding:
    where = " or ".join(
        f"{level.label} on line {level.line} ({spaces(level.indent)})" for level in candidates
    )
    return number, indent + 1, f"indentation must line up with {where}; this line has {indent}"


def _closing(text: str, start: int, quote: str) -> int | None:
    """Index of the quote that closes quoted text, from ``start``; None if the line has none."""
    index = start
    while index < len(text):
        char = text[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and text[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None


def _depth(text: str, depth: int) -> int:
    """Bracket depth after ``text``, ignoring brackets inside quotes and comments."""
    index = 0
    while index < len(text):
        char = text[index]
        if char in "\"'":
            end = _closing(text, index + 1, char)
            if end is None:
                return depth
            index = end
        elif char == "#" and (index == 0 or text[index - 1] in " \t"):
            return depth
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
        index += 1
    return depth


def unclosed_quote(quote: _Quote) -> Finding:
    mark = '"' if quote.char == '"' else "'"
    return (
        quote.line,
        quote.column + 1,
        f"the quote ({mark}) that starts this text must be closed: write "
        + _write(quote.key, quoted(quote.text)),
    )


def _on_error_line(raw: str, problem: str) -> tuple[int, str] | None:
    """Rules that only apply where the parser stopped: the value's own text needs quotes.
    Returns the column and the message."""
    content = raw.lstrip(" ")
    column = len(raw) - len(content)
    item = False
    while content.startswith("- ") or content == "-":
        after = content[1:]
        column += 1 + len(after) - len(after.lstrip(" "))
        content, item = after.lstrip(" "), True
    match = _KEY.match(content)
    key = _unquote(match.group("key")) if match else None
    value = content[match.end() :] if match else content
    stripped = value.lstrip(" \t").rstrip()
    if not stripped or not (match or item):
        # Not a field or a list item: the next line of a text, or a stray character.
        if stripped and "mapping values are not allowed" in problem:
            return column + 1, "text that contains ': ' must be in quotes"
        return None
    value_column = (
        column + (match.end() if match else 0) + len(value) - len(value.lstrip(" \t")) + 1
    )
    if stripped[0] in _CURLY_OPEN:
        inner = stripped[1:-1] if stripped[-1] in _CURLY_CLOSE else stripped[1:]
        return (
            value_column,
            "quotes around text must be straight (\" or '), not curly (“ ” ‘ ’): write "
            + _write(key, quoted(inner)),
        )
    if "mapping values are not allowed" in problem:
        return (
            value_column,
            "text that contains ': ' must be in quotes: write " + _write(key, quoted(stripped)),
        )
    if stripped[0] in _RESERVED_START:
        return (
            value_column,
            f"text that starts with '{stripped[0]}' must be in quotes: write "
            + _write(key, quoted(stripped)),
        )
    return None


def diagnose(
    text: str, line: int, problem: str, context: str, context_line: int | None
) -> Finding | None:
    """What a person would say about the YAML error the parser reported at ``line``."""
    lines = _LINE_BREAK.split(text)
    scanner = _Scanner(lines)
    finding = scanner.run(min(line, len(lines)))
    if finding:
        return finding
    if scanner.quote is not None:
        return unclosed_quote(scanner.quote)
    if scanner.flow is not None and "flow" in context:
        number, column, bracket = scanner.flow
        closing = "]" if bracket == "[" else "}"
        what = "list" if bracket == "[" else "mapping"
        return (
            number,
            column,
            f"the {what} that starts with '{bracket}' must be closed with '{closing}'",
        )
    if "quoted scalar" in context and context_line:
        return context_line, 1, "the quote that starts on this line must be closed"
    if 0 < line <= len(lines):
        found = _on_error_line(lines[line - 1], problem)
        if found:
            return line, found[0], found[1]
    return None
