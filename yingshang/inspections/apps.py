from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "yingshang.inspections"
    label = "inspections"
    verbose_name = "双随机、一公开"

    def ready(self) -> None:
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item

        Role = User.Role
        staff = (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF)
        register_menu_item(MenuItem("双随机抽查", "inspections:plan_list", staff, 40))
