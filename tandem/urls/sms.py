"""What the SMS gateway calls, under /sms/: delivery reports and replies such as STOP. No one signs
in; each request carries the gateway's signature (tandem/sms/webhooks.py, docs/deploy.md)."""

from django.urls import path

from tandem.sms import webhooks

urlpatterns = [
    path("status/", webhooks.delivery_report, name="sms_status"),
    path("replies/", webhooks.reply, name="sms_reply"),
]
