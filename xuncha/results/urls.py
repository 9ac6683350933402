from django.urls import path

from . import views

app_name = "results"
urlpatterns = [
    path("", views.index, name="index"),
    path("round/<int:pk>/", views.round_detail, name="round"),
    path("round/<int:pk>/hearing/", views.hearing_new, name="hearing"),
    path("round/<int:pk>/decision/", views.decision_new, name="decision"),
    path("round/<int:pk>/filing/", views.filing_new, name="filing"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("inspection/<int:pk>/", views.inspection_items, name="inspection"),
    path("filings/", views.filing_list, name="filings"),
    path("consultations/", views.consultation_list, name="consultations"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation"),
]
