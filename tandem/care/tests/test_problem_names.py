"""The problem descriptors' translatable names are the core's, word for word in English."""

from tandem.care.models import PROBLEM_NAMES
from tandem.core.outcomes.nhs_measures import PROBLEM_LABELS, PROBLEMS


def test_every_problem_has_a_translatable_name_the_same_as_the_cores_in_english():
    assert set(PROBLEM_NAMES) == set(PROBLEMS) == set(PROBLEM_LABELS)
    for problem, name in PROBLEM_NAMES.items():
        assert str(name) == PROBLEM_LABELS[problem]
