"""Django's own messages that Tandem's pages can show, in Tandem's Spanish (docs/i18n.md).

A form field's error ("Enter a valid email address."), a password change's "Your old password was
entered incorrectly" and a file field's refusals are Django's words, and Django's Spanish says
them as *usted* ("Introduzca…", "Asegúrese…", "Su contraseña…") and in Spain's words ("fichero"),
where every page of Tandem says *tú* in neutral Spanish. This package holds nothing but their
translations in Tandem's register: :mod:`tandem.django_words.marks` names each message so that
``make messages APPS=django_words`` gathers it, and ``tandem/django_words/locale`` is in
``LOCALE_PATHS``, which Django reads before any app's catalogue and its own, so these win. It is
not an app. ``validators.py`` holds the one password validator whose words needed more than a
translation (what the password is too like, named in the reader's language).
"""
