from django.urls import path

from yingshang.policies.views import catalogue, enterprise, public, redemptions

app_name = "policies"

urlpatterns = [
    path("", catalogue.policy_list, name="policy_list"),
    path("new/", catalogue.policy_create, name="policy_create"),
    path("<int:pk>/", catalogue.policy_detail, name="policy_detail"),
    path("<int:pk>/action/", catalogue.policy_action, name="policy_action"),
    path("<int:pk>/parameters/", catalogue.parameter_edit, name="parameter_edit"),
    path("<int:pk>/clauses/new/", catalogue.clause_create, name="clause_create"),
    path("clauses/<int:pk>/edit/", catalogue.clause_edit, name="clause_edit"),
    path("clauses/<int:pk>/tests/new/", catalogue.test_case_create, name="test_case_create"),
    path("clauses/<int:pk>/auto-grant/", catalogue.auto_grant, name="auto_grant"),
    path("clauses/<int:pk>/apply/", enterprise.apply, name="apply"),
    path("mine/", enterprise.mine, name="mine"),
    path("redemptions/", redemptions.redemption_list, name="redemption_list"),
    path("redemptions/<int:pk>/", redemptions.redemption_detail, name="redemption_detail"),
    path("figures/", redemptions.figures, name="figures"),
    path("facts/import/", redemptions.fact_import, name="fact_import"),
    path("column/", public.column, name="column"),
    path("column/<int:year>/<int:month>/", public.column, name="column_month"),
    path("column/feed.json", public.feed, name="feed"),
    path("public/<int:pk>/", public.publication, name="publication"),
    path("public/<int:pk>/publication.xlsx", public.publication_export, name="publication_export"),
]
