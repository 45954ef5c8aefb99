from django.contrib.auth import views as auth_views
from django.urls import path

from upw.web.views import dashboard, home, people, projects, sessions

urlpatterns = [
    path("", home.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("people/", people.people_list, name="people"),
    path("people/<str:crn>/", people.person_detail, name="person"),
    path("projects/", projects.project_list, name="projects"),
    path("projects/<int:project_id>/", projects.project_detail, name="project"),
    path("sessions/", sessions.session_week, name="sessions"),
    path("sessions/<int:session_id>/", sessions.session_detail, name="session"),
]
