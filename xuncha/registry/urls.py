from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("targets/", views.targets, name="targets"),
    path("targets/new/", views.target_create, name="target_new"),
    path("targets/<int:pk>/", views.target_detail, name="target"),
    path("targets/<int:pk>/reorganize/", views.target_reorganize, name="target_reorganize"),
    path("cadres/", views.cadres, name="cadres"),
    path("cadres/new/", views.cadre_create, name="cadre_new"),
    path("cadres/<int:pk>/", views.cadre_detail, name="cadre"),
]
