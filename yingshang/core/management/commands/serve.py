"""Run the demo server with its background worker and periodic scheduler, stopping all three together."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "启动网站、后台任务进程和定时任务 / run web server + task worker + periodic jobs"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        exe = [sys.executable, "-m", "yingshang.cli"]
        children = [
            subprocess.Popen([*exe, "db_worker", "--interval", "1"]),
            subprocess.Popen([*exe, "run_periodic", "--loop"]),
        ]
        self.stdout.write(f"网站 / web: http://{options['host']}:{options['port']}/  (Ctrl+C 停止 / to stop)")
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            for child in children:
                child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
