"""What the engine cannot run raises Nengo's BuildError naming the object and the reason."""

import nengo
import numpy as np
import pytest
from nengo.exceptions import BuildError

import nengo_swiftsnn


def build(make):
    with nengo.Network(seed=0) as net:
        make()
    return nengo_swiftsnn.Simulator(net)


def two_learning_rules():
    a, b = nengo.Ensemble(5, 1), nengo.Ensemble(5, 1)
    nengo.Connection(
        a.neurons, b.neurons, transform=[[0.1] * 5] * 5, learning_rule_type=[nengo.BCM(), nengo.Oja()])


def learning_into_sliced_neurons():
    a, b = nengo.Ensemble(5, 1), nengo.Ensemble(5, 1)
    nengo.Connection(a, b.neurons[:3], transform=[[0.1]] * 3, learning_rule_type=nengo.PES())


def learning_from_sliced_neurons():
    a, b = nengo.Ensemble(5, 1), nengo.Ensemble(5, 1)
    nengo.Connection(a.neurons[:3], b, transform=[[0.1] * 3], learning_rule_type=nengo.PES())


def learning_rule_delta_probe():
    a, b = nengo.Ensemble(5, 1), nengo.Ensemble(5, 1)
    nengo.Probe(nengo.Connection(a, b, learning_rule_type=nengo.PES()).learning_rule, "delta")


def initial_adaptation():
    nengo.Ensemble(3, 1, neuron_type=nengo.AdaptiveLIF(initial_state={"adaptation": np.ones(3)}), label="alif")


def linear_filter():
    a = nengo.Ensemble(3, 1)
    nengo.Connection(nengo.Node([1.0]), a, synapse=nengo.LinearFilter([1], [0.01, 0.2, 1]))


def decoded_connection_input_probe():
    a = nengo.Ensemble(3, 1)
    nengo.Probe(nengo.Connection(a, nengo.Ensemble(3, 1)), "input")


def adaptation_probe():
    nengo.Probe(nengo.Ensemble(3, 1, neuron_type=nengo.AdaptiveLIF()).neurons, "adaptation")


def stochastic_adaptive_rate():
    nengo.Ensemble(3, 1, neuron_type=nengo.StochasticSpiking(nengo.AdaptiveLIFRate()), label="sa")


def neuron_noise():
    nengo.Ensemble(3, 1, noise=nengo.processes.WhiteNoise(), gain=np.zeros(3), bias=np.ones(3))


def input_probe_of_a_learning_post():
    a, b = nengo.Ensemble(5, 1), nengo.Ensemble(5, 1)
    nengo.Connection(a, b, learning_rule_type=nengo.PES())
    nengo.Probe(b, "input")


@pytest.mark.parametrize(
    "make, words",
    [
        (two_learning_rules, ["BCM", "several learning rules", "not supported"]),
        (learning_into_sliced_neurons, ["PES", "into a slice", "decoded connection into an ensemble or node"]),
        (learning_from_sliced_neurons, ["PES", "slice of neurons", "not supported"]),
        (input_probe_of_a_learning_post, ["input of an ensemble that a learning connection", "not supported"]),
        (learning_rule_delta_probe, ["PES's 'delta'", "not supported", "'activities'"]),
        (initial_adaptation, ["alif", "initial adaptation other than 0", "not supported"]),
        (linear_filter, ["LinearFilter", "not supported"]),
        (decoded_connection_input_probe, ["'input'", "decoded ensemble"]),
        (adaptation_probe, ["'adaptation'", "not supported"]),
        (stochastic_adaptive_rate, ["sa", "StochasticSpiking needs a stateless rate base type"]),
        (neuron_noise, ["noise", "zero gain", "not supported"]),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_build_error(make, words):
    with pytest.raises(BuildError) as info:
        build(make)
    for word in words:
        assert word in str(info.value)


def test_library_missing_names_the_build_command(tmp_path):
    import subprocess
    import sys

    env = {"SWIFTSNN_LIBRARY": str(tmp_path / "nothing.so"), "PATH": "/usr/bin:/bin"}
    code = "import nengo, nengo_swiftsnn\nwith nengo.Network() as net: nengo.Ensemble(2, 1)\nnengo_swiftsnn.Simulator(net)"
    result = subprocess.run([sys.executable, "-c", code], env={**env, "PYTHONPATH": ":".join(sys.path)},
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "nothing.so does not exist" in result.stderr
    assert "swift build -c release --product SwiftSNNCAPI" in result.stderr
