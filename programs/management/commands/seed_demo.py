from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from exercises.models import Exercise
from programs.models import Clinic, Therapist
from programs.roles import clinic_admin_group

DEMO_CLINIC = "Riverside Physical Therapy (demo)"
DEMO_LOGINS = [
    # username, password, first name, last name, is clinic admin
    ("admin", "rehab-admin-demo", "Alex", "Morgan", True),
    ("therapist", "rehab-therapist-demo", "Jordan", "Lee", False),
]


class Command(BaseCommand):
    help = "Creates a demo clinic with a clinic admin and a therapist. Safe to run again."

    @transaction.atomic
    def handle(self, *args, **options):
        if not Exercise.objects.exists():
            self.stderr.write("The library is empty: run `manage.py loaddata exercise_library`.")
        clinic, _ = Clinic.objects.update_or_create(
            name=DEMO_CLINIC,
            defaults={"phone": "(555) 010-2030", "address": "12 River Road\nSpringfield"},
        )
        admins = clinic_admin_group()
        User = get_user_model()
        for username, password, first, last, is_admin in DEMO_LOGINS:
            user, _ = User.objects.update_or_create(
                username=username,
                defaults={"first_name": first, "last_name": last, "is_staff": is_admin},
            )
            user.set_password(password)
            user.save(update_fields=["password"])
            if is_admin:
                user.groups.add(admins)
            Therapist.objects.update_or_create(
                user=user,
                defaults={"clinic": clinic, "credentials": "PT, DPT", "phone": "(555) 010-2031"},
            )
        self.stdout.write(self.style.SUCCESS(f"Demo clinic ready: {clinic.name}"))
        self.stdout.write("Log in at http://127.0.0.1:8000/ with:")
        for username, password, *_, is_admin in DEMO_LOGINS:
            role = "clinic admin" if is_admin else "therapist"
            self.stdout.write(f"  {role:<13} username: {username:<10} password: {password}")
