"""The section "Meine Pinnwand-Einträge" of "Mein Konto" (lotse.accounts.registry): the posts
the account wrote, their state, and "Verlängern" / "Zurückziehen" where they apply."""

from typing import Any

from django.utils import timezone

from lotse.accounts.models import User
from lotse.accounts.registry import AccountSection, account_section_register
from lotse.news.models import BoardPost
from lotse.news.selectors_board import own_board_posts
from lotse.news.services_board import renewable

# The newest this many posts (the rest are long over).
SHOWN = 20


def board_context(user: User) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "board_posts": [
            {
                "post": post,
                "may_renew": renewable(post, today),
                "may_withdraw": post.status
                in (BoardPost.Status.SUBMITTED, BoardPost.Status.PUBLISHED),
            }
            for post in own_board_posts(user=user)[:SHOWN]
        ]
    }


def register() -> None:
    account_section_register(
        "pinnwand",
        AccountSection(order=40, template="news/board_account.html", context=board_context),
    )
