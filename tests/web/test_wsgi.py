"""The WSGI entry point loads every view when the worker starts, not in its first request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_wsgi_application_has_every_urlconf_and_view_loaded() -> None:
    script = (
        "import sys, couplesafe.wsgi; "
        "print(all(m in sys.modules for m in "
        "('practices.views', 'couplesafe.notifications.views', 'therapists.views')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip().splitlines()[-1] == "True"
