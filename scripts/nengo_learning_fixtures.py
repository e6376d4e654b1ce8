#!/usr/bin/env python3
"""Make the Nengo learning-rule reference fixtures (issues 14 and 15): PES on every form
of connection, BCM, Oja, RLS and Voja, from real Nengo 4.1.

Writes Tests/SNNSimulatorTests/Fixtures/nengo-learning/<name>.json in the schema of
Fixtures/nengo-nef/README.md ("Decoded traces"), plus per learning rule its parameters
(see that folder's README.md). Run with the project's peers venv:

    .venv-peers/bin/python scripts/nengo_learning_fixtures.py            # all fixtures
    .venv-peers/bin/python scripts/nengo_learning_fixtures.py --only learn_bcm --out /tmp/x

Nengo is deterministic here as in scripts/nengo_nef_fixtures.py (whose network recorder
this script reuses): explicit encoders, max_rates, intercepts, eval points and initial
voltages, optimize=False, decoder cache off. Each learned connection's weights are probed
every 10 steps (`sample_every=0.01`, row r is step 10 (r + 1)) when decoded, every 100
steps (0.1) between neurons (the files stay small).
"""


import nengo
import numpy as np

from nengo_fixture_common import (
    describe_synapse,
    fixture_dir,
    run_fixtures,
    slice_indices,
)
from nengo_nef_fixtures import NefNetwork

DEFAULT_OUT = fixture_dir("nengo-learning")
WEIGHTS_EVERY = 0.01
WEIGHTS_EVERY_NEURONS = 0.1


def describe_rule(rule):
    entry = {
        "type": type(rule).__name__,
        "learning_rate": float(rule.learning_rate),
    }
    if isinstance(rule, nengo.PES):
        entry["pre_synapse"] = describe_synapse(rule.pre_synapse)
    elif isinstance(rule, nengo.BCM):
        entry["pre_synapse"] = describe_synapse(rule.pre_synapse)
        entry["post_synapse"] = describe_synapse(rule.post_synapse)
        entry["theta_synapse"] = describe_synapse(rule.theta_synapse)
    elif isinstance(rule, nengo.Voja):
        entry["post_synapse"] = describe_synapse(rule.post_synapse)
    elif isinstance(rule, nengo.RLS):
        entry["pre_synapse"] = describe_synapse(rule.pre_synapse)
    elif isinstance(rule, nengo.Oja):
        entry["pre_synapse"] = describe_synapse(rule.pre_synapse)
        entry["post_synapse"] = describe_synapse(rule.post_synapse)
        entry["beta"] = float(rule.beta)
    else:
        raise TypeError(f"unsupported learning rule {rule}")
    return entry


class LearningNetwork(NefNetwork):
    """A NefNetwork whose learning rules are described in full."""

    def _document(self, sim):
        document = super()._document(sim)
        for entry, (_, conn, _) in zip(document["connections"], self.connections):
            if conn.pre_slice != slice(None):
                entry["pre_slice"] = slice_indices(conn.pre_slice, conn.pre_obj.size_out)
            if conn.post_slice != slice(None):
                entry["post_slice"] = slice_indices(conn.post_slice, conn.post_obj.size_in)
            if conn.learning_rule_type is not None:
                entry["learning_rule"] = describe_rule(conn.learning_rule_type)
                if "weights" not in entry and conn.learning_rule_type.modifies != "encoders":
                    # From neurons: its transform is its weights.
                    entry["weights"] = np.asarray(sim.data[conn].weights, dtype=np.float64)
        return document


def _stimulus(t):
    return 0.6 * np.sin(2 * np.pi * 2 * t) + 0.3 * np.sin(2 * np.pi * 5 * t)


def learn_pes_decoded():
    fx = LearningNetwork(
        "learn_pes_decoded",
        "PES on a decoded connection: stim -> pre (40 LIF) -> post (40 LIF) from function "
        "0, PES(learning rate 5e-4, pre_synapse Lowpass(0.01)); the error ensemble (40) = "
        "post - stim, into the rule with Lowpass(0.005); the rule's activities every 50 steps.",
        70,
    )
    t = fx.times()
    stim = fx.node("stim", _stimulus(t))
    pre = fx.ensemble("pre", 40, 1)
    post = fx.ensemble("post", 40, 1)
    error = fx.ensemble("error", 40, 1)
    fx.connect("stim_pre", stim, pre)
    learned = fx.connect(
        "pre_post",
        pre,
        post,
        function="zero",
        learning_rule_type=nengo.PES(learning_rate=5e-4, pre_synapse=0.01),
    )
    fx.connect("post_error", post, error)
    fx.connect("stim_error", stim, error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    for name in ("pre", "post", "error"):
        fx.probe(f"{name}_spikes", fx.ensembles[name][0].neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY)
    fx.probe("activities", learned.learning_rule, "activities", sample_every=0.05)
    return fx.run()


def learn_pes_neurons():
    fx = LearningNetwork(
        "learn_pes_neurons",
        "PES on a decoded connection into neurons: pre (20 LIF) -> post.neurons (20 LIF) "
        "with transform = post encoders / radius (20 x 1), PES(learning rate 1e-3); the "
        "error (1-D, the post ensemble's dimensions) from an error ensemble, unfiltered "
        "pre activities (pre_synapse None) on the rule.",
        71,
    )
    t = fx.times()
    stim = fx.node("stim", _stimulus(t))
    pre = fx.ensemble("pre", 20, 1)
    post = fx.ensemble("post", 20, 1)
    error = fx.ensemble("error", 30, 1)
    fx.connect("stim_pre", stim, pre)
    encoders = fx.ensembles["post"][0].encoders / 1.0
    learned = fx.connect(
        "pre_post",
        pre,
        post.neurons,
        function="zero",
        transform=encoders,
        learning_rule_type=nengo.PES(learning_rate=1e-3, pre_synapse=None),
    )
    fx.connect("post_error", post, error)
    fx.connect("pre_error", pre, error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    for name in ("pre", "post", "error"):
        fx.probe(f"{name}_spikes", fx.ensembles[name][0].neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY_NEURONS)
    return fx.run()


def learn_pes_neurons_to_neurons():
    fx = LearningNetwork(
        "learn_pes_neurons_to_neurons",
        "PES between neurons: pre.neurons (20 LIF) -> post.neurons (25 LIF) with a random "
        "25 x 20 transform (U(-2e-4, 2e-4)) and Lowpass(0.005), PES(learning rate 2e-4); "
        "the error (1-D) from an error ensemble (post - stim).",
        72,
    )
    t = fx.times()
    stim = fx.node("stim", _stimulus(t))
    pre = fx.ensemble("pre", 20, 1)
    post = fx.ensemble("post", 25, 1)
    error = fx.ensemble("error", 30, 1)
    fx.connect("stim_pre", stim, pre)
    transform = fx.rng.uniform(-2e-4, 2e-4, size=(25, 20))
    learned = fx.connect(
        "pre_post",
        pre.neurons,
        post.neurons,
        transform=transform,
        learning_rule_type=nengo.PES(learning_rate=2e-4),
    )
    fx.connect("post_error", post, error)
    fx.connect("stim_error", stim, error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    for name in ("pre", "post", "error"):
        fx.probe(f"{name}_spikes", fx.ensembles[name][0].neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY_NEURONS)
    return fx.run()


def learn_pes_neurons_to_ensemble():
    fx = LearningNetwork(
        "learn_pes_neurons_to_ensemble",
        "PES from neurons into an ensemble's vector space: pre.neurons (20 LIF) -> post "
        "(25 LIF, 1-D) with a random 1 x 20 transform (U(-1e-3, 1e-3)) and Lowpass(0.005), "
        "PES(learning rate 5e-4); the error (1-D) from an error ensemble (post - stim).",
        73,
    )
    t = fx.times()
    stim = fx.node("stim", _stimulus(t))
    pre = fx.ensemble("pre", 20, 1)
    post = fx.ensemble("post", 25, 1)
    error = fx.ensemble("error", 30, 1)
    fx.connect("stim_pre", stim, pre)
    transform = fx.rng.uniform(-1e-3, 1e-3, size=(1, 20))
    learned = fx.connect(
        "pre_post",
        pre.neurons,
        post,
        transform=transform,
        learning_rule_type=nengo.PES(learning_rate=5e-4),
    )
    fx.connect("post_error", post, error)
    fx.connect("stim_error", stim, error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    for name in ("pre", "post", "error"):
        fx.probe(f"{name}_spikes", fx.ensembles[name][0].neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY)
    return fx.run()


def learn_pes_weights_solver():
    fx = LearningNetwork(
        "learn_pes_weights_solver",
        "PES on a connection solved with LstsqL2(weights=True): stim -> pre (20 LIF) -> "
        "post (20 LIF), function 0, full 20 x 20 weights into the post neurons, PES(1e-3); "
        "the error (1-D, post's dimensions) = post - stim from an error ensemble; weights "
        "every 100 steps.",
        78,
    )
    t = fx.times()
    stim = fx.node("stim", _stimulus(t))
    pre = fx.ensemble("pre", 20, 1)
    post = fx.ensemble("post", 20, 1)
    error = fx.ensemble("error", 30, 1)
    fx.connect("stim_pre", stim, pre)
    learned = fx.connect(
        "pre_post",
        pre,
        post,
        function="zero",
        solver=nengo.solvers.LstsqL2(weights=True),
        learning_rule_type=nengo.PES(learning_rate=1e-3),
    )
    fx.connect("post_error", post, error)
    fx.connect("stim_error", stim, error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    for name in ("pre", "post", "error"):
        fx.probe(f"{name}_spikes", fx.ensembles[name][0].neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY_NEURONS)
    return fx.run()


def _unsupervised(name, seed, rule, description):
    fx = LearningNetwork(name, description, seed)
    t = fx.times()
    stim = fx.node("stim", _stimulus(t))
    pre = fx.ensemble("pre", 20, 1)
    post = fx.ensemble("post", 25, 1)
    fx.connect("stim_pre", stim, pre)
    transform = fx.rng.uniform(0, 4e-4, size=(25, 20))
    learned = fx.connect(
        "pre_post", pre.neurons, post.neurons, transform=transform, learning_rule_type=rule
    )
    fx.probe("pre_spikes", pre.neurons)
    fx.probe("post_spikes", post.neurons)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY_NEURONS)
    fx.probe("pre_filtered", learned.learning_rule, "pre_filtered", sample_every=WEIGHTS_EVERY_NEURONS)
    return fx.run()


def learn_bcm():
    return _unsupervised(
        "learn_bcm",
        73,
        nengo.BCM(learning_rate=1e-10),
        "BCM between neurons: stim -> pre (20 LIF) -> pre.neurons -> post.neurons (25 LIF) "
        "with a random 25 x 20 transform U(0, 4e-4), BCM(learning rate 1e-10, default "
        "synapses: pre and post Lowpass(0.005), theta Lowpass(1)).",
    )


def learn_oja():
    return _unsupervised(
        "learn_oja",
        74,
        nengo.Oja(learning_rate=1e-7, beta=0.5, post_synapse=0.01),
        "Oja between neurons: as learn_bcm with Oja(learning rate 1e-7, beta 0.5, "
        "pre_synapse Lowpass(0.005), post_synapse Lowpass(0.01)).",
    )


def learn_rls():
    fx = LearningNetwork(
        "learn_rls",
        "RLS on a decoded connection: stim -> pre (30 LIF) -> post (30 LIF) from function "
        "0, RLS(learning rate 1e-3, pre_synapse Lowpass(0.005)); error ensemble (30) = "
        "post - stim -> the rule.",
        75,
    )
    t = fx.times()
    stim = fx.node("stim", _stimulus(t))
    pre = fx.ensemble("pre", 30, 1)
    post = fx.ensemble("post", 30, 1)
    error = fx.ensemble("error", 30, 1)
    fx.connect("stim_pre", stim, pre)
    learned = fx.connect(
        "pre_post", pre, post, function="zero", learning_rule_type=nengo.RLS(learning_rate=1e-3)
    )
    fx.connect("post_error", post, error)
    fx.connect("stim_error", stim, error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    for name in ("pre", "post", "error"):
        fx.probe(f"{name}_spikes", fx.ensembles[name][0].neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY)
    fx.probe("inv_gamma", learned.learning_rule, "inv_gamma", sample_every=0.5)
    return fx.run()


def learn_voja():
    fx = LearningNetwork(
        "learn_voja",
        "Voja: stim 0.8 [sin(2 pi t), cos(2 pi t)] -> post (30 LIF, 2-D) with Voja(learning "
        "rate 5e-2, post_synapse Lowpass(0.005)); a second input, a constant [0.2, -0.1] "
        "through Lowpass(0.01), adds to what the encoders see; the learning signal, a node "
        "-1 (no learning) for t < 0.2 s then 0, into the rule without synapse; the scaled "
        "encoders every 100 steps.",
        76,
    )
    t = fx.times()
    stim = fx.node("stim", 0.8 * np.stack([np.sin(2 * np.pi * t), np.cos(2 * np.pi * t)], 1))
    bias = fx.node("bias", np.tile([0.2, -0.1], (len(t), 1)))
    signal = fx.node("signal", np.where(t < 0.2, -1.0, 0.0))
    post = fx.ensemble("post", 30, 2)
    learned = fx.connect(
        "stim_post", stim, post, learning_rule_type=nengo.Voja(learning_rate=5e-2)
    )
    fx.connect("bias_post", bias, post, synapse=0.01)
    fx.connect("signal_rule", signal, learned.learning_rule, synapse=None)
    fx.probe("post_spikes", post.neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("scaled_encoders", learned.learning_rule, "scaled_encoders", sample_every=0.1)
    return fx.run()


def learn_pes_slices():
    fx = LearningNetwork(
        "learn_pes_slices",
        "PES on a sliced decoded connection: stim [sin 4 pi t, 0.6 cos 2 pi t] -> pre (40 "
        "LIF, 2-D); pre[1] -> post[0] (post 30 LIF, 2-D) from function 0, PES(1e-3); the "
        "error (1-D) = post[0] - stim[1] from an error ensemble; weights (1 x 40) every 10 "
        "steps.",
        77,
    )
    t = fx.times()
    stim = fx.node("stim", np.stack([np.sin(4 * np.pi * t), 0.6 * np.cos(2 * np.pi * t)], 1))
    pre = fx.ensemble("pre", 40, 2)
    post = fx.ensemble("post", 30, 2)
    error = fx.ensemble("error", 30, 1)
    fx.connect("stim_pre", stim, pre)
    learned = fx.connect(
        "pre_post", pre[1], post[0], function="zero", learning_rule_type=nengo.PES(learning_rate=1e-3)
    )
    fx.connect("post_error", post[0], error)
    fx.connect("stim_error", stim[1], error, transform=-1)
    fx.connect("error_rule", error, learned.learning_rule)
    fx.probe("post_spikes", post.neurons)
    fx.probe("post_decoded", post, synapse=0.01)
    fx.probe("weights", learned, "weights", sample_every=WEIGHTS_EVERY)
    return fx.run()


FIXTURES = {
    f.__name__: f
    for f in (
        learn_pes_decoded,
        learn_pes_neurons,
        learn_pes_neurons_to_neurons,
        learn_pes_neurons_to_ensemble,
        learn_pes_slices,
        learn_pes_weights_solver,
        learn_bcm,
        learn_oja,
        learn_rls,
        learn_voja,
    )
}


def main(argv=None):
    run_fixtures("nengo_learning_fixtures.py", FIXTURES, DEFAULT_OUT, argv, description=__doc__.split("\n\n")[0])


if __name__ == "__main__":
    main()
