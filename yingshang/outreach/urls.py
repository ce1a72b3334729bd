from django.urls import path

from yingshang.outreach.views import campaigns, contacts, events, problems, profile, pwa, supervisors

app_name = "outreach"

urlpatterns = [
    path("enterprises/<int:pk>/", profile.enterprise_page, name="enterprise"),
    path("enterprises/<int:pk>/visit/", contacts.visit_log, name="visit_log"),
    path("mine/", profile.my_profile, name="my_profile"),
    path("contacts/", contacts.contact_list, name="contacts"),
    path("contacts/assign/", contacts.contact_assign, name="contact_assign"),
    path("contacts/<int:pk>/remove/", contacts.contact_remove, name="contact_remove"),
    path("contacts/import/", contacts.contact_import, name="contact_import"),
    path("occasions/", contacts.occasions, name="occasions"),
    path("problems/", problems.problem_list, name="problems"),
    path("problems/<int:pk>/", problems.problem_detail, name="problem"),
    path("events/", events.event_list, name="events"),
    path("events/new/", events.event_new, name="event_new"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("campaigns/", campaigns.campaign_list, name="campaigns"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<int:pk>/import/", campaigns.campaign_import, name="campaign_import"),
    path(
        "campaigns/import-template.xlsx", campaigns.campaign_import_template, name="campaign_import_template"
    ),
    path("calls/", campaigns.my_calls, name="my_calls"),
    path("calls/<int:pk>/", campaigns.call_answer, name="call"),
    path("supervisors/", supervisors.supervisor_list, name="supervisors"),
    path("findings/", supervisors.my_findings, name="my_findings"),
    path("findings/new/", supervisors.finding_new, name="finding_new"),
    path("sw.js", pwa.service_worker, name="service_worker"),
]
