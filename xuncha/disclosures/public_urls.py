"""The public page: no login (JDZ-2017 第四十二条, NMG-2016 第三十五条: 向党内和社会公开)."""

from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.public_index, name="index"),
    path("<slug:code>/", views.public_jurisdiction, name="jurisdiction"),
]
