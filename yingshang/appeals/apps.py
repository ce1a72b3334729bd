from django.apps import AppConfig


class AppealsConfig(AppConfig):
    name = "yingshang.appeals"
    label = "appeals"
    verbose_name = "企业诉求"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from yingshang.appeals import demo, search, selectors, todo
        from yingshang.appeals.models import Service
        from yingshang.appeals.tasks import sweep_appeal_clocks
        from yingshang.core.demo import register_demo_step
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.core.search import register_search_provider
        from yingshang.core.todo import register_todo_provider

        Role = User.Role
        register_menu_item(MenuItem("企业诉求", "appeals:list", tuple(Role.values), 20))
        register_menu_item(MenuItem("诉求统计", "appeals:stats", (Role.OFFICE_ADMIN, Role.LEADER), 21))
        register_todo_provider(todo.appeal_todos)
        register_search_provider(search.appeal_search)
        register_periodic(PeriodicJob("appeals.sweep", 300, sweep_appeal_clocks.enqueue))
        register_demo_step(demo.load_appeals)
        self._ready_knowledge_base()
        self._ready_statistics()
        post_save.connect(selectors.forget_services, sender=Service, dispatch_uid="appeals_service_saved")
        post_delete.connect(selectors.forget_services, sender=Service, dispatch_uid="appeals_service_deleted")

        # Suggestions learned from dispatch history (appeals.learned): retrained daily by the worker; a
        # saved model clears this process's copy at once.
        from yingshang.appeals.learned import forget_models
        from yingshang.appeals.models import SuggestionModel
        from yingshang.appeals.tasks import retrain_suggestion_models

        register_periodic(
            PeriodicJob("appeals.retrain_suggestions", 24 * 3600, retrain_suggestion_models.enqueue)
        )
        post_save.connect(
            forget_models, sender=SuggestionModel, dispatch_uid="appeals_suggestion_model_saved"
        )
        post_delete.connect(
            forget_models, sender=SuggestionModel, dispatch_uid="appeals_suggestion_model_deleted"
        )

    def _ready_knowledge_base(self) -> None:
        """热线知识库: its menu entry, the review sweep and its demo entries."""
        from yingshang.appeals.knowledge.demo import load_knowledge
        from yingshang.appeals.knowledge.tasks import flag_knowledge_reviews
        from yingshang.core.demo import register_demo_step
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic

        Role = User.Role
        staff = (Role.OFFICE_ADMIN, Role.UNIT_LEADER, Role.UNIT_STAFF, Role.LEADER)
        register_menu_item(MenuItem("热线知识库", "appeals:knowledge_list", staff, 22))
        register_menu_item(MenuItem("诉求人通知", "appeals:notices", (Role.OFFICE_ADMIN,), 23))
        register_periodic(PeriodicJob("appeals.knowledge_reviews", 3600, flag_knowledge_reviews.enqueue))
        register_demo_step(load_knowledge)

    def _ready_statistics(self) -> None:
        """Statistics cells (appeals.statistics): new filings folded in every minute, all rebuilt daily."""
        from yingshang.appeals.tasks import fold_appeal_statistics, rebuild_appeal_statistics
        from yingshang.core.periodic import PeriodicJob, register_periodic

        register_periodic(PeriodicJob("appeals.fold_statistics", 60, fold_appeal_statistics.enqueue))
        register_periodic(
            PeriodicJob("appeals.rebuild_statistics", 24 * 3600, rebuild_appeal_statistics.enqueue)
        )
