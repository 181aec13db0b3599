"""Addresses of the case work's plan part (included by lotse/cases/urls.py)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
