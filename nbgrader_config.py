"""nbgrader settings for this lesson; copy them into your course's ``nbgrader_config.py``.

The stub that replaces each solution region is the one ``tools/make_student_edition.py`` writes, so that nbgrader's
release of the solution edition and our student edition have the same cells (``tests/test_nbgrader.py`` checks it).
The stub raises with a sentence, so that Run All stops on a line that says what to do.
"""

c = get_config()  # noqa: F821 - defined by the loader of nbgrader's (traitlets') config files
c.ClearSolutions.code_stub = {
    "python": '# YOUR CODE HERE\nraise NotImplementedError("Replace this line with your code")',
}
