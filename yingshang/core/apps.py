from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yingshang.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from yingshang.core import workdays_db

        workdays_db.register()
