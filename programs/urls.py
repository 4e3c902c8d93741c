from django.urls import path

from . import sheet_views, views

app_name = "programs"

urlpatterns = [
    path("patients/", views.patient_list, name="patients"),
    path("patients/new/", views.patient_create, name="patient_new"),
    path("patients/<int:pk>/", views.patient_detail, name="patient"),
    path("patients/<int:pk>/edit/", views.patient_edit, name="patient_edit"),
    path("patients/<int:patient_pk>/programs/new/", views.program_create, name="new"),
    path("programs/<int:pk>/", views.program_detail, name="detail"),
    path("programs/<int:pk>/edit/", views.program_edit, name="edit"),
    path("programs/<int:pk>/edit/search/", views.exercise_search, name="search"),
    path("programs/<int:pk>/edit/row/", views.item_row, name="row"),
    path("programs/<int:pk>/edit/alternatives/", views.item_alternatives, name="alternatives"),
    path("programs/<int:pk>/discard/", views.program_discard, name="discard"),
    path("programs/<int:pk>/revise/", views.program_revise, name="revise"),
    path("programs/<int:pk>/template/", views.program_save_template, name="save_template"),
    path("programs/<int:pk>/sheets/", sheet_views.program_sheets, name="sheets"),
]
