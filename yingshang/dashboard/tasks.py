"""Background jobs of the dashboard."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_dashboard_summary(periods: list[str] | None = None) -> int:
    from yingshang.dashboard.summary import refresh_summary

    return refresh_summary(periods)


def on_observations_changed(periods: set[str]) -> None:
    refresh_dashboard_summary.enqueue(sorted(periods))


def enqueue_full_refresh() -> object:
    return refresh_dashboard_summary.enqueue(None)
