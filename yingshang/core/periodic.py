"""Periodic jobs (reminders, escalations). Apps register them; `run_periodic` enqueues each when due."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: int
    enqueue: Callable[[], object]  # enqueues the background task that does the work


_JOBS: dict[str, PeriodicJob] = {}


def register_periodic(job: PeriodicJob) -> None:
    _JOBS[job.name] = job


def jobs() -> list[PeriodicJob]:
    return list(_JOBS.values())
