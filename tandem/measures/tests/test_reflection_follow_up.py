"""The session reflection refuses "for whose benefit: mainly mine" after "shared something: no",
with the reason next to that question and the other answers kept (issue 17.17)."""

import re

import pytest

from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


def test_it_refuses_a_benefit_after_sharing_nothing(client, people):
    client.force_login(people.therapist)
    page = client.post(
        f"/sessions/{people.session.pk}/respond/reflection/",
        {"presence": "7", "learned": "I rushed", "disclosed": "0", "disclosure_benefit": "2"},
    )
    text = page.content.decode()
    assert not Response.objects.filter(instrument_id="reflection").exists()
    assert "leave this blank (or choose “Not applicable”)" in text
    # The reason sits with "For whose benefit?" (its field's error), not at the top of the form.
    field = re.search(r"<fieldset[^>]*>\s*<legend>For whose benefit\?(.*?)</fieldset>", text, re.S)
    assert field is not None
    assert "leave this blank" in field.group(1)
    assert re.search(r"I rushed</textarea>", text)


def test_it_saves_a_benefit_after_sharing_something(client, people):
    client.force_login(people.therapist)
    client.post(
        f"/sessions/{people.session.pk}/respond/reflection/",
        {"presence": "7", "disclosed": "1", "disclosure_benefit": "1"},
    )
    assert Response.objects.get(instrument_id="reflection").answers["disclosure_benefit"] == 1


def test_the_form_says_when_the_follow_up_applies(client, people):
    client.force_login(people.therapist)
    page = client.get(f"/sessions/{people.session.pk}/respond/reflection/").content.decode()
    assert "Only if you answered “Yes” to “Did I share something about my own life?”." in page
