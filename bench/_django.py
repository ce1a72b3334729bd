"""Start Django for a benchmark: a throw-away SQLite file unless DATABASE_URL is set, tasks run inline."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(keep: bool, *, prefix: str) -> None:
    if "DATABASE_URL" not in os.environ:
        folder = Path(tempfile.mkdtemp(prefix=prefix))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        if not keep:
            import atexit
            import shutil

            atexit.register(shutil.rmtree, folder, True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import logging

    import django

    django.setup()
    logging.disable(logging.INFO)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
