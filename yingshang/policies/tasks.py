"""Background work of the policies app, run by the database worker."""

from __future__ import annotations

from django_tasks import task


@task()
def push_policy_task(policy_id: int) -> dict[str, int]:
    """政策找人 over the policy's whole region, after publishing or changing a rule."""
    from yingshang.policies.models import Policy
    from yingshang.policies.services.push import push_policy

    policy = Policy.objects.filter(pk=policy_id).select_related("region").first()
    if policy is None:
        return {}
    result = push_policy(policy=policy)
    return {"eligible": result.eligible, "undetermined": result.undetermined, "notified": result.notified}
