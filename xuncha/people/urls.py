from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("inspectors/", views.inspector_list, name="inspectors"),
    path("inspectors/new/", views.inspector_create, name="inspector_new"),
    path("inspectors/<int:pk>/", views.inspector_detail, name="inspector"),
    path("inspectors/<int:pk>/declarations/", views.declaration_create, name="declaration_new"),
    path("inspectors/<int:pk>/attestations/", views.attestation_create, name="attestation_new"),
    path("inspectors/<int:pk>/secondments/", views.secondment_create, name="secondment_new"),
    path("inspectors/<int:pk>/postings/", views.posting_create, name="posting_new"),
    path("inspectors/<int:pk>/rotations/", views.rotation_create, name="rotation_new"),
    path("inspectors/<int:pk>/authorizations/", views.authorization_create, name="authorization_new"),
    path("declarations/<int:pk>/withdraw/", views.declaration_withdraw, name="declaration_withdraw"),
    path("secondments/<int:pk>/appraise/", views.secondment_appraise, name="secondment_appraise"),
]
