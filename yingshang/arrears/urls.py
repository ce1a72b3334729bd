from django.urls import path

from yingshang.arrears import views

app_name = "arrears"
urlpatterns = [
    path("", views.ledger, name="ledger"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/payments/", views.payment_add, name="payment_add"),
    path("cases/<int:pk>/instalments/", views.instalment_add, name="instalment_add"),
    path("cases/<int:pk>/action/", views.case_action, name="case_action"),
    path("instalments/<int:pk>/pay/", views.instalment_pay, name="instalment_pay"),
    path("instalments/<int:pk>/reschedule/", views.instalment_reschedule, name="instalment_reschedule"),
    path("from-appeal/<int:appeal_pk>/", views.from_appeal, name="from_appeal"),
    path("import/", views.import_cases, name="import"),
    path("progress/", views.progress, name="progress"),
    path("calculator/", views.calculator_page, name="calculator"),
    path("breaches/", views.breach_list, name="breach_list"),
    path("breaches/new/", views.breach_create, name="breach_create"),
    path("breaches/<int:pk>/", views.breach_detail, name="breach_detail"),
    path("breaches/<int:pk>/action/", views.breach_act, name="breach_act"),
    path("disclosure/", views.disclosure, name="disclosure"),
    path("disclosure.xlsx", views.disclosure_xlsx, name="disclosure_xlsx"),
    path("breaches/credit-export.csv", views.credit_export, name="credit_export"),
    path("promises/", views.promise_list, name="promise_list"),
    path("promises/<int:pk>/action/", views.promise_act, name="promise_act"),
]
