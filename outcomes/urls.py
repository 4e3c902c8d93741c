from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("patients/<int:patient_pk>/measures/", views.visit, name="visit"),
    path(
        "patients/<int:patient_pk>/measures/<int:measure_pk>/activities/",
        views.activities,
        name="activities",
    ),
    path("programs/<int:program_pk>/measures/", views.schedule, name="schedule"),
    path("programs/<int:program_pk>/discharge/", views.discharge, name="discharge"),
]
