from django.urls import path

from . import views

app_name = "rectification"
urlpatterns = [
    # The inspected unit's portal.
    path("portal/", views.portal, name="portal"),
    path("portal/<int:pk>/", views.portal_detail, name="portal_detail"),
    path("portal/items/<int:pk>/", views.item_update, name="item_update"),
    path("portal/items/<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    # The office's and the team's page.
    path("rectification/<int:pk>/", views.detail, name="detail"),
    path("rectification/<int:pk>/supervision/", views.supervision, name="supervision"),
    path("rectification/<int:pk>/poor/<str:step>/", views.poor, name="poor"),
    path("rectification/reports/<int:pk>/review/", views.review, name="review"),
    path("rectification/evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
