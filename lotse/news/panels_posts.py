"""What "Aktuelles" shows on a quarter's page (lotse.core.page_panels): its newest news."""

from lotse.core.page_panels import Panel, quarter_panel_register
from lotse.news.selectors_posts import PANEL_COUNT, current_news


def quarter_panels(area) -> list[Panel]:
    news = list(current_news(area=area)[:PANEL_COUNT])
    return [Panel("news/posts_panel_quarter.html", {"news": news, "area": area})] if news else []


def register() -> None:
    quarter_panel_register("news_posts", quarter_panels)
