"""The Django messages Tandem says in its own register (see the package's docstring).

Never run: the calls are only marks for ``makemessages``, which finds a message by the name of the
function around it (``gettext_noop`` for one, ``ngettext`` for a singular and plural pair). The
English is Django's, word for word, so that Django's lookup finds the translation.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop, ngettext


def _marks() -> None:  # pragma: no cover - never called
    # Form fields (django/forms/fields.py, django/forms/models.py).
    gettext_noop("Enter a number.")
    gettext_noop("Enter a whole number.")
    gettext_noop("Enter a valid date.")
    gettext_noop("Enter a valid time.")
    gettext_noop("Enter a valid date/time.")
    gettext_noop("Enter a valid duration.")
    gettext_noop("Enter a list of values.")
    gettext_noop("Enter a complete value.")
    gettext_noop("Enter a valid UUID.")
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices.")
    gettext_noop("Select a valid choice. That choice is not one of the available choices.")
    gettext_noop("No file was submitted. Check the encoding type on the form.")
    gettext_noop("No file was submitted.")
    gettext_noop("The submitted file is empty.")
    ngettext(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        1,
    )
    gettext_noop("Please either submit a file or check the clear checkbox, not both.")
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    )
    ngettext("Please submit at most %(num)d form.", "Please submit at most %(num)d forms.", 1)
    ngettext("Please submit at least %(num)d form.", "Please submit at least %(num)d forms.", 1)
    gettext_noop("Please correct the duplicate data for %(field)s.")
    gettext_noop("Please correct the duplicate data for %(field)s, which must be unique.")
    gettext_noop(
        "Please correct the duplicate data for %(field_name)s which must be unique for the "
        "%(lookup)s in %(date_field)s."
    )
    gettext_noop("Please correct the duplicate values below.")

    # Validators (django/core/validators.py).
    gettext_noop("Enter a valid value.")
    gettext_noop("Enter a valid domain name.")
    gettext_noop("Enter a valid URL.")
    gettext_noop("Enter a valid integer.")
    gettext_noop("Enter a valid email address.")
    gettext_noop("Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.")
    gettext_noop(
        "Enter a valid “slug” consisting of Unicode letters, numbers, underscores, or hyphens."
    )
    gettext_noop("Enter a valid %(protocol)s address.")
    gettext_noop("Enter only digits separated by commas.")
    gettext_noop("Ensure this value is %(limit_value)s (it is %(show_value)s).")
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s.")
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s.")
    gettext_noop("Ensure this value is a multiple of step size %(limit_value)s.")
    gettext_noop(
        "Ensure this value is a multiple of step size %(limit_value)s, starting from "
        "%(offset)s, e.g. %(offset)s, %(valid_value1)s, %(valid_value2)s, and so on."
    )
    ngettext(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        1,
    )
    ngettext(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        1,
    )
    ngettext(
        "Ensure that there are no more than %(max)s digit in total.",
        "Ensure that there are no more than %(max)s digits in total.",
        1,
    )
    ngettext(
        "Ensure that there are no more than %(max)s decimal place.",
        "Ensure that there are no more than %(max)s decimal places.",
        1,
    )
    ngettext(
        "Ensure that there are no more than %(max)s digit before the decimal point.",
        "Ensure that there are no more than %(max)s digits before the decimal point.",
        1,
    )

    # Passwords (django/contrib/auth/forms.py and password_validation.py).
    gettext_noop("Your old password was entered incorrectly. Please enter it again.")
    gettext_noop("Conflicting form data submitted. Please try again.")
    gettext_noop("Enter the same password as before, for verification.")
    gettext_noop("Enter new password")
    ngettext(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        1,
    )
    gettext_noop("Your password can’t be too similar to your other personal information.")
    gettext_noop("Your password can’t be a commonly used password.")
    gettext_noop("Your password can’t be entirely numeric.")
    gettext_noop("The password is too similar to the %(verbose_name)s.")
    gettext_noop("The two password fields didn’t match.")
