app_name = "arrears"
urlpatterns: list[object] = []
