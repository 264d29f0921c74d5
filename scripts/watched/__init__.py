"""Watched: sourced YAML records about government face surveillance, rendered as a static site.

The pipeline, one module per step:

1. ``strictyaml``  (load)     bytes of one file -> plain values + the line/column of every node
2. ``load``        (load)     data/ folder -> records checked against the typed ``models``
3. ``rules``       (validate) cross-record rules over all records -> problems
4. ``dataset``     (validate) the validated records, with every reference resolved
5. ``render``      (render)   Dataset -> Markdown pages through Jinja2 templates
6. ``write``       (write)    rendered pages -> docs/ (atomically), then ``site`` runs mkdocs

``__main__`` is the thin command-line entry point (``python -m watched validate|render|build``).
"""
