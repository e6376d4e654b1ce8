"""Nengo's learning rules (PES, RLS, BCM, Oja, Voja) run in the engine give nengo.Simulator's
numbers: the learned weights and encoders, the rules' probed signals and the decoded values
they change, to 1e-9 in float64."""

import nengo
import numpy as np
import pytest

import nengo_swiftsnn

N_STEPS = 300


def pes_network(pre_neurons=False, post="ensemble", rule=None, post_slice=None):
    """stim -> a; a (or a.neurons) -> b, b.neurons or a node (learning); error = b - target."""
    rule = rule or nengo.PES(learning_rate=5e-4)
    rng = np.random.RandomState(4)
    with nengo.Network(seed=3) as net:
        stim = nengo.Node(lambda t: [np.sin(6 * t), 0.5])
        target = nengo.Node(lambda t: [0.3, -np.sin(6 * t)])
        a = nengo.Ensemble(30, 2)
        b = nengo.Ensemble(25, 2) if post != "node" else nengo.Node(size_in=2)
        error = nengo.Node(size_in=2)
        nengo.Connection(stim, a)
        pre = a.neurons if pre_neurons else a
        if post == "neurons":
            dest, shape = b.neurons, (25, 30 if pre_neurons else 2)
        else:
            dest, shape = b, (2, 30) if pre_neurons else None
        if post_slice is not None:
            dest = dest[post_slice]
        kwargs = {"transform": rng.uniform(-1e-3, 1e-3, shape)} if shape else {}
        if post_slice is not None:
            kwargs["function"] = lambda x: [x[0] - x[1]]
        conn = nengo.Connection(pre, dest, learning_rule_type=rule, **kwargs)
        nengo.Connection(b, error)
        nengo.Connection(target, error, transform=-1)
        nengo.Connection(error[: conn.learning_rule.size_in], conn.learning_rule)
        nengo.Probe(b, synapse=0.01)
        nengo.Probe(conn, "weights", sample_every=0.01)
        if isinstance(rule, nengo.PES):
            nengo.Probe(conn.learning_rule, "activities")
        else:
            nengo.Probe(conn.learning_rule, "pre_filtered")
            nengo.Probe(conn.learning_rule, "inv_gamma")
    return net


@pytest.mark.parametrize(
    "pre_neurons, post", [(False, "ensemble"), (False, "neurons"), (False, "node"), (True, "ensemble"),
                          (True, "neurons")]
)
def test_pes(compare, pre_neurons, post):
    compare(pes_network(pre_neurons, post), steps=N_STEPS)


def test_pes_into_a_post_slice(compare):
    """Nengo's error has the slice's size; the other post dimensions learn nothing."""
    compare(pes_network(post_slice=slice(1, 2)), steps=N_STEPS)


def test_rls(compare):
    compare(pes_network(rule=nengo.RLS(learning_rate=1e-3)), steps=N_STEPS)


@pytest.mark.parametrize(
    "rule", [nengo.BCM(learning_rate=1e-8), nengo.Oja(learning_rate=1e-5, beta=0.5)], ids=["BCM", "Oja"])
def test_unsupervised(compare, rule):
    rng = np.random.RandomState(5)
    with nengo.Network(seed=6) as net:
        stim = nengo.Node(lambda t: [np.sin(8 * t), np.cos(3 * t)])
        a = nengo.Ensemble(30, 2)
        b = nengo.Ensemble(20, 2)
        nengo.Connection(stim, a)
        conn = nengo.Connection(
            a.neurons, b.neurons, transform=rng.uniform(0, 1e-3, (20, 30)), learning_rule_type=rule)
        nengo.Probe(b.neurons, synapse=0.01)
        nengo.Probe(conn, "weights", sample_every=0.005)
        nengo.Probe(conn.learning_rule, "pre_filtered")
    compare(net, steps=N_STEPS)


def test_voja(compare):
    """Voja's encoders, probed on the rule and on the ensemble, with a learning signal."""
    with nengo.Network(seed=7) as net:
        stim = nengo.Node(lambda t: [np.sin(7 * t), np.cos(7 * t)])
        signal = nengo.Node(lambda t: -0.5 if t > 0.15 else 0.0)
        b = nengo.Ensemble(20, 2, intercepts=nengo.dists.Uniform(0, 0.5))
        conn = nengo.Connection(stim, b, learning_rule_type=nengo.Voja(learning_rate=0.05))
        nengo.Connection(signal, conn.learning_rule, synapse=None)
        nengo.Probe(b, synapse=0.01)
        nengo.Probe(conn.learning_rule, "scaled_encoders", sample_every=0.01)
        nengo.Probe(b, "scaled_encoders", sample_every=0.01)
    compare(net, steps=N_STEPS)


def test_reset_repeats_the_learning():
    net = pes_network()
    with nengo_swiftsnn.Simulator(net, progress_bar=False) as sim:
        sim.run_steps(50)
        first = {p: np.array(sim.data[p]) for p in net.all_probes}
        sim.reset()
        sim.run_steps(50)
        for p in net.all_probes:
            np.testing.assert_array_equal(sim.data[p], first[p], err_msg=str(p))


@pytest.mark.parametrize(
    "rule", [nengo.PES(learning_rate=1e-4), nengo.BCM(learning_rate=1e-8), nengo.Oja(learning_rate=1e-5)],
    ids=["PES", "BCM", "Oja"])
def test_weight_solver(compare, rule):
    """A weight solver's full weights learn as Nengo's: the change goes straight into the
    post neurons' currents (no gain), PES's error through the post's scaled encoders."""
    with nengo.Network(seed=8) as net:
        stim = nengo.Node(lambda t: [np.sin(6 * t), 0.4])
        a = nengo.Ensemble(30, 2)
        b = nengo.Ensemble(20, 2)
        nengo.Connection(stim, a)
        conn = nengo.Connection(
            a, b, solver=nengo.solvers.LstsqL2(weights=True), learning_rule_type=rule, function=lambda x: -x)
        if isinstance(rule, nengo.PES):
            nengo.Connection(stim, conn.learning_rule, transform=0.5)
        nengo.Probe(b, synapse=0.01)
        nengo.Probe(conn, "weights", sample_every=0.01)
    compare(net, steps=N_STEPS)


def test_weight_solver_into_a_post_slice(compare):
    """Nengo's error has the slice's size and reaches the post neurons through the slice's
    columns of the scaled encoders."""
    with nengo.Network(seed=9) as net:
        stim = nengo.Node(lambda t: [np.sin(6 * t), 0.4])
        a = nengo.Ensemble(30, 2)
        b = nengo.Ensemble(20, 3)
        nengo.Connection(stim, a)
        conn = nengo.Connection(
            a, b[1:], solver=nengo.solvers.LstsqL2(weights=True), learning_rule_type=nengo.PES(1e-4))
        nengo.Connection(stim[1], conn.learning_rule[0])
        nengo.Connection(b[2], conn.learning_rule[1], transform=-2)
        nengo.Probe(b, synapse=0.01)
        nengo.Probe(conn, "weights", sample_every=0.01)
    compare(net, steps=N_STEPS)
