from django.urls import path

from upw.enforcement import views

urlpatterns = [
    path("absences/", views.absences, name="absences"),
    path("absences/<int:attendance_id>/", views.absence_decide, name="absence_decide"),
    path("referrals/", views.referrals, name="referrals"),
    path("referrals/<int:referral_id>/", views.referral_outcome, name="referral_outcome"),
]
