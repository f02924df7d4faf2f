"""Outcome and relationship analytics: the clinical core of Tandem (no Django).

Pure (values in, values out) except :mod:`.long_table`, which also reads CSV and Parquet files.

Modules:

* :mod:`.long_table` the long table of scores: its columns and instrument codes, reading it from
  a file (the only I/O of the package) and checking it (a file or a DataFrame);
* :mod:`.nhs` NHS Talking Therapies outcomes for PHQ-9 with the paired anxiety measure;
* :mod:`.nhs_measures` the measures those outcomes read, with their thresholds and sources;
* :mod:`.change` reliable change (Jacobson & Truax, 1991) and clinical significance;
* :mod:`.bands` expected recovery bands and not-on-track flags;
* :mod:`.relationship` ruptures, repairs, the client-therapist gap, engagement, growth/reliance;
* :mod:`.alerts` every alert for one episode, in plain words;
* :mod:`.replay` the alert replay: how well each kind of alert predicted how episodes ended;
* :mod:`.reports` practice and therapist reports with small-number suppression;
* :mod:`.comparison` the therapist comparison with its funnel limits;
* :mod:`.synthetic` a seeded generator of episodes whose true course is known;
* :mod:`.validation` checks of the bands and alerts on held-out episodes.
"""
