"""Templates are compiled once per process, in production too (issue #12: templates are a
third to a half of a page's CPU; compiling them on every request would be more)."""

from __future__ import annotations

from django.conf import settings
from django.template import engines


def test_templates_go_through_the_cached_loader() -> None:
    # No `loaders` option anywhere: Django then wraps the file-system and app loaders in the
    # cached loader whatever DEBUG says (Django ≥ 4.1), which is what production runs.
    assert "loaders" not in settings.TEMPLATES[0].get("OPTIONS", {})
    engine = engines["django"].engine  # type: ignore[attr-defined]
    assert engine.loaders[0][0] == "django.template.loaders.cached.Loader"
    first = engine.get_template("base.html")
    assert engine.get_template("base.html") is first
