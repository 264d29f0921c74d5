"""Strict YAML loading: hostile and malformed files give one located message, never a crash."""

from __future__ import annotations

import pytest

from watched.yamlfile import MAX_FILE_BYTES, YamlProblem, parse


def problem_of(text: str | bytes) -> tuple[int, int, str]:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    with pytest.raises(YamlProblem) as caught:
        parse(raw)
    return caught.value.line, caught.value.column, caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        # code execution and other tags
        ('a: !!python/object/apply:os.system ["echo pwned"]\n', 1, 4,
         "YAML tags must not be used, found 'tag:yaml.org,2002:python/object/apply:os.system'; write the plain value"),
        ("a: !!python/name:os.system\n", 1, 4,
         "YAML tags must not be used, found 'tag:yaml.org,2002:python/name:os.system'; write the plain value"),
        ("a: !!binary aGVsbG8=\n", 1, 4,
         "YAML tags must not be used, found 'tag:yaml.org,2002:binary'; write the plain value"),
        ("a: !custom 1\n", 1, 4, "YAML tags must not be used, found '!custom'; write the plain value"),
        # duplicate keys: PyYAML would silently keep the last one
        ("status: active\nagency: x\nstatus: ended\n", 3, 1,
         "key 'status' must appear only once in a mapping (first at line 1); merge the two entries"),
        ("a:\n  b: 1\n  b: 2\n", 3, 3,
         "key 'b' must appear only once in a mapping (first at line 2); merge the two entries"),
        # structure
        ("", 1, 1, "file must not be empty: it must hold one record (a YAML mapping)"),
        ("# only a comment\n\n", 1, 1, "file must not be empty: it must hold one record (a YAML mapping)"),
        ("- a\n- b\n", 1, 1, "file must hold one record: a mapping of field names to values"),
        ("just text\n", 1, 1, "file must hold one record: a mapping of field names to values"),
        ("a: 1\n---\nb: 2\n", 2, 1, "file must hold exactly one YAML document (remove the '---')"),
        ("a:\n\tb: 1\n", 2, 1, "indentation must use spaces, not tabs"),
        ("a: b: c\n", 1, 5,
         "file must be valid YAML: mapping values are not allowed in this context; put text that contains ': ' in quotes"),
        ("a: [1, 2\n", 2, 1, "file must be valid YAML: did not find expected ',' or ']' (while parsing a flow sequence)"),
        ('a: "unterminated\n', 2, 1, "file must be valid YAML: found unexpected end of stream (while scanning a quoted scalar)"),
        ("a: *nowhere\n", 1, 4, "file must be valid YAML: found undefined alias"),
        ("? [a, b]\n: c\n", 1, 3, "keys must be plain names, not lists, mappings or tags"),
        ("<<: {a: 1}\n", 1, 1, "merge keys ('<<') must not be used; write the fields out"),
        ("a: \x07\n", 1, 4, "file must be valid YAML: unacceptable character #x0007: control characters are not allowed"),
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
        ("v: yes", "yes"), ("v: no", "no"), ("v: on", "on"), ("v: off", "off"),
        ("v: y", "y"), ("v: n", "n"), ("v: Yes", "Yes"),
        # YAML 1.2 core schema
        ("v: true", True), ("v: false", False), ("v: null", None), ("v: ~", None), ("v:", None),
        ("v: 300000", 300000), ("v: -3", -3), ("v: 45.52", 45.52), ("v: 1e3", 1000.0),
        # dates and versions stay text for the models to parse
        ("v: 2017-12-01", "2017-12-01"), ("v: 2017-12", "2017-12"), ("v: 1.2.3", "1.2.3"),
        ("v: 0o17", "0o17"), ("v: .inf", ".inf"),
        # quotes always mean text
        ('v: "300000"', "300000"), ("v: 'true'", "true"),
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
