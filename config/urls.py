from django.contrib import admin
from django.urls import include, path

from config.api import api
from lotse.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("anzeige/", core_views.display_settings, name="display_settings"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("konto/", include("lotse.accounts.urls")),
    path("", include("lotse.directory.urls")),
]
