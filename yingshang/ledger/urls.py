from django.urls import path

from yingshang.ledger import printing, views

app_name = "ledger"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("mine/", views.my_tasks, name="my_tasks"),
    path("documents/", views.document_list, name="document_list"),
    path("documents/import/", views.document_import, name="document_import"),
    path("documents/<int:pk>/", views.document_review, name="document_review"),
    path("documents/<int:pk>/pages/<int:number>/", views.document_page, name="document_page"),
    path("documents/<int:pk>/publish/", views.document_publish, name="document_publish"),
    path("documents/<int:pk>/revise/", views.document_revise, name="document_revise"),
    path("documents/<int:pk>/discard/", views.document_discard, name="document_discard"),
    path("documents/<int:pk>/campaign/", views.document_campaign, name="document_campaign"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/<int:pk>/rename/", views.campaign_rename, name="campaign_rename"),
    path("campaigns/<int:pk>/delete/", views.campaign_delete, name="campaign_delete"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/report/", views.report_submit, name="report_submit"),
    path("tasks/<int:pk>/closure/", views.task_closure, name="task_closure"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/bulk/", views.task_bulk, name="task_bulk"),
    path("tasks/<int:pk>/weights/", views.task_weights, name="task_weights"),
    path("tasks/<int:pk>/notices/", views.notice_issue, name="notice_issue"),
    path("reports/pending/", views.report_queue, name="report_queue"),
    path("reports/<int:pk>/decide/", views.report_decide, name="report_decide"),
    path("notices/<int:pk>/", views.notice_answer, name="notice_answer"),
    path("notices/<int:pk>/print/", printing.notice_print, name="notice_print"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("import/", views.ledger_import, name="ledger_import"),
    path("import/jobs/<str:job_id>/", views.import_job, name="import_job"),
]
