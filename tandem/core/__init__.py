"""The clinical core: plain typed Python with no Django imports and no network or database access.

Instruments, scoring, outcomes, alliance and transcripts live here so that a clinician-scientist
can read every rule next to its source, and so the same rules run in a request, a task or a command.

Most of the core is pure: values in, values out. These modules also read or write files:

* :mod:`.instruments.loader` reads the instrument YAML files (the built-in ones and a practice's);
* :mod:`.outcomes.long_table` reads the long table of scores from CSV or Parquet (pyarrow), for
  the command line; the rest of :mod:`.outcomes` is pure;
* :mod:`.transcripts.model` loads the committed model's folder (analysing a session reads it once,
  through :func:`.transcripts.model.default_model`) and saves a newly trained one;
* developer tools, not used by the app: :mod:`.transcripts.phrase_set` reads the phrase files,
  :mod:`.transcripts.data` the AnnoMI training corpus, :mod:`.transcripts.build_model` and
  :mod:`.transcripts.training` write the model and the training cache, and
  :mod:`.transcripts.evaluate` writes the evaluation document.
"""
