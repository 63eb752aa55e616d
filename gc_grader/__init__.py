"""The instructors' batch grader (``python -m public_tests grade``, or ``python -m gc_grader grade``), one idea per
module. Students never import it, and a student release does not hold it.

- ``command``: the command line (``grade``, ``merge``, ``autograder``);
- ``grader``: one run in order: rows as results arrive, the journal, the outputs, the limits in force;
- ``assignment``, ``submissions``, ``rows``: what is graded, which files, and the row each one gets;
- ``notebook_file``, ``cells``, ``extract``: reading a submitted notebook (bounded) and picking what runs;
- ``scheduler``: several submissions at a time, a child per exercise: feeding, reading, timeouts, cleanup;
- ``jobs``: what the scheduler is given (a task per submission, the limits) and what it gives back;
- ``forkserver``: the process that forks a host per submission, NumPy already imported; ``forkclient``: the
  grader's side of it (started ahead of the grader's imports);
- ``protocol``: every message between the grader, the fork server, the hosts and the children, typed;
- ``host``: one submission's sandbox, running its exercises one at a time, nothing left between them;
- ``sandbox``: bubblewrap around the fork server, fresh namespaces around each submission and exercise;
- ``isolation``: the ``--sandbox`` modes; ``cgroups`` and ``seccomp``: the kernel's limits on each submission;
- ``untrusted``: a submission's text made safe once, where it enters;
- ``child``: what runs in a child: define one answer cell, rebuild the cases, run, report;
- ``wire``: what crosses between the grader and a child (framing, messages, plain JSON outcomes);
- ``control``: what crosses between the grader, the fork server and the hosts (JSON datagrams, descriptors);
- ``reports``: grades.csv, grades.json, feedback files, the journal and the output lock;
- ``formats``: further outputs, each a function of the rows: JUnit XML, a Canvas gradebook import, nbgrader's CSV;
- ``shards``: the run's seed and its deterministic split into shards, one per machine;
- ``merge``: the ``merge`` command: the shards' outputs made the outputs of one run;
- ``platforms``: the ``autograder`` command: packages for Gradescope, PrairieLearn and Coursera.

This ``__init__`` imports nothing: the fork server and its children import only ``cgroups``, ``child``,
``control``, ``forkserver``, ``host``, ``isolation``, ``protocol``, ``sandbox``, ``seccomp``, ``untrusted`` and
``wire`` (and, of ``public_tests``, the half that runs a function).
"""
