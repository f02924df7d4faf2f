"""Outcome and relationship analytics: the clinical core of Tandem (no Django, no I/O).

Modules:

* :mod:`.change` reliable change (Jacobson & Truax, 1991) and clinical significance;
* :mod:`.nhs` NHS Talking Therapies outcomes for PHQ-9 with GAD-7, and the long-file reader;
* :mod:`.bands` expected recovery bands and not-on-track flags;
* :mod:`.relationship` ruptures, repairs, the client-therapist gap, engagement, growth/reliance;
* :mod:`.alerts` every alert for one episode, in plain words;
* :mod:`.reports` practice and therapist reports with small-number suppression;
* :mod:`.synthetic` a seeded generator of episodes whose true course is known.
"""
