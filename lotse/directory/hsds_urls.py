"""The HSDS 3.0 API, mounted at /api/hsds/. Paths have no trailing slash, as in HSDS."""

from django.urls import path, re_path

from lotse.directory.hsds import views

app_name = "hsds"
urlpatterns = [
    path("", views.api_root, name="root"),
    path("openapi.json", views.openapi_document, name="openapi"),
    path("services", views.service_list, name="services"),
    path("services/<str:service_id>", views.service_detail, name="service"),
    path("service_at_locations", views.service_at_location_list, name="service_at_locations"),
    path(
        "service_at_locations/<str:service_at_location_id>",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    path("organizations", views.organization_list, name="organizations"),
    path("organizations/<str:organization_id>", views.organization_detail, name="organization"),
    path("taxonomies", views.taxonomy_list, name="taxonomies"),
    path("taxonomies/<str:taxonomy_id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_term_list, name="taxonomy_terms"),
    path("taxonomy_terms/<str:taxonomy_term_id>", views.taxonomy_term_detail, name="taxonomy_term"),
    re_path(r"^", views.unknown),
]
