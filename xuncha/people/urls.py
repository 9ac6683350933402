from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("inspectors/", views.inspector_list, name="inspectors"),
    path("inspectors/<int:pk>/", views.inspector_detail, name="inspector"),
]
