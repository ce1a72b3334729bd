from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "yingshang.reviews"
    label = "reviews"
    verbose_name = "好差评"

    def ready(self) -> None:
        from yingshang.assessment.components import Component, register_component
        from yingshang.core.demo import register_demo_step
        from yingshang.core.models import User
        from yingshang.core.navigation import MenuItem, register_menu_item
        from yingshang.core.periodic import PeriodicJob, register_periodic
        from yingshang.reviews import demo, statistics
        from yingshang.reviews.tasks import issue_requests, sweep_bad_ratings

        Role = User.Role
        staff = (Role.OFFICE_ADMIN, Role.LEADER, Role.UNIT_LEADER, Role.UNIT_STAFF)
        register_menu_item(MenuItem("好差评", "reviews:case_list", staff, 30))
        register_menu_item(MenuItem("评价统计", "reviews:stats", staff, 31))
        register_menu_item(MenuItem("评价点位", "reviews:point_list", staff, 32))
        register_periodic(PeriodicJob("reviews.sweep", 3600, sweep_bad_ratings.enqueue))
        register_periodic(PeriodicJob("reviews.requests", 600, issue_requests.enqueue))
        register_component(
            Component(
                "service_ratings",
                "好差评",
                statistics.assessment_component,
                "0.6 × 好评率 + 0.4 × 差评整改及时率(申诉成立的评价不计入)",
            )
        )
        register_demo_step(demo.load_reviews)
        self._register_outreach()

    def _register_outreach(self) -> None:
        from django.apps import apps

        if not apps.is_installed("yingshang.outreach"):
            return
        from yingshang.outreach.campaign_sources import register_campaign_source
        from yingshang.outreach.sections import register_enterprise_section
        from yingshang.reviews import enterprise_section as es

        register_enterprise_section(
            "reviews", "好差评", 60, es.ratings_section, "reviews/_enterprise_section.html"
        )
        register_campaign_source("reviews", "好差评", es.raters)
