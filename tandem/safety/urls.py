from django.urls import path

from tandem.safety import views

urlpatterns = [
    path("risk/<int:pk>/acknowledge/", views.acknowledge, name="acknowledge_risk"),
    path(
        "clients/<int:pk>/safety-plan/", views.therapist_safety_plan, name="therapist_safety_plan"
    ),
    path("practice/risk/", views.practice_risk, name="practice_risk"),
    path("practice/safety/", views.practice_safety_settings, name="practice_safety"),
    path("portal/support/", views.support, name="portal_support"),
    path("portal/safety-plan/", views.client_safety_plan, name="portal_safety_plan"),
]
