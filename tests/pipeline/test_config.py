"""The site configuration: mkdocs.yml must not repeat a key (YAML keeps the last one silently:
a second ``hooks:`` once switched off the first hook and no build noticed)."""

from __future__ import annotations

import yaml

from support import ROOT


class _StrictLoader(yaml.SafeLoader):
    """Refuses a key repeated in one mapping; reads MkDocs' !ENV tags as plain values."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            assert key not in seen, (
                f"mkdocs.yml:{key_node.start_mark.line + 1}: key {key!r} is repeated "
                f"(first on line {seen[key]})"
            )
            seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_constructor("!ENV", lambda loader, node: None)
_StrictLoader.add_multi_constructor(
    "tag:yaml.org,2002:python/name:", lambda loader, suffix, node: suffix
)


def test_mkdocs_yml_has_no_repeated_key():
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_StrictLoader)  # noqa: S506
    assert config["hooks"] == [
        "overrides/hooks/generated_pages.py",
        "overrides/hooks/table_labels.py",
        "overrides/hooks/two_processes.py",
        "overrides/hooks/nav_once.py",
        "overrides/hooks/watched_security.py",
    ]


def test_the_strict_loader_can_fail():
    try:
        yaml.load("a: 1\nb: 2\na: 3\n", Loader=_StrictLoader)  # noqa: S506
    except AssertionError as error:
        assert "key 'a' is repeated (first on line 1)" in str(error)
    else:
        raise AssertionError("a repeated key was accepted")
