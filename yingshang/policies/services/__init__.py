"""Writes of the policies app, by what they do (catalogue, facts, push, redemptions)."""

from yingshang.policies.services.catalogue import (
    add_test_case,
    create_policy,
    delete_test_case,
    publish_interpretation,
    publish_policy,
    run_policy_tests,
    save_clause,
    set_parameter,
    update_policy,
    withdraw_policy,
)
from yingshang.policies.services.facts import declare_fact, import_facts
from yingshang.policies.services.push import push_policy
from yingshang.policies.services.redemptions import (
    apply_for_clause,
    generate_auto_grant_list,
    pay_redemption,
    resubmit_redemption,
    review_redemption,
    sign_off_auto_grant_list,
)

__all__ = [
    "add_test_case",
    "apply_for_clause",
    "create_policy",
    "declare_fact",
    "delete_test_case",
    "generate_auto_grant_list",
    "import_facts",
    "pay_redemption",
    "publish_interpretation",
    "publish_policy",
    "push_policy",
    "resubmit_redemption",
    "review_redemption",
    "run_policy_tests",
    "save_clause",
    "set_parameter",
    "sign_off_auto_grant_list",
    "update_policy",
    "withdraw_policy",
]
