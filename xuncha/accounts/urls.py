from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.account_list_view, name="list"),
    path("new/", views.account_create, name="new"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/grant/", views.account_grant, name="grant"),
    path("<int:pk>/active/", views.account_deactivate, name="deactivate"),
    path("<int:pk>/password/", views.account_password, name="password"),
    path("<int:pk>/link/", views.account_link, name="link"),
    path("<int:pk>/unlink/", views.account_unlink, name="unlink"),
    path("memberships/<int:pk>/revoke/", views.membership_revoke, name="revoke"),
    path("team-places/", views.team_places, name="team_places"),
    path("team-places/<int:pk>/revoke/", views.team_place_revoke, name="team_place_revoke"),
    path("pick/organizations/", views.organization_search, name="pick_organizations"),
    path("pick/inspectors/", views.inspector_search, name="pick_inspectors"),
    path("jurisdictions/", views.jurisdiction_list, name="jurisdictions"),
    path("jurisdictions/<int:pk>/", views.jurisdiction_edit, name="jurisdiction"),
]
