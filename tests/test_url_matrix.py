"""Every URL has an expected status for every role; a new URL without a row fails here."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.matrix import ROLES, Row, World

IGNORED_NAMESPACES = {"admin"}


def all_url_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or ""
                if ns in IGNORED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, f"{namespace}{ns}:" if ns else namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return names


# The folders with a matrix.py: one part of the matrix each, so parallel test processes can
# share the sweeps below.
MATRIX_PARTS = sorted(path.parent.name for path in Path(__file__).parent.glob("*/matrix.py"))


def matrix_rows(world: World, part: str | None = None) -> list[Row]:
    rows: list[Row] = []
    for name in MATRIX_PARTS if part is None else [part]:
        module = importlib.import_module(f"tests.{name}.matrix")
        rows.extend(module.rows(world))
    return rows


@pytest.fixture
def world(alice, bob, carol, dave, solo, theo, tara) -> World:
    return World(alice=alice, bob=bob, carol=carol, dave=dave, solo=solo, theo=theo, tara=tara)


def test_every_url_has_an_expected_status_for_every_role(world: World) -> None:
    rows = matrix_rows(world)
    covered = {row.name for row in rows}
    missing = sorted(all_url_names() - covered)
    assert not missing, f"URLs without a row in a tests/<app>/matrix.py: {missing}"
    for row in rows:
        unknown = set(row.expect) - set(ROLES)
        assert not unknown, f"{row.name}: unknown roles {unknown}"
        assert set(row.expect) == set(ROLES), f"{row.name}: give a status for every role {ROLES}"


@pytest.mark.parametrize("part", MATRIX_PARTS)
def test_each_role_gets_its_expected_status_on_every_url(world: World, part: str) -> None:
    failures = []
    for row in matrix_rows(world, part):
        for role, expected in row.expect.items():
            client = world.client(role)
            response = client.generic(
                row.method,
                row.url,
                data=_encode(row.data),
                content_type="application/x-www-form-urlencoded",
            )
            if response.status_code != expected:
                failures.append(
                    f"{row.method} {row.name} as {role}: {response.status_code} != {expected}"
                )
            elif role == "anonymous" and expected == 302:
                location = response.headers.get("Location", "")
                if not location.startswith(row.anonymous_redirect):
                    failures.append(f"{row.name} as anonymous redirected to {location}")
    assert not failures, "\n".join(failures)


def _encode(data: dict) -> str:
    from urllib.parse import urlencode

    return urlencode(data, doseq=True)
