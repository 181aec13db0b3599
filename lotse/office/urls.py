app_name = "office"

urlpatterns: list = []
