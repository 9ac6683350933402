from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("inspection/<int:pk>/", views.report_list, name="list"),
    path("inspection/<int:pk>/draft/<str:type>/", views.report_draft, name="draft"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/submit/", views.report_submit, name="submit"),
    path("<int:pk>/finalize/", views.report_finalize, name="finalize"),
    path("<int:pk>/return/", views.report_return, name="return"),
    path("<int:pk>/correct/", views.report_correct, name="correct"),
]
