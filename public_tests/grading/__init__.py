"""The instructors' batch grader (``python -m public_tests grade``), one idea per module.

- ``grader``: the command: finding submissions, the run's cases and verdicts, rows, the order of the outputs;
- ``extract``: reading a submitted notebook (only regular files, bounded) and picking what runs;
- ``scheduler``: children several at a time, one per exercise: feeding, reading, timeouts, cleanup;
- ``forkserver``: the process that forks them, NumPy already imported;
- ``sandbox``: bubblewrap around the fork server, fresh namespaces around each child;
- ``child``: what runs in a child: define one answer cell, rebuild the cases, run, report;
- ``wire``: everything that crosses between them (framing, messages, plain JSON outcomes);
- ``reports``: grades.csv, grades.json, feedback files, the journal and the output lock.

This ``__init__`` imports nothing: the sandbox holds only ``child``, ``forkserver``, ``sandbox`` and ``wire``.
"""
