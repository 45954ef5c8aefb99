from django.urls import path

from upw.orders import views

urlpatterns = [
    path("orders/<int:requirement_id>/", views.order_detail, name="order"),
    path("orders/<int:requirement_id>/<str:action>/", views.order_action, name="order_action"),
]
