"""Tooling around the pipeline, for contributors, maintainers and CI; each is a command of
``python -m watched`` and may use the pipeline, never the other way round.

- ``serve``      preview: build, serve on 127.0.0.1 and rebuild on every change
- ``scaffold``   ``new KIND ID``: a record from an annotated template (``scaffold_templates``)
- ``intake``     an issue form's body -> a draft record with TODO markers, validated
- ``changes``    what a pull request changes in data/, for the job summary
- ``linkcheck``  the weekly check of every source address
- ``fake``       clearly fake data at any size, for tests and benchmarks (never shipped)
- ``bench``      ``make bench``: build time, scaling and page weight at 100 to 15,000 records
"""
