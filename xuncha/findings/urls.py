from django.urls import path

from . import views

app_name = "findings"
urlpatterns = [
    path("inspection/<int:pk>/", views.finding_list, name="list"),
    path("inspection/<int:pk>/new/", views.finding_create, name="new"),
    path("inspection/<int:pk>/meetings/", views.meeting_list, name="meetings"),
    path("inspection/<int:pk>/escalations/", views.escalation_list, name="escalations"),
    path("<int:pk>/", views.finding_detail, name="detail"),
    path("<int:pk>/edit/", views.finding_edit, name="edit"),
    path("<int:pk>/evidence/", views.evidence_add, name="evidence"),
    path("<int:pk>/approve/", views.finding_approve, name="approve"),
    path("<int:pk>/return/", views.finding_return, name="return"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting"),
    path("escalations/<int:pk>/respond/", views.escalation_respond, name="escalation_respond"),
]
