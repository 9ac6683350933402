"""Pages of the office and the team (login)."""

from django.urls import path

from . import views

app_name = "reporting"
urlpatterns = [
    path("inspection/<int:pk>/", views.channel_page, name="channel"),
    path("inspection/<int:pk>/open/", views.channel_ensure, name="channel_ensure"),
    path("inspection/<int:pk>/poster/", views.poster, name="poster"),
    path("inspection/<int:pk>/inbox/", views.inbox, name="inbox"),
    path("inspection/<int:pk>/intake/", views.intake, name="intake"),
    path("report/<uuid:pk>/", views.report_detail, name="report"),
    path("report/<uuid:pk>/ask/", views.ask, name="ask"),
    path("attachment/<uuid:pk>/", views.attachment, name="attachment"),
    path("office/", views.office_contacts, name="office"),
]
