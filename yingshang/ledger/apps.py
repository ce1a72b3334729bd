from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "yingshang.ledger"
    label = "ledger"
    verbose_name = "督查督办"

    def ready(self) -> None:
        from yingshang.core.demo import register_demo_step
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.core.search import register_search_provider
        from yingshang.core.todo import register_todo_provider
        from yingshang.ledger import demo, search, tasks, todo

        Role = User.Role
        register_menu_item(MenuItem("督查督办", "ledger:overview", (Role.OFFICE_ADMIN, Role.LEADER), 10))
        register_menu_item(MenuItem("待审核报送", "ledger:report_queue", (Role.OFFICE_ADMIN,), 11))
        register_menu_item(MenuItem("本单位任务", "ledger:my_tasks", (Role.UNIT_LEADER, Role.UNIT_STAFF), 10))
        register_todo_provider(todo.ledger_todo)
        register_search_provider(search.ledger_search)
        register_periodic(PeriodicJob("ledger.refresh_colours", 6 * 3600, tasks.refresh_colours.enqueue))
        register_periodic(PeriodicJob("ledger.send_reminders", 3600, tasks.send_reminders.enqueue))
        register_demo_step(demo.load_ledger_demo)
