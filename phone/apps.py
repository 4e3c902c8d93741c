from django.apps import AppConfig


class PhoneConfig(AppConfig):
    """The patient's phone page, opened from the handout's QR code without a login."""

    name = "phone"
    verbose_name = "Phone page"
