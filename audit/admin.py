import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.html import format_html

from .models import AuditEvent


class ActorFilter(admin.SimpleListFilter):
    """Who acted, listing only the people of the admin's own clinic."""

    title = "who"
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        users = get_user_model().objects.order_by("last_name", "first_name", "username")
        if not request.user.is_superuser:
            users = users.filter(therapist__clinic__therapists__user=request.user)
        return [(user.pk, user.get_full_name() or user.get_username()) for user in users]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(actor_id=self.value())
        return queryset


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only for everyone, operators included: the log is append-only."""

    list_display = ["utc_time", "action", "who", "patient_link", "object", "ip", "detail"]
    list_filter = ["action", ActorFilter, "at"]
    date_hierarchy = "at"
    search_fields = ["username", "actor__last_name", "patient__name", "patient__chart_number", "ip"]
    list_select_related = ["actor", "patient"]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).for_user(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="time (UTC)", ordering="at")
    def utc_time(self, obj):
        return obj.at.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S")

    @admin.display(description="who", ordering="username")
    def who(self, obj):
        if obj.actor is None:
            return obj.username or "—"
        return obj.actor.get_full_name() or obj.actor.get_username()

    @admin.display(description="patient")
    def patient_link(self, obj):
        """The patient's name, linking to all of this patient's events; an erased patient
        is shown by their pseudonym, the number their events still share."""
        if obj.patient_id is None:
            return "—"
        url = reverse("admin:audit_auditevent_changelist")
        try:
            patient = obj.patient  # selected with the row: None once the patient is erased
        except ObjectDoesNotExist:
            patient = None
        label = str(patient) if patient is not None else f"erased patient #{obj.patient_id}"
        return format_html('<a href="{}?patient__id__exact={}">{}</a>', url, obj.patient_id, label)

    @admin.display(description="object")
    def object(self, obj):
        return f"{obj.object_type} {obj.object_id}" if obj.object_type else "—"
