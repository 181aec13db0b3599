from django.contrib import admin
from django.urls import include, path

from config.api import api
from lotse.accounts import admin_site
from lotse.core import views as core_views
from lotse.core import views_navigation
from lotse.office import views_finder as office_finder

# The admin has no login of its own: the site's login with its lockout, and a second factor.
admin.site.login = admin_site.admin_login  # type: ignore[method-assign]
admin.site.has_permission = admin_site.admin_has_permission  # type: ignore[method-assign]

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("anzeige/", core_views.display_settings, name="display_settings"),
    path("leichte-sprache/", core_views.easy_language, name="easy_language"),
    path("barrierefreiheit/", core_views.accessibility_statement, name="accessibility_statement"),
    path("barriere-melden/", core_views.barrier_report, name="barrier_report"),
    path("barriere-melden/danke/", core_views.barrier_report_thanks, name="barrier_report_thanks"),
    path("hilfe/", views_navigation.help_page, name="help"),
    path("mitarbeit/", views_navigation.work_home, name="work_home"),
    path("quartier/", office_finder.quarter_choose, name="quarter_choose"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/hsds/", include("lotse.directory.hsds_urls")),
    path("konto/", include("lotse.accounts.urls")),
    # allauth's pages (code login, sign-up, password reset, second factor) under /konto/ too.
    path("konto/", include("allauth.urls")),
    path("personen/", include("lotse.people.urls")),
    # Data-subject rights (Art. 15, 17) and the record of processing, retention (Art. 30).
    path("datenschutz/", include("lotse.compliance.urls")),
    path("buero/", include("lotse.office.urls")),
    path("mitteilungen/", include("lotse.notifications.urls")),
    path("verwaltung/", include("lotse.accounts.urls_region")),
    path("digitalhilfe/", include("lotse.volunteers.urls")),
    path("begleitungen/", include("lotse.cases.urls")),
    path("veranstaltungen/", include("lotse.news.urls_events")),
    path("aktuelles/", include("lotse.news.urls_posts")),
    path("pinnwand/", include("lotse.news.urls_board")),
    path("", include("lotse.desk.urls")),
    path("", include("lotse.directory.urls")),
]

# German pages in the site's layout, with a way back (templates/403.html, 404.html).
handler403 = views_navigation.permission_denied
handler404 = views_navigation.page_not_found
