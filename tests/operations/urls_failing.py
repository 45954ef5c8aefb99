from django.urls import include, path


def failing_view(request):
    raise RuntimeError("the view failed")


urlpatterns = [path("people/<str:crn>/fails/", failing_view, name="failing"), path("", include("upw.urls"))]
