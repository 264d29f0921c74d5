"""The pipeline: data/ in, site/ out, one module per step, each depending only on earlier
steps and on ``watched.models``.

1. ``yamlfile``    (load)     bytes of one file -> plain values (positions on demand);
                              ``yamlhints`` turns parser errors into plain words
2. ``load``        (load)     data/ folder -> records checked against the typed models
3. ``rules``       (validate) cross-record rules over all records -> ``problems``
4. ``validate``    (validate) load + rules, then ``dataset``: the validated records with every
                              reference resolved (``Dataset`` depends on the models only)
5. ``render``      (render)   Dataset -> pages through Jinja2 templates
   ``export``      (render)   Dataset -> JSON, CSV, GeoJSON, Atom, iCalendar, redirects
6. ``write``       (write)    rendered files -> generated/ (atomically)
7. ``site``        (site)     mkdocs build --strict -> site/

``build`` chains the steps for one project folder (``parallel`` spreads large renders over
the cores). Nothing here imports ``watched.tools``.
"""
