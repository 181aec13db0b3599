"""Addresses of the case work under /begleitungen/, one module per part: the file itself
(opening, overview, assessment, journal, network), the plan (goals, actions, reviews, closing,
PDFs), the team (caseloads, handover, covers)."""

from lotse.cases import urls_file, urls_plan, urls_team

app_name = "cases"

urlpatterns = [*urls_team.urlpatterns, *urls_file.urlpatterns, *urls_plan.urlpatterns]
