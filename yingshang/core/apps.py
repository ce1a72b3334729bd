from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yingshang.core"
    label = "core"
    verbose_name = "基础"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from yingshang.core import tasks, workdays_db
        from yingshang.core.access import forget_regions
        from yingshang.core.models import ApiToken, Region, Unit, User
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.core.services import forget_token_users
        from yingshang.core.unit_labels import forget_unit_names

        workdays_db.register()
        from yingshang.core.webhooks.tasks import sweep_webhook_deliveries

        register_periodic(PeriodicJob("core.webhook_sweep", 60, sweep_webhook_deliveries.enqueue))
        register_periodic(PeriodicJob("core.purge_rate_counts", 3600, tasks.purge_rate_counts.enqueue))
        from django.conf import settings
        from django_tasks.signals import task_finished, task_started

        from yingshang.core import task_recovery

        register_periodic(
            PeriodicJob(
                "core.requeue_orphaned_tasks",
                settings.YINGSHANG_TASK_SWEEP_SECONDS,
                tasks.requeue_orphaned_tasks.enqueue,
            )
        )
        task_started.connect(task_recovery.hold_task_lock, dispatch_uid="core_task_lock_hold")
        task_finished.connect(task_recovery.release_task_lock, dispatch_uid="core_task_lock_release")
        post_save.connect(forget_regions, sender=Region, dispatch_uid="core_region_saved")
        post_delete.connect(forget_regions, sender=Region, dispatch_uid="core_region_deleted")
        post_save.connect(forget_unit_names, sender=Unit, dispatch_uid="core_unit_saved")
        post_delete.connect(forget_unit_names, sender=Unit, dispatch_uid="core_unit_deleted")
        for model in (User, ApiToken):
            post_save.connect(
                forget_token_users, sender=model, dispatch_uid=f"core_token_users_{model.__name__}"
            )
            post_delete.connect(
                forget_token_users, sender=model, dispatch_uid=f"core_token_users_del_{model.__name__}"
            )
