"""Background jobs of the dashboard."""

from __future__ import annotations

from django_tasks import task

# Appeals change (lateness, callbacks) for weeks after filing: the hourly job rebuilds this many days.
APPEAL_WINDOW_DAYS = 90


@task()
def refresh_dashboard_summary(periods: list[str] | None = None) -> int:
    from yingshang.dashboard.summary import refresh_summary

    return refresh_summary(periods)


@task()
def refresh_appeal_summary(days: int | None = APPEAL_WINDOW_DAYS) -> int:
    from datetime import timedelta

    from django.utils import timezone

    from yingshang.dashboard.summary import refresh_appeal_summary as refresh

    return refresh(None if days is None else timezone.localdate() - timedelta(days=days))


def on_observations_changed(periods: set[str]) -> None:
    refresh_dashboard_summary.enqueue(sorted(periods))


def enqueue_full_refresh() -> object:
    refresh_appeal_summary.enqueue(APPEAL_WINDOW_DAYS)
    return refresh_dashboard_summary.enqueue(None)
