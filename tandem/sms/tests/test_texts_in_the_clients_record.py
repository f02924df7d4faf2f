"""The right of access covers texts too: the client's own download holds their number, how
reminders reach them and each text's purpose and fate; their therapist's download of the same
record holds the texts but never the number (staff do not see it)."""

from __future__ import annotations

from typing import Any

from tandem.care.erasure import downloaded_record
from tandem.sms.models import TextMessage


def test_the_clients_download_holds_their_number_and_texts(people: Any, verified: Any) -> None:
    TextMessage.objects.create(
        practice=people.practice,
        client=people.client,
        purpose=TextMessage.REMINDER,
        to=verified.number,
        status=TextMessage.DELIVERED,
    )
    own = downloaded_record(people.client_user, people.client)["text_messages"]
    assert own["number"] == "07911 123456" and own["reminders_by"] == "text"
    assert [(m["purpose"], m["status"]) for m in own["messages"]] == [("reminder", "delivered")]
    therapists = downloaded_record(people.therapist, people.client)["text_messages"]
    assert therapists["number"] == "(shown only to the client)"
    assert "7911" not in str(therapists) and therapists["messages"] == own["messages"]


def test_a_client_who_never_gave_a_number_has_no_texts_section(people: Any) -> None:
    assert downloaded_record(people.client_user, people.client)["text_messages"] is None
