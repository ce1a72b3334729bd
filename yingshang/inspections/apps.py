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
        self._register_outreach()

    def _register_outreach(self) -> None:
        from django.apps import apps

        if not apps.is_installed("yingshang.outreach"):
            return
        from yingshang.inspections import enterprise_section as es
        from yingshang.outreach.campaign_sources import register_campaign_source
        from yingshang.outreach.sections import register_enterprise_section

        register_enterprise_section(
            "inspections", "双随机抽查", 90, es.inspections_section, "inspections/_enterprise_section.html"
        )
        register_campaign_source("inspections", "双随机抽查", es.inspected)
