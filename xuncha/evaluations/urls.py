"""Pages of the office and the team (login)."""

from django.urls import path  # noqa: F401

app_name = "evaluations"
urlpatterns: list = []
