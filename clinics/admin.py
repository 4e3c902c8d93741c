import zoneinfo

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import SetPasswordMixin, UsernameField
from django.db import models, transaction
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from modeltranslation.admin import TabbedTranslationAdmin

from core.uploads import SafeImageField

from .models import Clinic, Therapist

User = get_user_model()


def own_clinics(request):
    """The clinic the logged-in account belongs to (through its therapist profile)."""
    return Clinic.objects.filter(therapists__user=request.user)


def settle_clinic(form, clinic_id, *, none_label=None):
    """An admin form's `clinic` for an account that has one choice only (a clinic admin's
    own clinic, or none for a library editor): shown, set and not to be picked from a
    "---------" menu. A new row gets it before validation, so the checks that read the
    row's clinic (names unique per clinic, which exercises a protocol may hold) see it; a
    disabled field keeps whatever is posted for it out."""
    field = form.fields.get("clinic")
    if field is None:
        return
    if form.instance.pk is None:
        form.instance.clinic_id = clinic_id
    form.initial["clinic"] = form.instance.clinic_id
    field.disabled = True
    field.required = False
    field.empty_label = none_label if form.instance.clinic_id is None else None
    field.help_text = "Set for you: the only library this account adds to."


@admin.register(Clinic)
class ClinicAdmin(TabbedTranslationAdmin):
    """A clinic admin sees and edits their own clinic only; the operator (superuser) all."""

    list_display = ["name", "phone", "paper_size", "time_zone"]
    search_fields = ["name"]
    # The logo is checked, stripped of metadata and re-encoded (core/uploads.py).
    formfield_overrides = {models.ImageField: {"form_class": SafeImageField}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "time_zone":
            # A list to choose from (the model checks the name, see validate_time_zone).
            zones = sorted(zoneinfo.available_timezones())
            kwargs["widget"] = forms.Select(choices=[(zone, zone) for zone in zones])
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request):
        clinics = super().get_queryset(request)
        if request.user.is_superuser:
            return clinics
        return clinics.filter(therapists__user=request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser


def save_account(*, therapist, username=None, password=None, **account):
    """Saves a therapist profile with its login, in one transaction: a new profile gets a new
    login (username and password), an existing one's login gets the names, email and active
    flag given. A login made here always belongs to a clinic."""
    with transaction.atomic():
        if therapist.user_id is None:
            therapist.user = User.objects.create_user(username, password=password, **account)
        else:
            for name, value in account.items():
                setattr(therapist.user, name, value)
            therapist.user.save(update_fields=list(account))
        therapist.save()
    return therapist


def user_field(name, **kwargs):
    """The login model's own form field: its label, length and help text."""
    return User._meta.get_field(name).formfield(**kwargs)


class AccountForm(forms.ModelForm):
    """What a clinic admin edits of an account: the login's names, email and active flag with
    the therapist profile. Which login the profile belongs to is not a field, so a posted
    `user` is ignored."""

    account_fields = ["first_name", "last_name", "email", "is_active"]

    first_name = user_field("first_name", required=True)
    last_name = user_field("last_name", required=True)
    email = user_field("email")
    is_active = user_field("is_active")

    class Meta:
        model = Therapist
        fields = ["clinic", "credentials", "phone"]

    own_clinic_id = None  # the clinic admin's clinic, set by TherapistAdmin.get_form

    def __init__(self, *args, instance=None, initial=None, **kwargs):
        if instance is not None and instance.user_id is not None:
            login = {name: getattr(instance.user, name) for name in self.account_fields}
            initial = {**login, **(initial or {})}
        super().__init__(*args, instance=instance, initial=initial, **kwargs)
        if self.own_clinic_id is not None:
            settle_clinic(self, self.own_clinic_id)

    def account(self):
        """The login's values, for save_account()."""
        return {name: self.cleaned_data[name] for name in self.account_fields}


USERNAME_TAKEN = "Choose another user name."


class NewAccountForm(SetPasswordMixin, AccountForm):
    """A new login and its therapist profile in one form; the password goes through
    AUTH_PASSWORD_VALIDATORS, as in every other place a password is set."""

    account_fields = ["username", "first_name", "last_name", "email"]

    # The model's validator runs only in the model's full_clean(), which this form skips.
    username = user_field(
        "username", form_class=UsernameField, validators=[User.username_validator]
    )
    is_active = None  # a new login is active
    password1, password2 = SetPasswordMixin.create_password_fields()

    def clean_username(self):
        """User names are unique whatever their case, as in Django's UserCreationForm. A
        clash with any login, of this clinic or another, gets the same few words: the form
        must refuse the name, but says nothing of whose it is."""
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(USERNAME_TAKEN, code="unique")
        return username

    def clean(self):
        cleaned_data = super().clean()
        self.validate_passwords()
        # The similarity validator compares the password with the names and email.
        self.validate_password_for_user(
            User(**{name: cleaned_data.get(name) for name in self.account_fields})
        )
        return cleaned_data

    def account(self):
        return {**super().account(), "password": self.cleaned_data["password1"]}


@admin.register(Therapist)
class TherapistAdmin(admin.ModelAdmin):
    """Accounts of the admin's own clinic. A clinic admin creates the login and its profile
    together and never chooses an existing login: any login they could pick would be one of
    another clinic or one without a clinic, and picking it would hand it their patients
    (and tell existing ids from missing ones). A therapist cannot be moved to another clinic
    (that would hand them, or the admin, the other clinic's patients). The operator
    (superuser) gets Django's plain form and may attach an existing login."""

    list_display = ["__str__", "clinic", "phone", "user__is_active"]
    list_filter = [("clinic", admin.RelatedOnlyFieldListFilter)]  # only the clinics shown
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    list_select_related = ["user", "clinic"]
    autocomplete_fields = ["user"]
    add_fieldsets = [
        ("Login", {"fields": ["username", ("first_name", "last_name"), "email"]}),
        ("Password", {"fields": ["password1", "password2"]}),
        ("Therapist", {"fields": ["clinic", "credentials", "phone"]}),
    ]
    account_fieldsets = [
        ("Login", {"fields": ["login_name", ("first_name", "last_name"), "email", "is_active"]}),
        ("Therapist", {"fields": ["clinic", "credentials", "phone"]}),
    ]

    def get_queryset(self, request):
        therapists = super().get_queryset(request)
        if request.user.is_superuser:
            return therapists
        return therapists.filter(clinic__therapists__user=request.user)

    @admin.display(description="User name")
    def login_name(self, obj):
        return obj.user.get_username()

    def get_form(self, request, obj=None, **kwargs):
        if request.user.is_superuser:
            return super().get_form(request, obj, **kwargs)
        kwargs["form"] = NewAccountForm if obj is None else AccountForm
        form = super().get_form(request, obj, **kwargs)  # a class made for this request
        form.own_clinic_id = own_clinics(request).values_list("pk", flat=True).first()
        return form

    def get_fieldsets(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_fieldsets(request, obj)
        return self.add_fieldsets if obj is None else self.account_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser or obj is None:
            return []
        return ["login_name"]

    def get_autocomplete_fields(self, request):
        return self.autocomplete_fields if request.user.is_superuser else []

    def get_changeform_initial_data(self, request):
        """A clinic admin's own clinic, their only choice, comes preselected."""
        initial = super().get_changeform_initial_data(request)
        if not request.user.is_superuser:
            clinic = own_clinics(request).first()
            if clinic is not None:
                initial.setdefault("clinic", clinic.pk)
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            kwargs["queryset"] = own_clinics(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return self._not_the_operators(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._not_the_operators(request, obj) and super().has_delete_permission(request, obj)

    @staticmethod
    def _not_the_operators(request, obj):
        """An operator's (superuser's) own profile is theirs: a clinic admin may read it but
        not rename, deactivate or delete it."""
        return obj is None or request.user.is_superuser or not obj.user.is_superuser

    @method_decorator(sensitive_post_parameters("password1", "password2"))
    def add_view(self, request, form_url="", extra_context=None):
        """Keeps the passwords out of error reports, as Django's own user admin does."""
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if isinstance(form, AccountForm):
            save_account(therapist=obj, **form.account())
        else:
            super().save_model(request, obj, form, change)
