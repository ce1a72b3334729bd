from django.apps import AppConfig


class ArrearsConfig(AppConfig):
    name = "yingshang.arrears"
    label = "arrears"
    verbose_name = "清欠与政务诚信"

    def ready(self) -> None:
        from yingshang.arrears import assessment, demo, tasks
        from yingshang.assessment.bulletin_sections import BulletinSection, register_bulletin_section
        from yingshang.assessment.components import register_component
        from yingshang.core.demo import register_demo_step
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic

        Role = User.Role
        staff = (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF)
        register_menu_item(MenuItem("清欠台账", "arrears:ledger", (*staff, Role.ENTERPRISE), 40))
        register_menu_item(MenuItem("违约失信投诉", "arrears:breach_list", (*staff, Role.ENTERPRISE), 41))
        register_menu_item(
            MenuItem("招商引资承诺", "arrears:promise_list", (Role.OFFICE_ADMIN, Role.LEADER), 42)
        )
        register_menu_item(MenuItem("清零进度", "arrears:progress", (Role.OFFICE_ADMIN, Role.LEADER), 43))
        register_menu_item(MenuItem("逾期利息计算器", "arrears:calculator", tuple(Role.values), 44))
        register_component(assessment.COMPONENT)
        register_bulletin_section(BulletinSection("arrears", "清欠工作情况", assessment.bulletin_table))
        register_periodic(PeriodicJob("arrears.instalment_clocks", 3600, tasks.sweep_instalments.enqueue))
        register_demo_step(demo.load_arrears)

        from yingshang.appeals.panels import register_appeal_panel
        from yingshang.arrears.appeal_panel import arrears_panel

        register_appeal_panel(arrears_panel)
        self._register_outreach()

    def _register_outreach(self) -> None:
        from django.apps import apps

        if not apps.is_installed("yingshang.outreach"):
            return
        from yingshang.arrears import enterprise_section as es
        from yingshang.outreach.campaign_sources import register_campaign_source
        from yingshang.outreach.sections import register_enterprise_section

        register_enterprise_section(
            "arrears", "清欠", 80, es.arrears_section, "arrears/_enterprise_section.html"
        )
        register_campaign_source("arrears", "清欠", es.creditors)
