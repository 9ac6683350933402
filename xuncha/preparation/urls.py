from django.urls import path

from . import views

app_name = "preparation"
urlpatterns = [
    path("<int:pk>/", views.preparation_page, name="page"),
    path("<int:pk>/draft-all/", views.draft_all, name="draft_all"),
    path("<int:pk>/draft/", views.draft_one, name="draft"),
    path("<int:pk>/checks/", views.check_record, name="check_record"),
    path("<int:pk>/briefings/", views.briefing_record, name="briefing_record"),
    path("requests/<int:pk>/", views.letter_detail, name="letter"),
    path("requests/<int:pk>/send/", views.request_send, name="send"),
    path("requests/<int:pk>/answer/", views.request_answer, name="answer"),
    path("checks/<int:pk>/", views.check_detail, name="check"),
    path("briefings/<int:pk>/", views.briefing_detail, name="briefing"),
]
