from django.urls import path

from . import views

app_name = "planning"
urlpatterns = [
    path("coverage/", views.coverage_view, name="coverage"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("teams/<int:pk>/", views.team_form, name="team"),
    path("teams/<int:pk>/check/", views.team_check, name="team_check"),
    path("teams/<int:pk>/waiver/", views.team_waiver, name="team_waiver"),
    path("teams/<int:pk>/discipline-liaison/", views.team_liaison, name="team_liaison"),
    path("teams/<int:pk>/eligibility-exception/", views.team_eligibility_exception, name="team_eligibility_exception"),
]
