"""The staffing pages of a team, under planning's paths (`planning/teams/<pk>/…`), named `staffing:…`."""

from django.urls import path

from . import team_views

app_name = "staffing"
urlpatterns = [
    path("teams/<int:pk>/", team_views.team_form, name="team"),
    path("teams/<int:pk>/check/", team_views.team_check, name="team_check"),
    path("teams/<int:pk>/waiver/", team_views.team_waiver, name="team_waiver"),
    path(
        "teams/<int:pk>/eligibility-exception/",
        team_views.team_eligibility_exception,
        name="team_eligibility_exception",
    ),
]
