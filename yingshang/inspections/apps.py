from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "yingshang.inspections"
    label = "inspections"
    verbose_name = "双随机、一公开"

    def ready(self) -> None:
        from yingshang.core.demo import register_demo_step
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.inspections import demo, tasks

        Role = User.Role
        staff = (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF)
        register_menu_item(MenuItem("双随机抽查", "inspections:plan_list", staff, 40))
        register_menu_item(
            MenuItem("双随机统计", "inspections:figures", (Role.OFFICE_ADMIN, Role.LEADER), 41)
        )
        register_demo_step(demo.load_inspections_demo)
        register_periodic(
            PeriodicJob("inspections.rectifications", 3600, tasks.refresh_rectifications.enqueue)
        )
