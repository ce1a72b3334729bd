from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "yingshang.outreach"
    label = "outreach"
    verbose_name = "政企联系"

    def ready(self) -> None:
        from yingshang.core.demo import register_demo_step
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.origins import register_origin_provider
        from yingshang.outreach import campaign_sources, demo, origins, sections

        Role = User.Role
        register_menu_item(
            MenuItem(
                "包抓联", "outreach:contacts", (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF), 40
            )
        )
        register_menu_item(MenuItem("问题收集", "outreach:problems", (Role.OFFICE_ADMIN,), 41))
        register_menu_item(
            MenuItem(
                "政企活动", "outreach:events", (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF), 42
            )
        )
        register_menu_item(MenuItem("回访活动", "outreach:campaigns", (Role.OFFICE_ADMIN,), 43))
        register_menu_item(MenuItem("社会监督员", "outreach:supervisors", (Role.OFFICE_ADMIN,), 44))
        register_menu_item(MenuItem("我的监督发现", "outreach:my_findings", (Role.SUPERVISOR,), 10))
        register_menu_item(MenuItem("企业档案", "outreach:my_profile", (Role.ENTERPRISE,), 5))
        sections.register_core_sections()
        campaign_sources.register_campaign_source("appeals", "诉求", campaign_sources.appeals_served)
        register_demo_step(demo.load_outreach_demo)
        register_origin_provider(origins.problem_origins)
