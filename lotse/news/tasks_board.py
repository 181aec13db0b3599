"""Background work of the noticeboard, run by the database task worker."""

from django.tasks import task

from lotse.news.services_board import boardposts_expire


@task
def expire_board_posts() -> dict[str, int]:
    """Daily: posts past their last day run out, authors hear a few days before (resumable:
    each post in its own transaction; a second run finds nothing left to do)."""
    return boardposts_expire()
