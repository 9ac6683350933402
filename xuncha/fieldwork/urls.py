from django.urls import path

from . import views

app_name = "fieldwork"
urlpatterns = [
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/methods/<str:method>/new/", views.record_new, name="record_new"),
    path("<int:pk>/talks/new/", views.talk_new, name="talk"),
    path("<int:pk>/petitions/", views.petition_register, name="petitions"),
    path("<int:pk>/documents/", views.document_register, name="documents"),
    path("records/<int:pk>/", views.record_detail, name="record"),
    path("records/<int:pk>/approve/", views.record_approve, name="record_approve"),
    path("records/<int:pk>/send/", views.record_send, name="record_send"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition"),
    path("petitions/<int:pk>/handling/", views.petition_handle, name="petition_handle"),
    path("documents/<int:pk>/return/", views.document_return, name="document_return"),
    path("documents/<int:pk>/dispose/", views.document_dispose, name="document_dispose"),
    path("attachments/<str:kind>/<int:pk>/upload/", views.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
]
