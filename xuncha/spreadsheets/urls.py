from django.urls import path

from . import api_views, views

app_name = "spreadsheets"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("api/jobs/<int:pk>/", api_views.job, name="api-job"),
    path("api/<str:kind>/import/", api_views.import_sheet, name="api-import"),
    path("api/<str:kind>/export/", api_views.export, name="api-export"),
    path("<str:kind>/template/", views.template_download, name="template"),
    path("<str:kind>/export/", views.export_download, name="export"),
    path("<str:kind>/import/", views.upload, name="upload"),
]
