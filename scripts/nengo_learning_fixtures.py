#!/usr/bin/env python3
"""Make the Nengo learning-rule reference fixtures (issues 14 and 15): PES on every form
of connection, BCM and Oja, from real Nengo 4.1.

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

import argparse
import pathlib
import sys

import nengo
import numpy as np

from nengo_fixtures import NENGO_VERSION, NUMPY_VERSIONS, describe_synapse, to_json
from nengo_nef_fixtures import NefNetwork

MAX_FILE_BYTES = 300_000
DEFAULT_OUT = (
    pathlib.Path(__file__).resolve().parent.parent
    / "Tests"
    / "SNNSimulatorTests"
    / "Fixtures"
    / "nengo-learning"
)
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
            if conn.learning_rule_type is not None:
                entry["learning_rule"] = describe_rule(conn.learning_rule_type)
                if "weights" not in entry:  # from neurons: its transform is its weights
                    entry["weights"] = np.asarray(sim.data[conn].weights, dtype=np.float64)
        return document


def _stimulus(t):
    return 0.6 * np.sin(2 * np.pi * 2 * t) + 0.3 * np.sin(2 * np.pi * 5 * t)


def learn_pes_decoded():
    fx = LearningNetwork(
        "learn_pes_decoded",
        "PES on a decoded connection: stim -> pre (40 LIF) -> post (40 LIF) from function "
        "0, PES(learning rate 5e-4, pre_synapse Lowpass(0.01)); the error is a node's "
        "passthrough of post - stim (no neurons), into the rule with Lowpass(0.005).",
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


FIXTURES = {
    f.__name__: f
    for f in (
        learn_pes_decoded,
        learn_pes_neurons,
        learn_pes_neurons_to_neurons,
        learn_bcm,
        learn_oja,
    )
}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--only", choices=sorted(FIXTURES), action="append", help="fixture name")
    parser.add_argument(
        "--allow-other-versions",
        action="store_true",
        help=f"run with versions other than nengo {NENGO_VERSION} / numpy {NUMPY_VERSIONS}",
    )
    args = parser.parse_args(argv)

    known = nengo.__version__ == NENGO_VERSION and np.__version__ in NUMPY_VERSIONS
    if not known and not args.allow_other_versions:
        sys.exit(
            f"nengo_learning_fixtures.py: found nengo {nengo.__version__} / numpy "
            f"{np.__version__}, expected {NENGO_VERSION} / one of {NUMPY_VERSIONS}; "
            "pass --allow-other-versions to proceed anyway"
        )
    nengo.rc.set("decoder_cache", "enabled", "False")

    args.out.mkdir(parents=True, exist_ok=True)
    for name in args.only or FIXTURES:
        text = to_json(FIXTURES[name]())
        size = len(text.encode())
        if size > MAX_FILE_BYTES:
            sys.exit(f"nengo_learning_fixtures.py: {name}.json is {size} bytes (limit {MAX_FILE_BYTES})")
        (args.out / f"{name}.json").write_text(text)
        print(f"{name}.json: {size} bytes")


if __name__ == "__main__":
    main()
