"""The portable backup and restore in docs/operations.md work as written: the test reads the shell block
marked `<!-- test: portable-backup -->`, runs it unchanged with bash against a scratch SQLite database,
and checks that the restored database holds the same rows."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
MARKED_BLOCK = re.compile(r"<!-- test: (?P<name>[\w-]+) -->\n```sh\n(?P<body>.*?)\n```", re.S)
# Rows made in the source database by the product's own services: a cast, an appeal and its events.
SEED = """
from tests.makers import build_cast
from tests.appeals.makers import make_appeal
make_appeal(build_cast(), title="备份恢复测试诉求")
"""
DUMP = [
    "dumpdata",
    "--natural-foreign",
    "--exclude",
    "contenttypes",
    "--exclude",
    "auth.permission",
    "--exclude",
    "django_tasks_database",
]


def documented_block(name: str) -> str:
    text = (ROOT / "docs" / "operations.md").read_text(encoding="utf-8")
    blocks = {m["name"]: m["body"] for m in MARKED_BLOCK.finditer(text)}
    assert name in blocks, f"docs/operations.md has no block marked {name!r}"
    return blocks[name]


def test_the_documented_block_is_found() -> None:
    block = documented_block("portable-backup")
    assert "dumpdata" in block and "loaddata" in block


def run_documented_backup(tmp_path: Path, target_url: str) -> None:
    """Seed a scratch SQLite database, run the documented block into ``target_url``, compare the rows."""
    yingshang = Path(sys.executable).with_name("yingshang")
    if not yingshang.exists():
        pytest.skip("the yingshang command is not installed in this environment (pip install -e .)")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "yingshang").symlink_to(yingshang)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PYTEST"))}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'source.sqlite3'}",
        TARGET_DATABASE_URL=target_url,
        YINGSHANG_VAR_DIR=str(tmp_path / "var"),
        YINGSHANG_ENV="test",
        PYTHONPATH=str(ROOT),
    )

    def run(*args: str, database: str = "DATABASE_URL") -> str:
        done = subprocess.run(
            [str(yingshang), *args],
            cwd=tmp_path,
            env={**env, "DATABASE_URL": env[database]},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    run("migrate", "--noinput")
    run("shell", "-c", SEED)
    script = "set -euo pipefail\n" + documented_block("portable-backup")
    done = subprocess.run(
        ["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]

    before = json.loads((tmp_path / "backup.json").read_text(encoding="utf-8"))
    after = json.loads(run(*DUMP, database="TARGET_DATABASE_URL"))
    models = {row["model"] for row in before}
    assert {"core.user", "core.event", "appeals.appeal", "appeals.service"} <= models
    assert any(row["fields"].get("title") == "备份恢复测试诉求" for row in after)
    key = lambda row: (row["model"], str(row.get("pk")))  # noqa: E731
    assert sorted(after, key=key) == sorted(before, key=key)


def test_documented_portable_backup_restores_the_data(tmp_path: Path) -> None:
    if connection.vendor == "postgresql":
        pytest.skip(
            "SQLite to SQLite: run by the suite's SQLite pass; this pass runs the PostgreSQL test below"
        )
    run_documented_backup(tmp_path, f"sqlite:///{tmp_path / 'restored.sqlite3'}")


@pytest.mark.postgres
@pytest.mark.django_db
def test_documented_portable_backup_moves_sqlite_data_to_postgresql(tmp_path: Path) -> None:
    """What the block is for: the demo's SQLite data into a new PostgreSQL database, with the events
    table's append-only trigger in place there (loading inserts events, it never updates them)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    import psycopg

    params = connection.get_connection_params()
    server = {k: params[k] for k in ("host", "port", "user", "password") if params.get(k)}
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{server['user']}:{server.get('password', '')}@{server.get('host', '')}:{server.get('port', 5432)}/{name}"
        run_documented_backup(tmp_path, url)
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
