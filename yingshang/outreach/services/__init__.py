"""Writes of the outreach app, one module per workflow (contacts, problems, events, supervisors, campaigns)."""

from yingshang.outreach.services.campaign_import import campaign_import_template, import_campaign_targets
from yingshang.outreach.services.campaigns import (
    assign_callers,
    build_campaign_list,
    create_campaign,
    record_answers,
)
from yingshang.outreach.services.contacts import (
    assign_cadre,
    import_assignments,
    log_visit,
    save_occasions,
    unassign_cadre,
)
from yingshang.outreach.services.events import create_event, record_attendance
from yingshang.outreach.services.problems import (
    dismiss_problem,
    problem_to_appeal,
    problem_to_task,
    raise_problem,
)
from yingshang.outreach.services.supervisors import appoint_supervisor, file_finding

__all__ = [
    "appoint_supervisor",
    "assign_cadre",
    "assign_callers",
    "build_campaign_list",
    "campaign_import_template",
    "create_campaign",
    "create_event",
    "dismiss_problem",
    "file_finding",
    "import_assignments",
    "import_campaign_targets",
    "log_visit",
    "problem_to_appeal",
    "problem_to_task",
    "raise_problem",
    "record_answers",
    "record_attendance",
    "save_occasions",
    "unassign_cadre",
]
