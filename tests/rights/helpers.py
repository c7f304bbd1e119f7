from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from django.test import Client

from couplesafe.lib import registry
from tests.factories import PASSWORD


def download_export(client: Client) -> tuple[dict[str, Any], str, str]:
    """POST the password to the export page; return (data.json parsed, its raw text, data.html)."""
    response = client.post("/accounts/data/export/", {"password": PASSWORD})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert sorted(archive.namelist()) == ["data.html", "data.json"]
        raw = archive.read("data.json").decode()
        html = archive.read("data.html").decode()
    return json.loads(raw), raw, html


def apps_with_handlers() -> set[str]:
    """App labels that registered a data handler (the module its forget() lives in)."""
    return {handler.forget.__module__.split(".")[0] for handler in registry.data_handlers()}


def handled(label: str) -> bool:
    """Whether the model "app.Model" belongs to an app that registered a data handler."""
    return label.split(".")[0] in apps_with_handlers()
