from django.contrib import admin
from django.urls import path

from . import transfer_views, views

app_name = "library"

urlpatterns = [
    path("library/", views.exercise_list, name="list"),
    path("library/<slug:slug>/", views.exercise_detail, name="detail"),
    # Admin pages (staff only, like the rest of admin); rehab/urls.py includes these before
    # admin's own.
    path(
        "admin/library/export/",
        admin.site.admin_view(transfer_views.library_export),
        name="export",
    ),
    path(
        "admin/library/import/",
        admin.site.admin_view(transfer_views.library_import),
        name="import",
    ),
]
