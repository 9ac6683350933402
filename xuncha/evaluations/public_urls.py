"""The public's pages, under /p/ (no login; core/anonymity/middleware.py scrubs the request)."""

from django.urls import path

from . import public_api, public_views

app_name = "evaluations_public"
urlpatterns = [
    path("<str:token>/", public_views.page, name="page"),
    path("<str:token>/api/", public_api.PublicEvaluationView.as_view(), name="api"),
]
