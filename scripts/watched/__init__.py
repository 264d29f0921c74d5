"""Watched: sourced YAML records about government face surveillance, rendered as a static site.

The folder layout is the architecture:

- ``models``    the typed records (pydantic), their registry of collections, reader labels'
                vocabularies, partial dates and the JSON Schemas made from them
- ``pipeline``  the build steps in order: load -> validate -> render/export -> write -> site
- ``tools``     what works around the pipeline: preview, scaffolding, intake, change
                summaries, link checks, fake data, benchmarks
- ``cli``       the one thin command line (``python -m watched COMMAND``)

``models`` imports nothing else here; ``pipeline`` imports ``models``; ``tools`` may import
both; ``cli`` imports the pipeline and loads a tool only when its command runs (tested in
tests/test_layout.py).
"""
