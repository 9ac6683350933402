"""The public's pages, under /p/ (no login; core/anonymity/middleware.py scrubs the request)."""

from django.urls import path

from . import public_api, public_views

app_name = "reporting_public"
urlpatterns = [
    path("<str:token>/", public_views.report_page, name="report"),
    path("<str:token>/return/", public_views.return_page, name="return"),
    path("<str:token>/api/challenge/", public_api.ChallengeView.as_view(), name="api_challenge"),
    path("<str:token>/api/report/", public_api.ReportView.as_view(), name="api_report"),
    path("<str:token>/api/lookup/", public_api.LookupView.as_view(), name="api_lookup"),
    path("<str:token>/api/reply/", public_api.ReplyView.as_view(), name="api_reply"),
]
