"""Pages for finding the way: the help page, the start page of staff work, and the 403 and 404
pages in the site's layout with a way back."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lotse.core.rules import is_staff_member, memberships_of


def help_page(request: HttpRequest) -> HttpResponse:
    return render(request, "core/help.html")


@login_required
def work_home(request: HttpRequest) -> HttpResponse:
    """The staff menu as a page (lotse/accounts/staff_menu.py, read by the template), and for
    roles without pages yet a plain word that says so instead of a refusal."""
    memberships = memberships_of(request.user)
    return render(
        request,
        "core/work_home.html",
        {"memberships": memberships, "is_staff_member": is_staff_member(request.user)},
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)
