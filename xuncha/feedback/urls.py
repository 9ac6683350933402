from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("inspection/<int:pk>/", views.feedback_page, name="page"),
    path("inspection/<int:pk>/session/<str:audience>/", views.session_new, name="session"),
    path("inspection/<int:pk>/consent/", views.consent_record, name="consent"),
    path("inspection/<int:pk>/notify/", views.circulated_notice_record, name="notify"),
    path("inspection/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("inspection/<int:pk>/receipt/<str:role>/", views.receipt_sign, name="sign"),
]
