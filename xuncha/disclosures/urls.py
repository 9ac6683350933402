from django.urls import path

from . import views

app_name = "disclosures"
urlpatterns = [
    path("inspection/<int:pk>/", views.disclosure_list, name="list"),
    path("<int:pk>/", views.disclosure_detail, name="detail"),
    path("<int:pk>/edit/", views.disclosure_edit, name="edit"),
    path("<int:pk>/correct/", views.disclosure_correct, name="correct"),
    path("<int:pk>/approve/", views.disclosure_approve, name="approve"),
    path("<int:pk>/return/", views.disclosure_return, name="return"),
    path("<int:pk>/publish/", views.disclosure_publish, name="publish"),
]
