from collections.abc import Callable

from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "yingshang.dashboard"
    label = "dashboard"
    verbose_name = "数据监控"

    def ready(self) -> None:
        from yingshang.core.demo import register_demo_step
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.dashboard import platform_sources, tasks
        from yingshang.indicators.hooks import register_change_listener

        register_menu_item(MenuItem("数据监控", "dashboard:index", ("office_admin", "leader"), 30))
        register_change_listener(tasks.on_observations_changed)
        platform_sources.register()
        register_periodic(PeriodicJob("dashboard.refresh_summary", 3600, tasks.enqueue_full_refresh))
        register_demo_step(_refresh_after_demo)


def _refresh_after_demo(cast: object, log: Callable[[str], None]) -> None:
    """The demo's observations were written just now; build the summary at once rather than waiting for
    the worker, so the dashboard opens on data."""
    from yingshang.dashboard.summary import refresh_appeal_summary, refresh_summary

    log(f"数据监控：汇总表已刷新（指标 {refresh_summary()} 行，诉求 {refresh_appeal_summary()} 行）")
