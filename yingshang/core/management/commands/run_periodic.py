"""Enqueue the periodic jobs (reminders, escalations). Once, or with --loop as a long-running scheduler."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from yingshang.core.periodic import jobs


class Command(BaseCommand):
    help = "运行定时任务(催办、提醒、升级) / enqueue periodic jobs"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--loop", action="store_true", help="keep running, enqueue each job when due")
        parser.add_argument("--tick", type=int, default=30, help="seconds between checks in --loop mode")

    def handle(self, *args: Any, **options: Any) -> None:
        last_run: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for job in jobs():
                if options["loop"] and now - last_run.get(job.name, -1e9) < job.every_seconds:
                    continue
                job.enqueue()
                last_run[job.name] = now
                self.stdout.write(f"enqueued {job.name}")
            if not options["loop"]:
                return
            try:
                time.sleep(options["tick"])
            except KeyboardInterrupt:
                return
