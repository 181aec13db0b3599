from django.conf import settings
from django.http import HttpRequest


def display(request: HttpRequest) -> dict[str, str]:
    """Text size and contrast are chosen by links with query parameters and kept in a cookie."""
    return {
        "text_size": request.COOKIES.get("textgroesse", "normal"),
        "contrast": request.COOKIES.get("kontrast", "normal"),
    }


def contact(request: HttpRequest) -> dict[str, str]:
    """The office phone and hours for the footer of every page (UI_GUIDE § 6)."""
    phone = settings.LOTSE_CONTACT_PHONE
    return {
        "contact_phone": phone,
        # Click to call: phones dial "tel:0236112345" but not the spaces or slashes people write.
        "contact_phone_link": "".join(ch for ch in phone if ch.isdigit() or ch == "+"),
        "contact_hours": settings.LOTSE_CONTACT_HOURS,
        "accessibility_email": settings.LOTSE_ACCESSIBILITY_EMAIL,
    }
