"""Pages of the office and the team (login)."""

from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("inspections/<int:pk>/", views.channel_page, name="channel"),
    path("inspections/<int:pk>/open/", views.channel_ensure, name="channel_ensure"),
    path("inspections/<int:pk>/poster/", views.poster, name="poster"),
    path("inspections/<int:pk>/inbox/", views.inbox, name="inbox"),
    path("inspections/<int:pk>/intake/", views.intake, name="intake"),
    path("reports/<uuid:pk>/", views.report_detail, name="report"),
    path("reports/<uuid:pk>/ask/", views.ask, name="ask"),
    path("attachments/<uuid:pk>/", views.attachment, name="attachment"),
    path("office/", views.office_contacts, name="office"),
]
