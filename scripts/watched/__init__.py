"""Watched: sourced YAML records about government face surveillance, rendered as a static site.

The pipeline, one module per step:

1. ``yamlfile``    (load)     bytes of one file -> plain values (positions on demand)
2. ``load``        (load)     data/ folder -> records checked against the typed ``models``
3. ``rules``       (validate) cross-record rules over all records -> problems
4. ``dataset``     (validate) the validated records, with every reference resolved
5. ``render``      (render)   Dataset -> Markdown pages through Jinja2 templates
   ``export``      (render)   Dataset -> JSON, CSV, GeoJSON, Atom, iCalendar, redirects
6. ``write``       (write)    rendered files -> docs/ (atomically), then ``site`` runs mkdocs

``pipeline`` chains the steps for one project folder (``parallel`` spreads large renders
over the cores); ``__main__`` is the thin command line (``python -m watched
validate|render|build|serve|new|schemas``). Around the pipeline: ``schema`` (JSON Schemas
from the models), ``scaffold`` (new records from annotated templates), ``changes`` (what a
pull request changes), ``linkcheck`` (the weekly source-link check), ``serve`` (preview),
and for tests and benchmarks only, ``fake`` and ``bench``.
"""
