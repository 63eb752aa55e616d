"""gc_utils.layer_network and gc_utils.layer_sweeps: the network checked during training, and the sweeps."""

from __future__ import annotations

import numpy as np

from gc_utils import layers
from gc_utils.checks import gradient_check_full
from gc_utils.layer_network import TanhNetwork
from gc_utils.layer_sweeps import softmax_stability, subset_detection, training_checks


def test_the_network_gradient_is_right_and_training_lowers_the_cost_without_changing_the_start():
    network, parameters = TanhNetwork.example(scale=0.3)
    kept = {name: value.copy() for name, value in parameters.items()}
    assert gradient_check_full(network, parameters, network.gradients(parameters)) < 1e-7
    snapshots = network.train(parameters, 20, every=10)
    assert [step for step, _ in snapshots] == [0, 10, 20]
    assert network(snapshots[-1][1]) < network(snapshots[0][1])
    assert all(np.array_equal(parameters[name], kept[name]) for name in parameters)


def test_the_tanh_bug_hides_at_a_small_initialisation_and_shows_after_training():
    network, parameters = TanhNetwork.example(scale=0.005)
    run = training_checks(network, parameters, steps=20, every=10)
    assert run["bug"][0] < 2e-7 < 0.1 < run["bug"][-1]
    assert (run["correct"] < 1e-7).all()
    assert run["saturated"][0] == 0


def test_softmax_stability_marks_the_scales_without_a_check():
    curves = softmax_stability(np.array([[2.0, 0.0], [0.0, 1.0]]), np.eye(2)[:, [1, 0]], [1.0, 100.0, 1000.0])
    assert (curves["log-sum-exp"] < 1e-7).all()
    assert np.isnan(curves["naive"][-1]) and not np.isnan(curves["naive"][0])
    assert curves["clipped"][0] < 1e-7 < 0.1 < curves["clipped"][1]


def test_subset_detection_rises_with_k_and_a_full_check_always_catches():
    rates = subset_detection(layers.layer("dense", "last_example_dropped"),
                             layers.example_inputs("dense", n_in=4, n_out=4, m=8), ks=(3, 52), trials=30)
    assert rates[3] < 1 and rates[52] == 1
    assert subset_detection(layers.layer("dense"), layers.example_inputs("dense"), ks=(36,), trials=3) == {36: 0.0}
