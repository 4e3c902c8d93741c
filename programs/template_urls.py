"""A therapist's own templates and favourites: a namespace of their own, apart from the
patient-data routes of `programs:` (tests/security walks those by object id)."""

from django.urls import path

from . import template_views

app_name = "mine"

urlpatterns = [
    path("my/templates/", template_views.template_list, name="templates"),
    path("my/templates/<int:pk>/rename/", template_views.template_rename, name="rename"),
    path("my/templates/<int:pk>/delete/", template_views.template_delete, name="delete"),
    path("my/favourites/<int:exercise_pk>/", template_views.favourite_toggle, name="favourite"),
]
