from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("coverage/", views.coverage_view, name="coverage"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("teams/<int:pk>/discipline-liaison/", views.team_liaison, name="team_liaison"),
]
