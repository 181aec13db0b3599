"""Authorization matrix rows of the case work's plan part (see
lotse/core/tests/authorization_matrix.py and lotse/cases/tests/matrix_rows.py for the world):
the plan, its PDFs, the reviews, closing, reopening, the check-in, and their staff API.

The care navigator persona is responsible for the "own" case: it reads (200) and writes; the
office's manager reads (200) but does not write in someone's case (403); members of the office
without the right get 403, everyone else 404. A POST with no data answers the form with its
errors (200), or after a refused step goes back to the plan with a message (302)."""

import datetime as dt

from lotse.cases.models import Action, CaseFile, Goal
from lotse.core.tests.authorization_matrix import LOGIN

OBJECT_KWARGS = {"goal_id", "action_id"}

PLAN = "/begleitungen/{id}/hilfeplan/#ziele"  # back to the plan's goals after a step
BACK = "/begleitungen/{id}/hilfeplan/"  # back to the plan after the check-in

# fmt: off
ROWS = {
    # Pages that show the plan, its PDFs and the reviews: the case's team and the office's manager
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ('GET', 'cases:plan', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ('GET', 'cases:plan', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', 'cases:plan_pdf', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ('GET', 'cases:plan_pdf', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', 'cases:summary_pdf', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ('GET', 'cases:summary_pdf', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', 'cases:review_list', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ('GET', 'cases:review_list', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # Pages that change the plan (GET shows a form): only the case's team; an empty POST answers
    # the form with its errors (200) or goes back to the plan with a message (PLAN, BACK)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ('POST', 'cases:goal_add', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:goal_add', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', 'cases:goal_edit', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('GET', 'cases:goal_edit', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:goal_edit', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:goal_edit', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:action_add', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:action_add', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:action_refer', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:action_refer', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:action_digital_help', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:action_digital_help', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:action_done', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,  PLAN,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:action_done', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:action_cancel', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,  PLAN,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:action_cancel', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:goal_remove', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,  PLAN,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:goal_remove', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:review_schedule', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:review_schedule', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', 'cases:review_new', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('GET', 'cases:review_new', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:review_new', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:review_new', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', 'cases:close', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('GET', 'cases:close', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:close', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:close', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:check_in', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,  BACK,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:check_in', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', 'cases:reopen', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('GET', 'cases:reopen', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', 'cases:reopen', 'own'):
        (LOGIN,   404,   404,   403,   403,   403,   200,   404,   403,   403,   403,   404,   404),
    ('POST', 'cases:reopen', 'foreign'):
        (LOGIN,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),

    # The staff API: the same; an empty body is refused by the service (422) or the state (409)
    #     anon  resid  relat  helpr  multi  offic  navig  provd  mangr  coord  resch  admin  outsd
    ('GET', '/api/v1/cases/{case_id}/goals', 'own'):
        (  401,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ('GET', '/api/v1/cases/{case_id}/goals', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', '/api/v1/cases/{case_id}/goals', 'own'):
        (  401,   404,   404,   403,   403,   403,   422,   404,   403,   403,   403,   404,   404),
    ('POST', '/api/v1/cases/{case_id}/goals', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', '/api/v1/cases/{case_id}/actions', 'own'):
        (  401,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ('GET', '/api/v1/cases/{case_id}/actions', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', '/api/v1/cases/{case_id}/actions', 'own'):
        (  401,   404,   404,   403,   403,   403,   422,   404,   403,   403,   403,   404,   404),
    ('POST', '/api/v1/cases/{case_id}/actions', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', '/api/v1/cases/{case_id}/actions/{action_id}/done', 'own'):
        (  401,   404,   404,   403,   403,   403,   409,   404,   403,   403,   403,   404,   404),
    ('POST', '/api/v1/cases/{case_id}/actions/{action_id}/done', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', '/api/v1/cases/{case_id}/actions/{action_id}/cancel', 'own'):
        (  401,   404,   404,   403,   403,   403,   409,   404,   403,   403,   403,   404,   404),
    ('POST', '/api/v1/cases/{case_id}/actions/{action_id}/cancel', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('GET', '/api/v1/cases/{case_id}/reviews', 'own'):
        (  401,   404,   404,   403,   403,   403,   200,   404,   200,   403,   403,   404,   404),
    ('GET', '/api/v1/cases/{case_id}/reviews', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', '/api/v1/cases/{case_id}/reviews', 'own'):
        (  401,   404,   404,   403,   403,   403,   422,   404,   403,   403,   403,   404,   404),
    ('POST', '/api/v1/cases/{case_id}/reviews', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', '/api/v1/cases/{case_id}/close', 'own'):
        (  401,   404,   404,   403,   403,   403,   422,   404,   403,   403,   403,   404,   404),
    ('POST', '/api/v1/cases/{case_id}/close', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
    ('POST', '/api/v1/cases/{case_id}/reopen', 'own'):
        (  401,   404,   404,   403,   403,   403,   409,   404,   403,   403,   403,   404,   404),
    ('POST', '/api/v1/cases/{case_id}/reopen', 'foreign'):
        (  401,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   404,   403),
}
# fmt: on


def extend_world(world, request) -> None:
    """A goal with an open task in the own and in the foreign case."""
    for variant in ("own", "foreign"):
        case_file = CaseFile.objects.get(pk=world[variant]["case_id"])
        goal = Goal.objects.create(case_file=case_file, text="Wieder selbst einkaufen")
        action = Action.objects.create(
            case_file=case_file,
            goal=goal,
            title="Rollator bestellen",
            due_on=dt.date(2027, 3, 4),
            created_by=case_file.responsible,
        )
        world[variant]["goal_id"] = goal.pk
        world[variant]["action_id"] = action.pk
