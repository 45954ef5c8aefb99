from django.contrib import admin
from django.urls import include, path

from upw.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("upw.web.urls")),
    path("", include("partners.urls")),
]
