"""Strict YAML loading: hostile and malformed files give one located message, never a crash."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support import FIXTURES
from watched.pipeline.yamlfile import MAX_FILE_BYTES, YamlProblem, parse


def problem_of(text: str | bytes) -> tuple[int, int, str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(YamlProblem) as caught:
        parse(raw)
    return caught.value.line, caught.value.column, caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # code execution and other tags
        (
            'a: !!python/object/apply:os.system ["echo pwned"]\n',
            1,
            4,
            "YAML tags must not be used, found 'tag:yaml.org,2002:python/object/apply:os.system'; write the plain value",
        ),
        (
            "a: !!python/name:os.system\n",
            1,
            4,
            "YAML tags must not be used, found 'tag:yaml.org,2002:python/name:os.system'; write the plain value",
        ),
        (
            "a: !!binary aGVsbG8=\n",
            1,
            4,
            "YAML tags must not be used, found 'tag:yaml.org,2002:binary'; write the plain value",
        ),
        (
            "a: !custom 1\n",
            1,
            4,
            "YAML tags must not be used, found '!custom'; write the plain value",
        ),
        # duplicate keys: PyYAML would silently keep the last one
        (
            "status: active\nagency: x\nstatus: ended\n",
            3,
            1,
            "key 'status' must appear only once in a mapping (first at line 1); merge the two entries",
        ),
        (
            "a:\n  b: 1\n  b: 2\n",
            3,
            3,
            "key 'b' must appear only once in a mapping (first at line 2); merge the two entries",
        ),
        # structure
        ("", 1, 1, "file must not be empty: it must hold one record (a YAML mapping)"),
        (
            "# only a comment\n\n",
            1,
            1,
            "file must not be empty: it must hold one record (a YAML mapping)",
        ),
        ("- a\n- b\n", 1, 1, "file must hold one record: a mapping of field names to values"),
        ("just text\n", 1, 1, "file must hold one record: a mapping of field names to values"),
        ("a: 1\n---\nb: 2\n", 2, 1, "file must hold exactly one YAML document (remove the '---')"),
        ("a:\n\tb: 1\n", 2, 1, "indentation must use spaces, not tabs"),
        ("a: b: c\n", 1, 4, "text that contains ': ' must be in quotes: write a: \"b: c\""),
        ("a: [1, 2\n", 1, 4, "the list that starts with '[' must be closed with ']'"),
        (
            'a: "unterminated\n',
            1,
            4,
            'the quote (") that starts this text must be closed: write a: "unterminated"',
        ),
        (
            "a: *nowhere\n",
            1,
            4,
            "text that starts with '*' must be in quotes: write a: \"*nowhere\"",
        ),
        # what the parser cannot translate keeps its own words
        (
            "a: 1\n]\n",
            2,
            1,
            "file must be valid YAML: did not find expected key (while parsing a block mapping)",
        ),
        ("? [a, b]\n: c\n", 1, 3, "keys must be plain names, not lists, mappings or tags"),
        ("<<: {a: 1}\n", 1, 1, "merge keys ('<<') must not be used; write the fields out"),
        (
            "a: \x07\n",
            1,
            4,
            "file must be valid YAML: unacceptable character #x0007: control characters are not allowed",
        ),
    ],
)
def test_malformed_and_hostile_yaml_is_one_located_problem(text, line, column, message):
    assert problem_of(text) == (line, column, message)


def test_billion_laughs_fails_fast_with_a_limit_message():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    _, _, message = problem_of("\n".join(lines) + "\n")
    assert message.startswith("file must have at most 20000 values after expanding aliases")


def test_recursive_alias_is_bounded():
    _, _, message = problem_of("a: &x [*x]\n")
    assert message == "nesting must be at most 32 levels deep"


def test_deep_flow_nesting_is_refused():
    line, _, message = problem_of("a: " + "[" * 5000 + "\n")
    assert line == 1
    assert "nesting" in message


def test_oversized_file_is_refused_before_parsing():
    _, _, message = problem_of("a: " + "x" * MAX_FILE_BYTES)
    assert message.startswith("file must be at most 256 KiB")


@pytest.mark.parametrize(
    ("raw", "line", "column"),
    [(b"a: caf\xe9\n", 1, 7), (b"a: 1\nb: \xff\xfe\n", 2, 4)],
)
def test_non_utf8_bytes_are_located(raw, line, column):
    got_line, got_column, message = problem_of(raw)
    assert (got_line, got_column) == (line, column)
    assert message.startswith("file must be UTF-8 text; byte 0x")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # YAML 1.1 booleans stay text: the models refuse them where true/false is meant
        ("v: yes", "yes"),
        ("v: no", "no"),
        ("v: on", "on"),
        ("v: off", "off"),
        ("v: y", "y"),
        ("v: n", "n"),
        ("v: Yes", "Yes"),
        # YAML 1.2 core schema
        ("v: true", True),
        ("v: false", False),
        ("v: null", None),
        ("v: ~", None),
        ("v:", None),
        ("v: 300000", 300000),
        ("v: -3", -3),
        ("v: 45.52", 45.52),
        ("v: 1e3", 1000.0),
        # dates and versions stay text for the models to parse
        ("v: 2017-12-01", "2017-12-01"),
        ("v: 2017-12", "2017-12"),
        ("v: 1.2.3", "1.2.3"),
        ("v: 0o17", "0o17"),
        ("v: .inf", ".inf"),
        # quotes always mean text
        ('v: "300000"', "300000"),
        ("v: 'true'", "true"),
        ("v: |\n  12\n", "12\n"),
    ],
)
def test_scalars_follow_the_core_schema(text, expected):
    assert parse(text.encode()).value == {"v": expected}


def test_positions_are_kept_for_every_node():
    document = parse(b"id: x\ntimeline:\n  - date: 2017\n    text: hi\n")
    assert document.position(("timeline", 0, "date")) == (3, 11)
    assert document.key_position(("timeline", 0, "text")) == (4, 5)
    # a path that does not exist points at its nearest ancestor
    assert document.position(("timeline", 0, "missing")) == (3, 5)


def test_utf8_byte_order_mark_is_accepted():
    assert parse(b"\xef\xbb\xbfa: 1\n").value == {"a": 1}


# ---------------------------------------------------------------- syntax errors in plain words

RECORD_START = "id: x\nstatus:\n  value: active\n"


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # indentation: the line that lines up with nothing, not where the parser gave up
        (
            RECORD_START + "   as_of: 2017\n",
            4,
            4,
            "indentation must line up with 'value:' on line 3 (2 spaces); this line has 3",
        ),
        (
            RECORD_START + " as_of: 2017\nsummary: s\n",
            4,
            2,
            (
                "indentation must line up with 'value:' on line 3 (2 spaces) or 'status:' on line 2 "
                "(no spaces); this line has 1"
            ),
        ),
        (
            "id: x\n agency: y\n",
            2,
            2,
            "indentation must line up with 'id:' on line 1 (no spaces); this line has 1",
        ),
        # the first line of a block is the odd one: it is named, not the next line
        (
            "id: x\nstatus:\n   value: active\n  as_of: 2017\n",
            3,
            4,
            "indentation must line up with 'as_of:' on line 4 (2 spaces); this line has 3",
        ),
        (
            "id: x\ntimeline:\n  - date: 2017\n   kind: other\n",
            4,
            4,
            "indentation must line up with 'date:' on line 3 (4 spaces) or '- ' on line 3 (2 spaces); this line has 3",
        ),
        (
            "id: x\nsummary: >-\n  First line\n more\nother: 1\n",
            4,
            2,
            "indentation must line up with the text on line 3 (2 spaces); this line has 1",
        ),
        (
            "id: x\nsummary: >-\n   First line\n  more\nother: 1\n",
            3,
            4,
            "indentation must line up with the text on line 4 (2 spaces); this line has 3",
        ),
        (
            "id: x\ntimeline:\n   - date: 2017\n    kind: other\n",
            3,
            4,
            "indentation must be 2 spaces, 2 more than 'timeline:' on line 2; this line has 3",
        ),
        (
            "# header\n   id: x\nagency: y\n",
            2,
            4,
            "a top-level field must start at the beginning of the line; this line has 3 spaces",
        ),
        (
            "id: x\ntimeline:\n  - date:2017\n    kind: other\n",
            3,
            10,
            "a field name must be followed by a space after ':': write date: 2017",
        ),
        # a list item with no space after '-', reported on its own line, not the next
        (
            "id: x\nsources:\n  - a\n  -b\n  - c\n",
            4,
            3,
            "a list item must have a space after '-': write '- b'",
        ),
        (
            "id: x\nsources:\n  - a\n  -b\nsummary: s\n",
            4,
            3,
            "a list item must have a space after '-': write '- b'",
        ),
        (
            "id: x\ntimeline:\n  -date: 2017\n    kind: other\n",
            3,
            3,
            "a list item must have a space after '-': write '- date: 2017'",
        ),
        # a colon inside text
        (
            "id: x\ntitle: Face recognition: the risks\n",
            2,
            8,
            "text that contains ': ' must be in quotes: write title: \"Face recognition: the risks\"",
        ),
        (
            "id: x\nlist:\n  - A study: the risks: 2019\n",
            3,
            5,
            "text that contains ': ' must be in quotes: write - \"A study: the risks: 2019\"",
        ),
        (
            "id: x\ntimeline:\n  - text: Risks: a study\n",
            3,
            11,
            "text that contains ': ' must be in quotes: write text: \"Risks: a study\"",
        ),
        (
            'id: x\ntitle: He said "no": the risks\n',
            2,
            8,
            "text that contains ': ' must be in quotes: write title: 'He said \"no\": the risks'",
        ),
        (
            "id: x\ntitle:value\nsummary: s\n",
            2,
            7,
            "a field name must be followed by a space after ':': write title: value",
        ),
        # curly quotes are text to YAML, not quotes
        (
            "id: x\ntitle: “Face recognition: the risks”\n",
            2,
            8,
            'quotes around text must be straight (" or \'), not curly (“ ” ‘ ’): write title: "Face recognition: the risks"',
        ),
        (
            "id: x\ntitle: ‘Face recognition: the risks’\n",
            2,
            8,
            'quotes around text must be straight (" or \'), not curly (“ ” ‘ ’): write title: "Face recognition: the risks"',
        ),
        # unbalanced quotes: where the quote opens
        (
            'id: x\ntitle: "Face recognition\nsummary: s\n',
            2,
            8,
            'the quote (") that starts this text must be closed: write title: "Face recognition"',
        ),
        (
            'id: x\ntitle: "Face recognition\nsummary: "s"\n',
            2,
            8,
            'the quote (") that starts this text must be closed: write title: "Face recognition"',
        ),
        (
            "id: x\ntitle: 'It's here'\n",
            2,
            8,
            'text after the closing quote must be inside the quotes: write title: "It\'s here"',
        ),
        (
            'id: x\ntitle: "Face" recognition\n',
            2,
            8,
            "text after the closing quote must be inside the quotes: write title: '\"Face\" recognition'",
        ),
        (
            "id: x\nsources: [a, b\nsummary: s\n",
            2,
            10,
            "the list that starts with '[' must be closed with ']'",
        ),
        # characters YAML reserves at the start of a value
        (
            "id: x\ntitle: [draft] report\n",
            2,
            8,
            "text that starts with '[' must be in quotes: write title: \"[draft] report\"",
        ),
        (
            "id: x\ntitle: @police said\n",
            2,
            8,
            "text that starts with '@' must be in quotes: write title: \"@police said\"",
        ),
        (
            "id: x\ntitle: `code`\n",
            2,
            8,
            "text that starts with '`' must be in quotes: write title: \"`code`\"",
        ),
    ],
)
def test_syntax_errors_are_explained_at_the_line_of_the_mistake(text, line, column, message):
    assert problem_of(text) == (line, column, message)


def test_valid_constructs_before_a_mistake_are_not_blamed():
    # Block text with lines starting '-', quoted text over two lines, a list over two lines
    # and a list under its key at the same indentation are all valid: the mistake is line 16.
    text = (
        "id: x\n"
        "notes: |\n"
        "  -not a list item\n"
        "     indented text\n"
        'title: "two\n'
        '  lines"\n'
        "sources: [a,\n"
        "  b]\n"
        "tags:\n"
        "- a\n"
        "- b\n"
        "status:\n"
        "  value: active  # a comment\n"
        "  note: text it's fine\n"
        "  as_of: 2017\n"
        "   extra: 1\n"
    )
    assert problem_of(text) == (
        16,
        4,
        "indentation must line up with 'as_of:' on line 15 (2 spaces); this line has 3",
    )


# ---------------------------------------------------------------- ' #' eats the rest of a value


def dropped(text: str) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.message) for p in parse(text.encode("utf-8")).problems]


def test_text_after_a_hash_in_a_plain_value_is_an_error():
    assert dropped(
        "id: x\n"
        "agency: Springfield police #1 in the state\n"
        "title: #1 user of face recognition\n"
        "list:\n"
        "  - two words # gone\n"
        "quote: “Best #1: the city”\n"
    ) == [
        (
            2,
            28,
            (
                "text after # is a comment and was dropped; put the whole value in quotes: "
                'write agency: "Springfield police #1 in the state"'
            ),
        ),
        (
            3,
            8,
            (
                "text after # is a comment and was dropped; put the whole value in quotes: "
                'write title: "#1 user of face recognition"'
            ),
        ),
        (
            5,
            15,
            (
                "text after # is a comment and was dropped; put the whole value in quotes: "
                'write - "two words # gone"'
            ),
        ),
        (
            6,
            14,
            (
                "text after # is a comment and was dropped; put the whole value in straight quotes "
                '(curly quotes “ ” do not count): write quote: "Best #1: the city"'
            ),
        ),
    ]


def test_comments_that_lose_nothing_are_fine():
    text = (
        "# yaml-language-server: $schema=x\n"
        "# a line that is only a comment\n"
        "id: x  # no wait: an id is one word, but still text\n"
    )
    assert [message[:30] for _, _, message in dropped(text)] == ["text after # is a comment and "]
    assert (
        dropped(
            "# header\n"
            "sources: [a, b]  # a list\n"
            "coordinates: {lat: 1, lon: 2} # a mapping\n"
            "value: 300000  # a number\n"
            "approximate: true # true/false\n"
            "as_of: 2019-03  # a date\n"
            'title: "Issue #1: quoted"  # quoted text\n'
            "channel: C# and F#\n"
            "summary: >-  # a block\n"
            "  Text # inside a block is text.\n"
            "status:  # a mapping follows\n"
            "  value: active\n"
        )
        == []
    )


def test_problems_of_a_parsed_document_survive_the_trip_from_a_worker_process():
    import pickle

    document = pickle.loads(pickle.dumps(parse(b"id: x\ntitle: A #1 B\n")))
    assert [(p.line, p.column, p.message[:28]) for p in document.problems] == [
        (2, 10, "text after # is a comment an")
    ]


# Line-level mistakes in real records (an indent off by one, a lost space, a stray quote,
# colon or '#'): the plain-words translation never crashes and points at a line of the file.
_VALID_RECORDS = sorted((FIXTURES / "valid").glob("*/*.yaml"))
_EDITS = [
    lambda line: " " + line,
    lambda line: line[1:],
    lambda line: line.replace("- ", "-", 1),
    lambda line: line.replace(": ", ": “", 1) + "”",
    lambda line: line.replace(": ", ': "', 1),
    lambda line: line + ": more",
    lambda line: line + " #1 more",
    lambda line: line.replace(": ", ":", 1),
    lambda line: line.replace(": ", ": [", 1),
    lambda line: "   " + line.lstrip(),
]


@settings(max_examples=300, deadline=None)
@given(
    record=st.sampled_from(_VALID_RECORDS),
    edits=st.lists(
        st.tuples(st.integers(min_value=0, max_value=200), st.integers(0, len(_EDITS) - 1)),
        min_size=1,
        max_size=3,
    ),
)
def test_line_level_mistakes_give_a_located_problem_never_a_crash(record, edits):
    lines = record.read_text("utf-8").split("\n")
    for where, which in edits:
        index = where % len(lines)
        lines[index] = _EDITS[which](lines[index])
    text = "\n".join(lines)
    try:
        document = parse(text.encode("utf-8"))
    except YamlProblem as problem:
        assert 1 <= problem.line <= len(lines) + 1 and problem.column >= 1 and problem.message
    else:
        assert all(1 <= found.line <= len(lines) for found in document.problems)
