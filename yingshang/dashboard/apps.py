from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "yingshang.dashboard"
    label = "dashboard"
    verbose_name = "数据监控"

    def ready(self) -> None:
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.dashboard import platform_sources, tasks
        from yingshang.indicators.hooks import register_change_listener

        register_menu_item(MenuItem("数据监控", "dashboard:index", ("office_admin", "leader"), 30))
        register_change_listener(tasks.on_observations_changed)
        platform_sources.register()
        register_periodic(PeriodicJob("dashboard.refresh_summary", 3600, tasks.enqueue_full_refresh))
