from django.urls import path

from . import report_views, views

app_name = "records"

urlpatterns = [
    path("patients/<int:pk>/export/", views.export, name="export"),
    path("patients/<int:pk>/erase/", views.erase, name="erase"),
    path("patients/<int:pk>/report/", report_views.progress_report, name="report"),
]
