"""Run the demo server with its background worker and periodic scheduler, stopping all three together."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
from types import FrameType
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent() -> None:
    """In the child, before exec: ask Linux to send SIGTERM when the parent dies, however it dies
    (even SIGKILL), so a worker never outlives the server that started it."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # not Linux: the signal handlers below still stop the children
        pass


def _exit_on_signal(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    help = "启动网站、后台任务进程和定时任务 / run web server + task worker + periodic jobs"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")

    def handle(self, *args: Any, **options: Any) -> None:
        exe = [sys.executable, "-m", "yingshang.cli"]
        # SIGTERM (systemd, kill, a container stop) and SIGHUP (the terminal closed) would end this
        # process without running `finally`; turn them into SystemExit so the children are stopped too.
        signal.signal(signal.SIGTERM, _exit_on_signal)
        signal.signal(signal.SIGHUP, _exit_on_signal)
        preexec = _die_with_parent if sys.platform.startswith("linux") else None
        children = [
            subprocess.Popen([*exe, "db_worker", "--interval", "1"], preexec_fn=preexec),
            subprocess.Popen([*exe, "run_periodic", "--loop"], preexec_fn=preexec),
        ]
        self.stdout.write(f"网站 / web: http://{options['host']}:{options['port']}/  (Ctrl+C 停止 / to stop)")
        try:
            call_command("runserver", f"{options['host']}:{options['port']}", use_reloader=False)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
