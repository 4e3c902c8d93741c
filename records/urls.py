from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("patients/<int:pk>/export/", views.export, name="export"),
    path("patients/<int:pk>/erase/", views.erase, name="erase"),
]
