"""Transcript analysis: a session's transcript uploaded (web page or API), analysed in the
background by the core's analyser (tandem.core.transcripts), and shown on the session page.

models (the analysis, the pending transcript) · actions (submit) · tasks (the worker's analysis)
· forms · display (an analysis as the page shows it) · charts · views · urls.
"""
