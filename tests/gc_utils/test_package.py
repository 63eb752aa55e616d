"""What the notebooks import from gc_utils."""

from __future__ import annotations

import gc_utils


def test_lesson_imports_work():
    namespace = {}
    exec("from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector",  # noqa: S102
         namespace)
    assert namespace["sigmoid"] is gc_utils.sigmoid
