"""Shared by the bench scripts: their own PostgreSQL database, migrated, and Django set up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def migrated_django(db_name: str, env: dict[str, str]) -> None:
    """Create `db_name` if missing, migrate it, and set Django up in this process with `env`."""
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as db:
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db_name]).fetchone():
            db.execute(f'CREATE DATABASE "{db_name}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def dialogue_version():  # type: ignore[no-untyped-def]
    """The shipped Intentional Dialogue, published once in the bench database."""
    from couplesafe.content.models import Item, Version, checksum
    from tests.practices.conftest import practice_data

    data = practice_data("intentional-dialogue")
    item, _ = Item.objects.get_or_create(
        kind="practice", key=data["key"], owner=None, defaults={"title": data["title"]}
    )
    if item.current_version is None:
        item.current_version = Version.objects.create(
            item=item, number=1, data=data, checksum=checksum(data)
        )
        item.save()
    return item.current_version
