"""pytest collection in notebooks/: nbval checks the editions whose outputs are stored.

The student edition has no outputs and stops at its first NotImplementedError by design;
tests/test_notebooks.py checks it instead.
"""

collect_ignore = ["Gradient_Checking.ipynb", "Gradient_Checking_in_Practice.ipynb", "ko/Gradient_Checking.ipynb",
                  "ko/Gradient_Checking_in_Practice.ipynb"]
