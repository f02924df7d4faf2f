"""Personal questionnaire links, under /l/: whoever holds a link, signed in or not. The token in
the address is the only key, and these pages open nothing but its session's questionnaires and
the crisis page (tandem/links)."""

from django.urls import path

from tandem.links import views as links

urlpatterns = [
    path("<str:token>/", links.open_link, name="link_open"),
    path("<str:token>/support/", links.support, name="link_support"),
    path("<str:token>/<slug:instrument_id>/", links.respond, name="link_respond"),
]
