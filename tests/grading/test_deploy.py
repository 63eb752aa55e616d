"""The deploy files: a Kubernetes Indexed Job and its merge Job, a Slurm job array and its merge step.

The manifests are parsed as YAML and checked against what the Kubernetes API reference requires of a batch/v1 Job
(https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/job-v1/, and the pod and container fields
they hold): the fields that must be there, the known names of the others (a misspelt field is an error), the values
a Job allows (restartPolicy Never or OnFailure; an Indexed Job's completions), names the API accepts, volumes that
exist. Their commands then run here as a pod would run them. The Slurm scripts pass ``bash -n``, and run as the
tasks of an array of two and its merge, with the variables Slurm sets.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml  # PyYAML: required by nbgrader and jupyter-events, both in requirements-test.txt

from tests.corpus import notebooks as nbs
from tests.grading.running import ROOT, TIMEOUT, outputs

KUBERNETES = ROOT / "deploy" / "kubernetes"
SLURM = ROOT / "deploy" / "slurm"

DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
"""RFC 1123 label, at most 63 characters: a container's name; a Job's name (its pods' hostnames add -INDEX)."""
LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
QUANTITY = re.compile(r"[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?")
ENV_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")

FIELDS = {  # object: (required fields, every field the API reference lists for it)
    "Job": ({"apiVersion", "kind", "metadata", "spec"}, {"apiVersion", "kind", "metadata", "spec", "status"}),
    "ObjectMeta": ({"name"}, {"name", "generateName", "namespace", "labels", "annotations"}),
    "JobSpec": ({"template"}, {
        "template", "parallelism", "completions", "completionMode", "backoffLimit", "backoffLimitPerIndex",
        "maxFailedIndexes", "activeDeadlineSeconds", "ttlSecondsAfterFinished", "suspend", "podFailurePolicy",
        "successPolicy", "selector", "manualSelector", "podReplacementPolicy", "managedBy"}),
    "PodTemplateSpec": ({"spec"}, {"metadata", "spec"}),
    "PodSpec": ({"containers"}, {
        "containers", "initContainers", "ephemeralContainers", "restartPolicy", "volumes", "securityContext",
        "serviceAccountName", "automountServiceAccountToken", "nodeSelector", "affinity", "tolerations",
        "imagePullSecrets", "terminationGracePeriodSeconds", "activeDeadlineSeconds", "priorityClassName",
        "hostUsers", "enableServiceLinks", "subdomain", "hostname", "dnsPolicy", "schedulerName",
        "topologySpreadConstraints", "runtimeClassName"}),
    "Container": ({"name"}, {
        "name", "image", "imagePullPolicy", "command", "args", "workingDir", "env", "envFrom", "resources",
        "securityContext", "volumeMounts", "ports", "stdin", "tty", "terminationMessagePath",
        "terminationMessagePolicy", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle",
        "resizePolicy", "restartPolicy"}),
    "PodSecurityContext": (set(), {
        "runAsUser", "runAsGroup", "runAsNonRoot", "fsGroup", "fsGroupChangePolicy", "supplementalGroups",
        "supplementalGroupsPolicy", "seccompProfile", "appArmorProfile", "seLinuxOptions", "sysctls",
        "windowsOptions", "seLinuxChangePolicy"}),
    "SecurityContext": (set(), {
        "allowPrivilegeEscalation", "capabilities", "privileged", "procMount", "readOnlyRootFilesystem",
        "runAsUser", "runAsGroup", "runAsNonRoot", "seccompProfile", "appArmorProfile", "seLinuxOptions",
        "windowsOptions"}),
    "VolumeMount": ({"name", "mountPath"}, {"name", "mountPath", "readOnly", "subPath", "subPathExpr",
                                            "mountPropagation", "recursiveReadOnly"}),
    "EnvVar": ({"name"}, {"name", "value", "valueFrom"}),
    "ResourceRequirements": (set(), {"requests", "limits", "claims"}),
}


def fields(obj: dict, kind: str) -> dict:
    required, known = FIELDS[kind]
    assert isinstance(obj, dict), f"{kind} is not an object"
    assert required <= set(obj), f"{kind} lacks {required - set(obj)}"
    assert set(obj) <= known, f"{kind} has no field {set(obj) - known}"
    return obj


def check_job(job: dict) -> dict:
    """A batch/v1 Job as the API server would accept it; its pod spec."""
    fields(job, "Job")
    assert (job["apiVersion"], job["kind"]) == ("batch/v1", "Job")
    meta = fields(job["metadata"], "ObjectMeta")
    assert DNS_LABEL.fullmatch(meta["name"]) and len(meta["name"]) <= 63 - 6, meta["name"]  # + "-" + index
    for key, value in meta.get("labels", {}).items():
        assert len(key.split("/")[-1]) <= 63 and LABEL_VALUE.fullmatch(value) and len(value) <= 63, (key, value)
    spec = fields(job["spec"], "JobSpec")
    for key in ("parallelism", "completions", "backoffLimit"):
        assert key not in spec or (isinstance(spec[key], int) and spec[key] >= 0), key
    assert spec.get("completionMode", "NonIndexed") in ("NonIndexed", "Indexed")
    if spec.get("completionMode") == "Indexed":  # "completions must be specified", parallelism at most 10^5
        assert isinstance(spec.get("completions"), int) and spec["completions"] >= 1
        assert spec.get("parallelism", 1) <= 10**5
    template = fields(spec["template"], "PodTemplateSpec")
    assert set(template.get("metadata", {})) <= {"labels", "annotations"}  # the Job names its pods
    pod = fields(template["spec"], "PodSpec")
    assert pod.get("restartPolicy") in ("Never", "OnFailure"), "a Job's pods restart Never or OnFailure"
    if "securityContext" in pod:
        fields(pod["securityContext"], "PodSecurityContext")
    volumes = {}
    for volume in pod.get("volumes", []):
        sources = set(volume) - {"name"}
        assert DNS_LABEL.fullmatch(volume["name"]) and len(sources) == 1, volume  # one source each
        if "persistentVolumeClaim" in volume:
            assert set(volume["persistentVolumeClaim"]) <= {"claimName", "readOnly"}
            assert DNS_LABEL.fullmatch(volume["persistentVolumeClaim"]["claimName"])
        volumes[volume["name"]] = volume
    names = [c["name"] for c in pod["containers"]]
    assert names and len(set(names)) == len(names)
    for container in pod["containers"]:
        fields(container, "Container")
        assert DNS_LABEL.fullmatch(container["name"]) and isinstance(container.get("image"), str)
        assert all(isinstance(a, str) for a in container.get("command", []) + container.get("args", []))
        for variable in container.get("env", []):
            fields(variable, "EnvVar")
            assert ENV_NAME.fullmatch(variable["name"]) and ("value" in variable) != ("valueFrom" in variable)
            if "valueFrom" in variable:
                assert set(variable["valueFrom"]) == {"secretKeyRef"}
                assert set(variable["valueFrom"]["secretKeyRef"]) <= {"name", "key", "optional"}
        resources = fields(container.get("resources", {}), "ResourceRequirements")
        for amounts in resources.values():
            assert set(amounts) <= {"cpu", "memory", "ephemeral-storage"}
            assert all(QUANTITY.fullmatch(str(v)) for v in amounts.values()), amounts
        if "securityContext" in container:
            context = fields(container["securityContext"], "SecurityContext")
            if "seccompProfile" in context:
                assert context["seccompProfile"]["type"] in ("RuntimeDefault", "Unconfined", "Localhost")
        mounts = [fields(m, "VolumeMount") for m in container.get("volumeMounts", [])]
        assert all(m["name"] in volumes and m["mountPath"].startswith("/") for m in mounts)
        assert len({m["mountPath"] for m in mounts}) == len(mounts)
    return pod


def load(path: Path) -> dict:
    documents = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    assert len(documents) == 1
    return documents[0]


def shell_script(pod: dict) -> str:
    container = pod["containers"][0]
    assert container["command"] == ["sh", "-c"]
    return container["args"][0]


def test_the_grading_job_is_an_indexed_job_of_n_shards():
    job = load(KUBERNETES / "grade-job.yaml")
    pod = check_job(job)
    assert job["spec"]["completionMode"] == "Indexed"
    count = job["spec"]["completions"]
    script = shell_script(pod)
    assert f"--shard auto/{count} " in script and '"/out/shard-$JOB_COMPLETION_INDEX"' in script
    assert "--seed \"$GRADING_SEED\"" in script
    assert job["spec"]["parallelism"] <= count
    assert [v["name"] for v in pod["containers"][0]["env"]] == ["GRADING_SEED"]  # from the Secret, not the file
    assert {m["mountPath"]: m.get("readOnly", False) for m in pod["containers"][0]["volumeMounts"]} == \
        {"/submissions": True, "/out": False}
    assert (KUBERNETES / "grade-job.yaml").read_text().startswith("# One grading run spread over N pods")


def test_the_merge_job_merges_every_shard_folder():
    job = load(KUBERNETES / "merge-job.yaml")
    pod = check_job(job)
    assert job["spec"].get("completionMode", "NonIndexed") == "NonIndexed" and job["spec"]["completions"] == 1
    assert shell_script(pod) == "exec python -m public_tests merge /out/shard-* --out /out/merged"


@pytest.mark.parametrize("break_it", [
    lambda job: job["spec"].__setitem__("completionsMode", "Indexed"),  # a misspelt field
    lambda job: job["spec"].pop("completions"),  # an Indexed Job without completions
    lambda job: job["spec"]["template"]["spec"].__setitem__("restartPolicy", "Always"),
    lambda job: job["spec"]["template"]["spec"]["containers"][0].pop("name"),
    lambda job: job["spec"]["template"]["spec"]["containers"][0]["volumeMounts"][0].__setitem__("name", "nowhere"),
    lambda job: job["metadata"].__setitem__("name", "GC_Grade"),
    lambda job: job.__setitem__("apiVersion", "batch/v1beta1"),
])
def test_the_check_refuses_what_the_api_server_would(break_it):
    job = load(KUBERNETES / "grade-job.yaml")
    break_it(job)
    with pytest.raises((AssertionError, KeyError)):
        check_job(job)


def run_as_pod(script: str, tmp_path: Path, environ: dict) -> subprocess.CompletedProcess:
    """``script`` run as the pod's ``sh -c`` would, with /submissions and /out here and ``python`` this one."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir(exist_ok=True)
    python = bin_dir / "python"  # a script, not a link: the grader's sandbox binds the interpreter it names
    python.write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} \"$@\"\n")
    python.chmod(0o755)
    here = script.replace(" /submissions ", f" {shlex.quote(str(tmp_path / 'submissions'))} ")
    here = here.replace('"/out/', f'"{tmp_path}/out/').replace(" /out/", f" {tmp_path}/out/")
    assert not re.search(r"(?<![\w.-])/(submissions|out)\b", here), here  # every path of the pod moved here
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", **environ}
    env.pop("SLURM_ARRAY_TASK_ID", None)
    return subprocess.run(["sh", "-c", here.replace("--jobs 3", f"--jobs 2 --timeout {TIMEOUT}")],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)


def test_the_pods_commands_grade_a_shard_and_merge_refuses_a_missing_one(tmp_path):
    for name in ("a", "b", "c"):
        nbs.write(nbs.solved(), tmp_path / "submissions" / name / "ps1" / "Gradient_Checking.ipynb")
    grade = shell_script(check_job(load(KUBERNETES / "grade-job.yaml")))
    result = run_as_pod(grade, tmp_path, {"JOB_COMPLETION_INDEX": "5", "GRADING_SEED": "77"})
    assert result.returncode == 0, result.stderr
    run = outputs(tmp_path / "out" / "shard-5").run
    assert (run["shard"]["index"], run["shard"]["count"], run["seed"]) == (5, 8, 77)
    assert (tmp_path / "out" / "shard-5" / "junit.xml").is_file()
    merged = run_as_pod(shell_script(check_job(load(KUBERNETES / "merge-job.yaml"))), tmp_path, {})
    assert merged.returncode == 2 and "shard(s) 0, 1, 2, 3, 4, 6, 7 of 8 are missing" in merged.stderr


# ------------------------------------------------------------------------------------ Slurm

def sbatch_options(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^#SBATCH --([\w-]+)=(\S+)$", path.read_text(), flags=re.M))


@pytest.mark.parametrize("script", ["grade-array.sbatch", "merge.sbatch"])
def test_the_slurm_scripts_are_bash_with_their_options_and_how_to_use_them(script):
    path = SLURM / script
    assert subprocess.run(["bash", "-n", str(path)], capture_output=True).returncode == 0
    text = path.read_text()
    assert text.startswith("#!/bin/bash\n# ") and "sbatch" in text.split("#SBATCH", 1)[0]
    assert os.access(path, os.X_OK)
    options = sbatch_options(path)
    assert {"job-name", "time", "output"} <= set(options)
    if script == "grade-array.sbatch":
        first, last = map(int, re.fullmatch(r"(\d+)-(\d+)", options["array"]).groups())
        assert first == 0 and last >= 1  # --array=0-(N-1): --shard auto/N takes K from SLURM_ARRAY_TASK_ID


def slurm_environment(tmp_path: Path, **more: str) -> dict:
    base = {key: value for key, value in os.environ.items() if not key.startswith(("SLURM_", "JOB_COMPLETION"))}
    return {**base, "PYTHON": sys.executable, "SUBMISSIONS": str(tmp_path / "submitted"), "OUT": str(tmp_path / "out"),
            "SEED": "31337", **more}


def test_an_array_of_two_tasks_and_the_merge_step_grade_like_one_run(tmp_path):
    nbs.write(nbs.solved(), tmp_path / "submitted" / "ada" / "ps1" / "Gradient_Checking.ipynb")
    nbs.write(nbs.with_answer("forward_propagation", "def forward_propagation(x, theta):\n    return theta + x\n"),
              tmp_path / "submitted" / "bob" / "ps1" / "Gradient_Checking.ipynb")
    (tmp_path / "submitted" / "cyd").mkdir()
    (tmp_path / "submitted" / "cyd" / "Gradient_Checking.ipynb").write_text("not a notebook")
    for task in ("0", "1"):  # what Slurm sets for --array=0-1
        env = slurm_environment(tmp_path, SLURM_ARRAY_TASK_ID=task, SLURM_ARRAY_TASK_COUNT="2",
                                SLURM_ARRAY_TASK_MIN="0", SLURM_ARRAY_TASK_MAX="1")
        result = subprocess.run(["bash", str(SLURM / "grade-array.sbatch"), "--timeout", TIMEOUT, "--format", "junit"],
                                capture_output=True, text=True, timeout=300, cwd=ROOT, env=env)
        assert result.returncode == 0, result.stderr
        assert f"(shard {task}/2 of the run with seed 31337)" in result.stdout
    result = subprocess.run(["bash", str(SLURM / "merge.sbatch")], capture_output=True, text=True, timeout=300,
                            cwd=ROOT, env=slurm_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    merged = outputs(tmp_path / "out" / "merged")
    assert {name: row["total"] for name, row in merged.rows.items()} == {
        "ada/ps1/Gradient_Checking.ipynb": 60, "bob/ps1/Gradient_Checking.ipynb": 50,
        "cyd/Gradient_Checking.ipynb": 0}
    assert merged.run["seed"] == 31337 and (tmp_path / "out" / "merged" / "junit.xml").is_file()


def test_an_array_that_is_not_zero_based_is_refused(tmp_path):
    env = slurm_environment(tmp_path, SLURM_ARRAY_TASK_ID="1", SLURM_ARRAY_TASK_COUNT="8",
                            SLURM_ARRAY_TASK_MIN="1", SLURM_ARRAY_TASK_MAX="8")
    result = subprocess.run(["bash", str(SLURM / "grade-array.sbatch")], capture_output=True, text=True, timeout=60,
                            cwd=ROOT, env=env)
    assert result.returncode == 2 and "--array=0-(N-1)" in result.stderr
