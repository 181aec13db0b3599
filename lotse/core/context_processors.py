from django.http import HttpRequest


def display(request: HttpRequest) -> dict[str, str]:
    """Text size and contrast are chosen by links with query parameters and kept in a cookie."""
    return {
        "text_size": request.COOKIES.get("textgroesse", "normal"),
        "contrast": request.COOKIES.get("kontrast", "normal"),
    }
