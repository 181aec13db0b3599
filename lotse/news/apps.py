from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "lotse.news"
    label = "news"
    verbose_name = "Leben im Quartier (Veranstaltungen, Aktuelles, Pinnwand)"

    def ready(self) -> None:
        from lotse.news import account, account_board, panels_posts

        account.register()
        account_board.register()
        panels_posts.register()
