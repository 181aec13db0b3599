"""Operations on lotse.news.api_router.router (written by its part)."""
