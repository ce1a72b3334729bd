"""Writes of the reviews app (DESIGN.md §4): catalogue, ratings, cases, matter requests."""

from yingshang.reviews.services.cases import (
    appeal_rating,
    decide_rating_appeal,
    feed_back_case,
    follow_up_case,
    rectify_case,
    sweep_cases,
    verify_case,
)
from yingshang.reviews.services.catalogue import (
    apply_matter_import,
    create_matter,
    create_point,
    current_questionnaire,
    issue_visit_token,
    plan_matter_import,
    publish_questionnaire,
    record_volume,
)
from yingshang.reviews.services.ratings import RateLimited, RatingInput, submit_rating
from yingshang.reviews.services.requests import issue_matter_requests

__all__ = [
    "RateLimited",
    "RatingInput",
    "appeal_rating",
    "apply_matter_import",
    "create_matter",
    "create_point",
    "current_questionnaire",
    "decide_rating_appeal",
    "feed_back_case",
    "follow_up_case",
    "issue_matter_requests",
    "issue_visit_token",
    "plan_matter_import",
    "publish_questionnaire",
    "record_volume",
    "rectify_case",
    "submit_rating",
    "sweep_cases",
    "verify_case",
]
