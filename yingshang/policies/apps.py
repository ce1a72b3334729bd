from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "yingshang.policies"
    label = "policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from yingshang.core.demo import register_demo_step
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.policies import demo

        staff = ("office_admin", "leader", "unit_leader", "unit_staff")
        register_menu_item(MenuItem("惠企政策", "policies:policy_list", staff, 60))
        register_menu_item(MenuItem("政策兑现", "policies:redemption_list", staff, 61))
        register_menu_item(MenuItem("兑现统计", "policies:figures", ("office_admin", "leader"), 62))
        register_menu_item(MenuItem("企业事实导入", "policies:fact_import", ("office_admin",), 63))
        register_menu_item(MenuItem("我的惠企政策", "policies:mine", ("enterprise",), 20))
        register_menu_item(MenuItem("我的兑现", "policies:redemption_list", ("enterprise",), 21))
        register_demo_step(demo.load_demo)
        self._register_outreach()

    def _register_outreach(self) -> None:
        from django.apps import apps

        if not apps.is_installed("yingshang.outreach"):
            return
        from yingshang.outreach.campaign_sources import register_campaign_source
        from yingshang.outreach.sections import register_enterprise_section
        from yingshang.policies import enterprise_section as es

        register_enterprise_section(
            "policies", "惠企政策", 70, es.policies_section, "policies/_enterprise_section.html"
        )
        register_campaign_source("policies", "惠企政策兑现", es.redeemers)
