"""The public's pages, under /p/ (no login; core/anonymity/middleware.py scrubs the request)."""

from django.urls import path  # noqa: F401

app_name = "reporting_public"
urlpatterns: list = []
