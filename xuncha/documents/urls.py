from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.generate, name="generate"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/docx/", views.document_docx, name="docx"),
    path("<int:pk>/pdf/", views.document_pdf, name="pdf"),
    path("inspections/<int:pk>/", views.inspection_documents, name="inspection"),
    path("settings/", views.office_settings, name="settings"),
    path("settings/letterhead/", views.letterhead_save, name="letterhead"),
    path("settings/templates/", views.template_upload, name="template_upload"),
    path("settings/templates/reset/", views.template_reset, name="template_reset"),
    path("settings/templates/download/", views.template_download, name="template_download"),
    path("settings/templates/<int:pk>/", views.template_file, name="template_file"),
]
