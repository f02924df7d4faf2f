"""An HTML form for any instrument, built from its definition file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tandem.core.instruments import Instrument, Item
from tandem.measures import wording
from tandem.measures.models import Response

YES, NO = _("Yes"), _("No")


class ScaleWidget(forms.RadioSelect):
    template_name = "measures/widgets/choices.html"

    def __init__(
        self, *args: Any, css: str = "", min_label: str = "", max_label: str = "", **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.css, self.min_label, self.max_label = css, min_label, max_label

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"].update(css=self.css, min_label=self.min_label, max_label=self.max_label)
        return context


def _asked_if_help(instrument: Instrument, item: Item) -> str:
    """ "Only if you answered Yes to …" for a follow-up question (asked_if)."""
    if item.asked_if is None:
        return ""
    condition = instrument.item(item.asked_if.item)
    if condition.kind == "boolean":
        said = str(YES if item.asked_if.answer else NO)
    else:
        said = condition.option_label(item.asked_if.answer) or str(item.asked_if.answer)
    return _("Only if you answered “%(answer)s” to “%(question)s”.") % {
        "answer": said,
        "question": condition.text,
    }


def _field(instrument: Instrument, item: Item) -> forms.Field:
    required = item.required and item.kind != "text"
    if item.kind == "text":
        return forms.CharField(
            label=item.text,
            required=False,
            max_length=4000,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    if item.kind == "boolean":
        choices = [("1", YES), ("0", NO)]
        widget = ScaleWidget(css="")
    elif item.kind == "choice":
        choices = [(str(o.value), o.label) for o in item.options]
        widget = ScaleWidget(css="")
    else:
        low, high = item.min or 0, item.max if item.max is not None else 10
        choices = [(str(v), str(v)) for v in range(low, high + 1)]
        widget = ScaleWidget(css="scale", min_label=item.min_label, max_label=item.max_label)
    return forms.ChoiceField(
        label=item.text,
        choices=choices,
        widget=widget,
        required=required,
        help_text=_asked_if_help(instrument, item),
        error_messages={
            "required": _("Please choose an answer."),
            "invalid_choice": _("Please choose one of the answers."),
        },
    )


class InstrumentForm(forms.Form):
    """Fields named by item id; the core validates and scores what comes back.

    The questions are in the page's language when the instrument has it (``shown``, and
    ``instrument`` holds those words); ``fell_back_note`` says so when it does not."""

    def __init__(self, instrument: Instrument, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.shown = wording.shown(instrument)
        self.fell_back_note = wording.fell_back_note(self.shown)
        self.instrument = instrument = self.shown.instrument
        for item in instrument.items:
            self.fields[item.id] = _field(instrument, item)

    def answers(self) -> dict[str, Any]:
        return {key: value for key, value in self.cleaned_data.items() if value not in (None, "")}


class EntryForm(InstrumentForm):
    """A client's answers given on paper, by phone or aloud, entered by their therapist: first how
    the answers were given, then the questionnaire's own questions."""

    def __init__(self, instrument: Instrument, client_name: str, *args: Any, **kwargs: Any):
        super().__init__(instrument, *args, **kwargs)
        method = forms.ChoiceField(
            label=_("How did %(client)s give these answers?") % {"client": client_name},
            choices=Response.ENTERED_WAYS,
            widget=ScaleWidget(css=""),
            error_messages={
                "required": _("Please choose how the answers were given."),
                "invalid_choice": _("Please choose one of the ways listed."),
            },
        )
        self.fields = {"method": method, **self.fields}

    def answers(self) -> dict[str, Any]:
        return {key: value for key, value in super().answers().items() if key != "method"}
