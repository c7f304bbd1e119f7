"""No input gives a 500: the cases an outside attack found, and a table-driven sweep that sends
awkward values to every form field and URL parameter of every URL in the URL × role matrix."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.matrix import ROLES, World
from tests.test_url_matrix import MATRIX_PARTS, matrix_rows

# What the attack used, and their cousins: a NUL byte, dates past the end of the calendar,
# line breaks, direction overrides, zero-width-only text, formulas, huge and odd numbers.
BAD_VALUES = [
    "AB\x00CD",
    "9999-12-31",
    "9999-12-31T23:59",
    "Anna\r\nBcc: x@example.com",
    "\u202eevil",
    "\u200b\u200b",
    "=HYPERLINK(1)",
    "99999999999999999999999",
    "-1",
    "x" * 5000,
]
# Every query parameter a view reads (grep request.GET), and the filter forms' fields.
QUERY_PARAMS = ["next", "sort", "show", "version", "t", "v", "step", "since", "wait"]
QUERY_PARAMS += ["kind", "time", "deck", "category", "depth", "page"]
# In an address, the values that reach a parser or the database differently.
QUERY_VALUES = ["AB\x00CD", "9999-12-31T23:59", "99999999999999999999999", "\u202eevil"]
FORM_NAMES = re.compile(r'<(?:input|textarea|select)[^>]*\bname="([^"]+)"')


@pytest.fixture
def world(alice, bob, carol, dave, solo, theo, tara) -> World:  # type: ignore[no-untyped-def]
    return World(alice=alice, bob=bob, carol=carol, dave=dave, solo=solo, theo=theo, tara=tara)


def _role_that_may_use(expect: dict[str, int]) -> str:
    for role in ROLES:
        if role != "anonymous" and expect.get(role) in (200, 302):
            return role
    return "anonymous"


def _forms(client: Client, url: str) -> dict[str, set[str]]:
    """Each form on the page: where it posts, and the names of its fields."""
    page = client.get(url)
    if page.status_code != 200:
        return {}
    found: dict[str, set[str]] = {}
    for chunk in page.content.decode().split("<form")[1:]:
        body = chunk.split("</form>")[0]
        if 'method="get"' in body.split(">")[0].lower():
            continue
        action = re.search(r'\baction="([^"]*)"', body.split(">")[0])
        target = (action.group(1) if action and action.group(1) else url).replace("&amp;", "&")
        found.setdefault(target, set()).update(set(FORM_NAMES.findall(body)))
    for names in found.values():
        names.discard("csrfmiddlewaretoken")
    return found


def test_known_bad_inputs_get_a_kind_answer_not_a_500(alice_client, alice) -> None:
    assert alice_client.get("/therapist/join/AB%00CDEFGH/").status_code == 400
    page = alice_client.post(
        "/rituals/reminders/",
        {
            "kind": "checkin",
            "enabled": "on",
            "local_time": "20:00",
            "weekdays": ["0"],
            "paused_until": "9999-12-31",
        },
    )
    assert page.status_code < 500
    for name in ("Anna\nBcc: x", "A\u202eB", "\u200b\u200c"):
        page = alice_client.post("/accounts/profile/", {"display_name": name, "time_zone": "UTC"})
        assert page.status_code == 200
        assert 'aria-invalid="true"' in page.content.decode()
    alice.refresh_from_db()
    assert alice.display_name == "Alice"


@pytest.mark.parametrize("part", MATRIX_PARTS)
def test_every_form_field_and_url_parameter_survives_bad_values(world: World, part: str) -> None:
    failures: list[str] = []
    for row in matrix_rows(world, part):
        role = _role_that_may_use(row.expect)
        client = world.client(role)
        # Every URL parameter we read, on every page: all at once for each value, and one by
        # one for the value that looks most like something a view would parse.
        if row.method == "GET":
            queries = [dict.fromkeys(QUERY_PARAMS, value) for value in QUERY_VALUES]
            queries += [{name: QUERY_VALUES[1]} for name in QUERY_PARAMS]
            for query in queries:
                response = client.get(f"{row.url}?{urlencode(query)}")
                if response.status_code >= 500:
                    failures.append(f"GET {row.name} ?{urlencode(query)[:60]} as {role}")
        # Every form field: the row's own data, and every field of every form on the page
        # posted to where that form posts.
        targets = {row.url: set(row.data)} if row.method != "GET" else {}
        if row.method == "GET":
            for action, names in _forms(client, row.url).items():
                if action.startswith("/") and not action.startswith("/accounts/logout"):
                    targets.setdefault(action, set()).update(names)
        for target, names in targets.items():
            for name in sorted(names):
                for value in BAD_VALUES:
                    data = {**(row.data if target == row.url else {}), name: value}
                    response = client.post(target, data)
                    if response.status_code >= 500:
                        failures.append(f"POST {target} {name}={value[:20]!r} as {role}")
    assert not failures, "500s:\n" + "\n".join(failures)
