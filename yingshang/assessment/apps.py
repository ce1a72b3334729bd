from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "yingshang.assessment"
    label = "assessment"
    verbose_name = "考核评价"

    def ready(self) -> None:
        from yingshang.assessment import demo, indicator_components, platform_components
        from yingshang.core.demo import register_demo_step
        from yingshang.core.navigation import MenuItem, register_menu_item

        indicator_components.register()
        platform_components.register()
        register_menu_item(MenuItem("考核评价", "assessment:scheme_list", ("office_admin", "leader"), 50))
        register_menu_item(MenuItem("本单位得分", "assessment:my_scores", ("unit_leader", "unit_staff"), 50))
        register_menu_item(MenuItem("通报", "assessment:bulletin_list", ("office_admin", "leader"), 55))
        register_demo_step(demo.load_demo)
