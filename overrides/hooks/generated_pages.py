"""MkDocs hook: the pages rendered from data/ reach MkDocs from ``generated/``, outside the
hand-written ``docs/``, so editing docs/ never touches a generated page and no generated file
sits in the source tree. Each file is added with its own source folder; MkDocs then treats it
like any page: the same links, anchors, validation, search and nav (mkdocs.yml's nav names
generated pages such as ``deployments/index.md``). ``generated/_includes`` holds snippets
for the home page, read by pymdownx.snippets, not pages. A generated page may not share a
path with a hand-written one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

GENERATED = "generated"
SNIPPETS = "_includes"


def on_files(files: Files, config: Any) -> Files:
    root = Path(config.config_file_path).parent / GENERATED
    if not root.is_dir():
        return files
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or relative.parts[0] == SNIPPETS:
            continue
        name = relative.as_posix()
        if files.get_file_from_path(name) is not None:
            raise PluginError(
                f"docs/{name} is hand-written and generated/{name} is generated: rename one"
            )
        files.append(File(name, str(root), config.site_dir, config.use_directory_urls))
    return files
