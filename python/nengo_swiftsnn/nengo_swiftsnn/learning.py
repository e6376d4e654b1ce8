"""Nengo's learning rules (PES, RLS, BCM, Oja, Voja) as the engine's: their parameters for
``snn_network_set_learning_rule``, the connection forms the engine learns on, and the
probes it records.

Every rule runs in the engine with Nengo's timing; what it does not run raises
``nengo.exceptions.BuildError`` naming the connection or probe.
"""

import nengo
from nengo.exceptions import BuildError
from nengo.connection import LearningRule

#: The C API's endpoint kind of a connection's learning rule (index: the connection's).
LEARNING_RULE = 3

#: Probe attributes of ``conn.learning_rule`` the engine records: Nengo's name -> the engine's.
_RULE_PROBES = {
    nengo.PES: {"activities": "activities"},
    nengo.RLS: {"pre_filtered": "activities", "inv_gamma": "inv_gamma"},
    nengo.BCM: {"pre_filtered": "activities"},
    nengo.Oja: {"pre_filtered": "activities"},
    nengo.Voja: {"scaled_encoders": "scaled_encoders"},
}


def rule_type(conn):
    """The connection's one learning rule type (alone, or the only one of a list or dict),
    or None; several -> BuildError."""
    rule = conn.learning_rule_type
    if rule is None:
        return None
    if isinstance(rule, (list, tuple, dict)) and len(rule) == 1:
        rule = next(iter(rule.values())) if isinstance(rule, dict) else rule[0]
    if isinstance(rule, (list, tuple, dict)):
        raise BuildError(
            f"{conn}: several learning rules on one connection ({rule}) are not supported by the SwiftSNN engine "
            "(one rule per connection is)")
    if type(rule) not in _RULE_PROBES:
        raise BuildError(f"{conn}: learning rule {rule} is not supported (PES, RLS, BCM, Oja and Voja are)")
    return rule


def rule_arguments(rule, synapse_code, owner):
    """(name, parameters, [(synapse kind, tau)]) for ``snn_network_set_learning_rule``."""
    t = type(rule)
    if t is nengo.PES or t is nengo.RLS:
        params, synapses = [rule.learning_rate], [rule.pre_synapse]
    elif t is nengo.BCM:
        params, synapses = [rule.learning_rate], [rule.pre_synapse, rule.post_synapse, rule.theta_synapse]
    elif t is nengo.Oja:
        params, synapses = [rule.learning_rate, rule.beta], [rule.pre_synapse, rule.post_synapse]
    else:
        params, synapses = [rule.learning_rate], [rule.post_synapse]
    return t.__name__, [float(p) for p in params], [synapse_code(s, f"{owner} ({t.__name__})") for s in synapses]


def check_learning_connection(conn, rule):
    """Refuses the forms the engine does not learn on (BuildError naming ``conn``); returns
    "slice" when the connection's decoded output goes to a post slice (it then learns into
    a node of the slice's size, which feeds the slice), "weights" for a weight solver (full
    weights into the post neurons), else None."""
    what = f"{conn}: learning rule {type(rule).__name__}"
    if isinstance(conn.pre_obj, nengo.Ensemble) and conn.solver.weights:
        if not isinstance(conn.post_slice, slice) and len(set(conn.post_slice)) != len(conn.post_slice):
            raise BuildError(
                f"{what} on a connection with a weight solver ({conn.solver}) into a post slice that repeats an index "
                "is not supported by the SwiftSNN backend")
        return "weights"
    decoded = isinstance(conn.pre_obj, nengo.Ensemble)
    # A decoded connection's pre slice is in Nengo's solved weights already (n_pre columns).
    if not decoded and not _selects_all(conn.pre_slice):
        raise BuildError(f"{what} on a connection from a slice of neurons is not supported by the SwiftSNN backend")
    post_sliced = not _selects_all(conn.post_slice)
    if post_sliced and not (
        decoded and type(rule) in (nengo.PES, nengo.RLS) and not isinstance(conn.post_obj, nengo.ensemble.Neurons)
    ):
        raise BuildError(
            f"{what} into a slice is supported by the SwiftSNN backend only for PES and RLS on a decoded connection "
            "into an ensemble or node")
    if isinstance(conn.pre_obj, nengo.Ensemble) and isinstance(conn.pre_obj.neuron_type, nengo.Direct):
        raise BuildError(f"{what} needs neurons in the pre ensemble, not a Direct ensemble")
    return "slice" if post_sliced else None


def rule_probe_attribute(probe):
    """The engine's attribute for a probe on ``conn.learning_rule``, or BuildError."""
    rule = probe.obj.learning_rule_type
    attr = _RULE_PROBES[type(rule)].get(probe.attr)
    if attr is None:
        raise BuildError(
            f"{probe}: probing {type(rule).__name__}'s {probe.attr!r} is not supported by the SwiftSNN engine "
            f"({', '.join(repr(a) for a in _RULE_PROBES[type(rule)])} and the connection's 'weights' are)")
    return attr


def is_rule(obj):
    """Whether ``obj`` is a connection's learning rule (``conn.learning_rule``)."""
    return isinstance(obj, LearningRule)


def _selects_all(slice_):
    """Whether a connection's pre or post slice is ``slice(None)`` (everything, in order)."""
    return isinstance(slice_, slice) and slice_ == slice(None)
