from django.contrib import admin
from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("patients/<int:pk>/export/", views.export, name="export"),
    path("patients/<int:pk>/erase/", views.erase, name="erase"),
    # Admin pages of the records layer (staff only, like the rest of admin); rehab/urls.py
    # includes these before admin's own.
    path(
        "admin/library/export/", admin.site.admin_view(views.library_export), name="library_export"
    ),
    path(
        "admin/library/import/", admin.site.admin_view(views.library_import), name="library_import"
    ),
]
