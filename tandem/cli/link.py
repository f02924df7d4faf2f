"""`tandem link EMAIL`: a personal questionnaire link for a client, printed once."""

from __future__ import annotations

import click

from tandem.cli.web import setup_django


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("email")
@click.option(
    "--session",
    "number",
    type=click.IntRange(min=1),
    default=None,
    help="The session's number in the client's current episode (default: the latest session).",
)
@click.option(
    "--follow-up",
    "follow_up",
    is_flag=True,
    help="A link to the client's open follow-up check-in after their therapy ended, instead.",
)
def link(email: str, number: int | None, follow_up: bool) -> None:
    """Make a personal questionnaire link for the client who signs in with EMAIL.

    The link opens the questionnaires due for one session (or, with --follow-up, the client's
    open check-in after the ending) without a password, and nothing else. It stops working once
    they are answered, after the practice's number of days, or when the therapist or practice
    admin withdraws it. Only its hash is stored: this is the one time the link is shown. It is
    printed alone on the last line, for scripts.

    \b
    Examples:
      tandem link ada@example.org
      tandem link ada@example.org --session 4
      tandem link ada@example.org --follow-up
    """
    setup_django()
    from tandem.care.models import Client
    from tandem.errors import ActionError
    from tandem.links.actions import create_link
    from tandem.links.models import QuestionnaireLink
    from tandem.web import dates

    if follow_up and number:
        raise click.UsageError("--session and --follow-up cannot be used together.")
    client = Client.objects.select_related("user").filter(user__email__iexact=email.strip()).first()
    if client is None:
        raise click.ClickException(f"no client signs in with {email.strip()}.")
    if follow_up:
        _follow_up_link(client)
        return
    episode = client.current_episode()
    if episode is None:
        raise click.ClickException(
            "this client has no open episode, so nothing is due. For a check-in after their "
            "therapy ended, add --follow-up."
        )
    sessions = episode.sessions.order_by("-number")
    session = (sessions.filter(number=number) if number else sessions).first()
    if session is None:
        raise click.ClickException(
            f"the client's current episode has no session {number}."
            if number
            else "the client's current episode has no session yet."
        )
    try:
        made = create_link(None, session, via=QuestionnaireLink.COMMAND_LINE)
    except ActionError as error:
        raise click.ClickException(str(error)) from None
    until = dates.day(made.link.expires_at)
    click.echo(
        f"Questionnaire link for session {session.number} of {client.display_name}'s current "
        f"episode, valid until {until} (shown once; it works without a password):"
    )
    click.echo(made.url)


def _follow_up_link(client: object) -> None:
    from tandem.errors import ActionError
    from tandem.followup import checkin
    from tandem.links.actions import create_follow_up_link
    from tandem.links.models import QuestionnaireLink
    from tandem.web import dates

    found = checkin.open_for(client)  # type: ignore[arg-type]
    if not found:
        raise click.ClickException(
            "this client has no open follow-up check-in (one opens 1, 3 or 6 months after a "
            "planned ending, as the practice collects them, and stays open for 28 days)."
        )
    follow_up = found[-1]
    try:
        made = create_follow_up_link(None, follow_up, via=QuestionnaireLink.COMMAND_LINE)
    except ActionError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"Questionnaire link for the {follow_up.months}-month follow-up check-in of "
        f"{getattr(client, 'display_name', '')}, valid until {dates.day(made.link.expires_at)} "
        "(shown once; it works without a password):"
    )
    click.echo(made.url)
