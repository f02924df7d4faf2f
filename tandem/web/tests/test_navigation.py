"""The dashboards are one click away: "My progress" for clients, "Practice report" for leads."""

from __future__ import annotations

from typing import Any


def _nav(client: Any, user: Any, url: str) -> str:
    client.force_login(user)
    html = client.get(url).content.decode()
    return html.split('<nav aria-label="Main">', 1)[1].split("</nav>", 1)[0]


def test_clients_see_my_progress_as_the_current_page(client: Any, people: Any) -> None:
    nav = _nav(client, people.client_user, "/portal/progress/")
    assert '<a href="/portal/progress/" aria-current="page">My progress</a>' in nav
    assert '<a href="/portal/">My therapy</a>' in nav


def test_admins_and_supervisors_see_the_practice_report(client: Any, people: Any) -> None:
    for user in (people.admin, people.supervisor):
        assert "Practice report" in _nav(client, user, "/reports/practice/")


def test_therapists_do_not(client: Any, people: Any) -> None:
    assert "Practice report" not in _nav(client, people.therapist, "/caseload/")


def test_admins_and_supervisors_reach_the_alert_replay_from_the_nav(
    client: Any, people: Any
) -> None:
    # Issue 15.3: "How well do our alerts work?" had no link in the navigation.
    for user in (people.admin, people.supervisor):
        nav = _nav(client, user, "/reports/practice/alerts/")
        assert '<a href="/reports/practice/alerts/" aria-current="page">Alert check</a>' in nav
        assert '<a href="/reports/practice/">Practice report</a>' in nav
    for user in (people.therapist, people.client_user):
        assert "/reports/practice/alerts/" not in _nav(client, user, "/accounts/sessions/")


def test_who_has_seen_my_record_is_under_settings(client: Any, people: Any) -> None:
    nav = _nav(client, people.client_user, "/portal/who-has-seen-my-record/")
    assert '<a href="/portal/settings/" aria-current="page">Settings</a>' in nav
    assert '<a href="/portal/">My therapy</a>' in nav
