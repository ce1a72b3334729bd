from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "yingshang.indicators"
    label = "indicators"
    verbose_name = "评价指标"

    def ready(self) -> None:
        from yingshang.core.demo import register_demo_step
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.core.todo import register_todo_provider
        from yingshang.indicators import demo, tasks, todo

        Role = "office_admin", "unit_leader", "unit_staff", "leader"
        register_menu_item(MenuItem("评价指标", "indicators:indicator_list", Role, 40))
        register_menu_item(MenuItem("指标预警", "indicators:warning_list", Role, 41))
        register_todo_provider(todo.warning_todos)
        register_periodic(
            PeriodicJob("indicators.sweep_overdue_warnings", 3600, tasks.sweep_overdue_warnings.enqueue)
        )
        register_demo_step(demo.load_demo)
