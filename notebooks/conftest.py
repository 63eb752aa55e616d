"""pytest collection in notebooks/: nbval checks the editions whose outputs are stored.

The student editions have no outputs and stop at their first NotImplementedError by design;
tests/test_notebooks.py and tests/test_layers_notebook.py check them instead.
"""

collect_ignore = ["Gradient_Checking.ipynb", "Gradient_Checking_in_Practice.ipynb",
                  "Gradient_Checking_Your_Own_Layers.ipynb", "ko/Gradient_Checking.ipynb",
                  "ko/Gradient_Checking_in_Practice.ipynb", "ko/Gradient_Checking_Your_Own_Layers.ipynb"]
