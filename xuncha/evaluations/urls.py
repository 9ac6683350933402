"""Pages of the office and the team (login)."""

from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("inspections/<int:pk>/", views.inspection_evaluations, name="inspection"),
    path("<int:pk>/", views.evaluation_detail, name="detail"),
    path("<int:pk>/<str:step>/", views.evaluation_act, name="act"),
]
