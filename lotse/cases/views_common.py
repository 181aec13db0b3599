"""What every page of one case file shows in its head (cases/_case_header.html)."""

from typing import Any

from django.utils import timezone

from lotse.cases.models import CaseFile, Stage


def case_context(case_file: CaseFile, *, section: str, **more: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "case_file": case_file,
        "today": today,
        "section": section,
        "stage_label": Stage(case_file.stage_today(today)).label,
        **more,
    }
