"""Maps a network built by Nengo's own builder onto a SwiftSNN network (through the C ABI).

Nengo computes every built parameter (gains, biases, encoders, sampled transforms,
initial neuron states, seeds); this module only hands them over, so the engine runs
Nengo's numbers. Whatever the engine cannot run raises ``nengo.exceptions.BuildError``
naming the object and what is unsupported.
"""

import ctypes

import nengo
import numpy as np
from nengo.exceptions import BuildError

from nengo_swiftsnn.learning import (
    LEARNING_RULE, check_learning_connection, is_rule, rule_arguments, rule_probe_attribute, rule_type)
from nengo_swiftsnn.library import NODE_FUNCTION, CallError, check, doubles, lib

NODE, ENSEMBLE, NEURONS = 0, 1, 2


def _enc(text):
    return str(text).encode()


def synapse_code(synapse, owner):
    """(kind, tau) for the C API: None, Lowpass and Alpha; anything else is unsupported."""
    if synapse is None:
        return 0, 0.0
    if type(synapse) is nengo.Lowpass:
        return 1, float(synapse.tau)
    if type(synapse) is nengo.Alpha:
        return 2, float(synapse.tau)
    raise BuildError(f"{owner}: synapse {synapse} is not supported (None, Lowpass and Alpha are)")


def neuron_code(neuron_type, owner):
    """(name, parameters, wrapper, wrapper amplitude) for the C API."""
    t = type(neuron_type)
    wrapper, wrapper_amplitude = None, 1.0
    # A subclass of a spiking wrapper that keeps its step (e.g. Nengo's test type
    # SpikingTanh = RegularSpiking(Tanh())) is that wrapper.
    wrappers = [
        w
        for w in (nengo.PoissonSpiking, nengo.RegularSpiking, nengo.StochasticSpiking)
        if isinstance(neuron_type, w) and t.step is w.step
    ]
    if wrappers:
        wrapper, wrapper_amplitude = wrappers[0].__name__, float(neuron_type.amplitude)
        neuron_type = neuron_type.base_type
        t = type(neuron_type)
    if t in (nengo.LIF, nengo.AdaptiveLIF):
        p = [neuron_type.tau_rc, neuron_type.tau_ref, neuron_type.min_voltage, neuron_type.amplitude]
    elif t in (nengo.LIFRate, nengo.AdaptiveLIFRate):
        p = [neuron_type.tau_rc, neuron_type.tau_ref, neuron_type.amplitude]
    elif t in (nengo.RectifiedLinear, nengo.SpikingRectifiedLinear):
        p = [neuron_type.amplitude]
    elif t in (nengo.Sigmoid, nengo.Tanh):
        p = [neuron_type.tau_ref]
    elif t is nengo.Izhikevich:
        p = [neuron_type.tau_recovery, neuron_type.coupling, neuron_type.reset_voltage, neuron_type.reset_recovery]
    else:
        raise BuildError(
            f"{owner}: neuron type {neuron_type} is not supported by the SwiftSNN engine (LIF, LIFRate, "
            "AdaptiveLIF, AdaptiveLIFRate, Izhikevich, RectifiedLinear, SpikingRectifiedLinear, Sigmoid, Tanh, "
            "and PoissonSpiking, RegularSpiking or StochasticSpiking of a stateless rate type)"
        )
    if t in (nengo.AdaptiveLIF, nengo.AdaptiveLIFRate):
        p = [neuron_type.tau_n, neuron_type.inc_n] + p
    for state in ("adaptation", "recovery"):
        # The engine starts these at zero (Nengo's default), whatever initial_state says.
        given = (neuron_type.initial_state or {}).get(state)
        if given is not None and not (
            isinstance(given, nengo.dists.Choice) and np.all(np.asarray(given.options) == 0)
            or not isinstance(given, nengo.dists.Distribution) and np.all(np.asarray(given) == 0)
        ):
            raise BuildError(f"{owner}: an initial {state} other than 0 is not supported by the SwiftSNN engine")
    if wrapper and (neuron_type.spiking or t is nengo.AdaptiveLIFRate):
        raise BuildError(f"{owner}: {wrapper} needs a stateless rate base type, got {neuron_type}")
    return t.__name__, [float(v) for v in p], wrapper, wrapper_amplitude


def _signal(kind, index, size, columns, matrix):
    """(kind, index, M) for a signal ``matrix @ output[columns]`` of a node or population
    of ``size`` outputs."""
    full = np.zeros((matrix.shape[0], size))
    np.add.at(full, (slice(None), columns), matrix)
    return kind, index, full


class NodeCallback:
    """A Python function ``f(t, x)`` as the engine's C node function: called by the engine at
    every step with the node's input; an exception is kept in ``errors`` (the run then
    stops and the simulator re-raises it)."""

    def __init__(self, function, node, size_out, errors):
        self.function, self.node, self.size_out, self.errors = function, node, size_out, errors
        self.c_function = NODE_FUNCTION(self)

    def __call__(self, t, x, size_in, out, size_out, context):
        try:
            y = self.function(t, np.ctypeslib.as_array(x, (size_in,)).copy())
            if self.size_out and y is not None:  # None: no output (Nengo's NaN, read by nothing), zeros here
                values = np.asarray(y, dtype=np.float64)
                if values.size != self.size_out:
                    raise nengo.exceptions.SimulationError(
                        f"{self.node}: function output {y!r} at t = {t:g} s is not {self.size_out} numbers")
                np.ctypeslib.as_array(out, (size_out,))[...] = values.reshape(-1)
            return 0
        except BaseException as e:  # noqa: BLE001 - re-raised by the simulator after the engine stops
            self.errors.append(e)
            return 1


class InputProcess:
    """A ``nengo.Process`` with an input as a node function ``f(t, x)``: ``step`` is the
    process's step function, made afresh (state, random stream) by the simulator at every
    reset."""

    def __init__(self, process, node):
        self.process, self.node, self.step = process, node, None

    def __call__(self, t, x):
        return self.step(t, x)


class ProbeInfo:
    """How to read one Nengo probe from the engine: its engine index, slice and period."""

    def __init__(self, index, slice_, sample_every, decoders=None, filters=(), terms=(), constant=None, shape=None):
        self.index = index
        self.slice = slice_
        self.sample_every = sample_every
        #: (size, n_neurons) applied to recorded neuron outputs (decoded probes), or None
        self.decoders = decoders
        #: applied in order to the decoded history when read (connection probes): a
        #: synapse filters (zero-order hold, this step's value included), None delays a step
        self.filters = filters
        #: more ProbeInfos (index, decoders, filters) whose values are added (a sum of
        #: connections: an ensemble's input)
        self.terms = terms
        #: a value recorded at every step instead of the engine's data (a built
        #: parameter no learning rule changes: scaled encoders), or None
        self.constant = constant
        #: the shape of each recorded value (a learning rule's weights: (rows, columns)), or None: a vector
        self.shape = shape


class Translation:
    """A SwiftSNN network made from a built Nengo model: the C handle and the maps from
    Nengo objects to engine indices (``nodes``: node -> index; ``probes``: probe ->
    ProbeInfo; ``node_kinds``: index -> (kind, value, node), kind "constant" (values),
    "function" (f(t)), "process" (a nengo.Process without input) or "derived" (a
    connection's function of another node's output: (source index, function, slice)).
    Free the handle with ``close``."""

    def __init__(self, model, network):
        self.model = model
        self.handle = ctypes.c_void_p()
        seed = model.seeds.get(network)
        call = self._call
        call(network, lib().snn_network_create(int(seed) if seed is not None else -1, _enc(network), ctypes.byref(self.handle)))
        #: nodes (and Direct ensembles) computed in the engine: object -> engine node index
        self.nodes, self.ensembles, self.probes, self.node_kinds, self.engine_nodes = {}, {}, {}, {}, {}
        #: node callbacks (kept alive as long as the engine may call them) and their errors
        self.callbacks, self.errors = [], []
        #: processes with an input (InputProcess), stepped from the engine
        self.input_processes = []
        #: connection -> {attr: (engine kind, index, matrix)}: its "output" (before the
        #: synapse) and "input" as a matrix times an engine population's or node's output
        self._conn_signals = {}
        #: learning connection -> its engine connection index (its rule's endpoint index)
        self.learning = {}
        #: weight-solver learning connection into a post slice -> the slice's rows of its error
        self.error_rows = {}
        self._connections = network.all_connections
        for conn in self._connections:
            rule_type(conn)  # one supported rule or none, before anything is built
        for node in network.all_nodes:
            self._add_node(node)
        for ens in network.all_ensembles:
            self._add_ensemble(ens)
        # Connections into a learning rule after the connection that learns (which makes it).
        for conn in sorted(self._connections, key=lambda c: is_rule(c.post_obj)):
            self._add_connection(conn)
        for probe in network.all_probes:
            self._add_probe(probe)

    def close(self):
        if self.handle:
            lib().snn_network_free(self.handle)
            self.handle = ctypes.c_void_p()

    def _call(self, obj, status):
        try:
            check(status)
        except CallError as e:
            self.close()
            raise BuildError(f"{obj}: {e}") from None

    # -- objects -----------------------------------------------------------------------

    def _add_node(self, node):
        if node.output is None:
            return self._add_engine_node(node, node.size_in, None, node)
        if node.size_in > 0:
            if isinstance(node.output, nengo.Process):  # its step function is made by the simulator at reset
                holder = InputProcess(node.output, node)
                self.input_processes.append(holder)
                return self._add_engine_node(node, node.size_in, holder, node, size_out=node.size_out)
            if not callable(node.output):
                raise BuildError(f"{node}: a node with size_in > 0 and output {node.output!r} is not supported")
            return self._add_engine_node(node, node.size_in, node.output, node, size_out=node.size_out)
        output = node.output
        size = max(node.size_out, 1)  # a node without outputs still has its function called
        if isinstance(output, nengo.Process):
            kind = ("process", output)
        elif callable(output):
            kind = ("function", output)
        else:
            kind = ("constant", np.asarray(output, dtype=np.float64).reshape(-1))
        index = ctypes.c_int64()
        self._call(node, lib().snn_network_add_node(self.handle, _enc(node), size, None, ctypes.byref(index)))
        self.nodes[node] = index.value
        self.node_kinds[index.value] = kind + (node,)

    def _add_engine_node(self, obj, size_in, function, owner, size_out=None):
        """A node the engine computes at every step from its input: a passthrough node
        (``function`` None), or ``function(t, x)`` called back into Python. ``obj`` (a node,
        a Direct ensemble or a connection) maps to its index in ``engine_nodes``."""
        size_out = size_in if size_out is None else size_out
        index = ctypes.c_int64()
        if function is None:
            status = lib().snn_network_add_node_with_input(
                self.handle, _enc(owner), size_in, size_in, NODE_FUNCTION(), None, ctypes.byref(index))
        else:
            callback = NodeCallback(function, owner, size_out, self.errors)
            self.callbacks.append(callback)
            status = lib().snn_network_add_node_with_input(
                self.handle, _enc(owner), size_in, max(size_out, 1), callback.c_function, None, ctypes.byref(index))
        self._call(owner, status)
        self.engine_nodes[obj] = index.value
        return index.value

    def _add_ensemble(self, ens):
        if isinstance(ens.neuron_type, nengo.Direct):
            # Nengo passes a Direct ensemble's input through as its output (a passthrough
            # node); a function on a connection from it is a node computing it.
            return self._add_engine_node(ens, ens.dimensions, None, ens)
        name, params, wrapper, wrapper_amplitude = neuron_code(ens.neuron_type, ens)
        built = self.model.params[ens]
        sig = self.model.sig[ens.neurons]
        n, d = ens.n_neurons, ens.dimensions
        gain, gain_p = doubles(np.broadcast_to(built.gain, n))
        bias, bias_p = doubles(np.broadcast_to(built.bias, n))
        enc, enc_p = doubles(built.encoders)
        voltage_p = refractory_p = None
        if "voltage" in sig:
            voltage, voltage_p = doubles(sig["voltage"].initial_value)
        if "refractory_time" in sig:
            refractory, refractory_p = doubles(sig["refractory_time"].initial_value)
        params_a, params_p = doubles(params)
        index = ctypes.c_int64()
        self._call(
            ens,
            lib().snn_network_add_ensemble(
                self.handle, _enc(ens), n, d, _enc(name), params_p, len(params),
                _enc(wrapper) if wrapper else None, wrapper_amplitude, gain_p, bias_p, enc_p,
                float(ens.radius), voltage_p, refractory_p, ctypes.byref(index),
            ),
        )
        self.ensembles[ens] = index.value
        if ens.noise is not None:
            self._add_noise(ens, gain)

    def _add_noise(self, ens, gain):
        """Neuron noise, a Process added to each neuron's current J at every step (Nengo
        builds it into ``sig[ens.neurons]["in"]`` in "inc" mode): a process node of
        n_neurons outputs connected to the neurons without a synapse. The engine
        multiplies what enters ``.neurons`` by the gain, so the transform is 1 / gain."""
        if np.any(gain == 0):
            raise BuildError(f"{ens}: neuron noise on neurons with zero gain is not supported")
        index = ctypes.c_int64()
        self._call(ens, lib().snn_network_add_node(
            self.handle, _enc(f"{ens}.noise"), ens.n_neurons, None, ctypes.byref(index)))
        self.node_kinds[index.value] = ("process", ens.noise, ens.neurons)
        values, values_p = doubles(1.0 / gain)
        out = ctypes.c_int64()
        self._call(ens, lib().snn_network_connect(
            self.handle, NODE, index.value, NEURONS, self.ensembles[ens], 1, values_p, len(values), 0, 0.0,
            _enc(f"{ens}.noise"), ctypes.byref(out)))

    def _decoded(self, conn):
        """A decoded connection from an ensemble as a matrix from its neurons: Nengo's own
        weights (its solved decoders times the transform, and the post's scaled encoders for
        a weight solver) applied to the pre neurons' output. The synapse is linear, so
        filtering the decoded value or the current it makes is the same."""
        pre = conn.pre_obj
        weights = np.asarray(self.model.sig[conn]["weights"].initial_value, dtype=np.float64)
        n_pre = pre.n_neurons
        post = conn.post_obj
        if conn.solver.weights and isinstance(post, nengo.Ensemble):
            # Nengo sends these currents straight into the post neurons (gain and encoders
            # are in the weights); the engine multiplies a connection into .neurons by the
            # gain, so it is divided out here.
            gain = np.broadcast_to(self.model.params[post].gain, post.n_neurons)
            if np.any(gain == 0):
                raise BuildError(f"{conn}: a weight solver into neurons with zero gain is not supported")
            return NEURONS, self.ensembles[post], weights / gain[:, None]
        post_kind, post_index = self._endpoint(post, conn, "post")
        size_out, post_idx = self._post_rows(conn)
        full = np.zeros((size_out, n_pre))
        np.add.at(full, (post_idx[:, None], np.arange(n_pre)[None, :]), weights.reshape(len(post_idx), n_pre))
        return post_kind, post_index, full

    def _post_rows(self, conn):
        """(size, indices): the engine's input size of ``conn``'s post and the rows its
        post slice selects. A weight-solver rule into a post slice takes a full error of the
        post's dimensions in the engine; Nengo's sliced error goes to the slice's rows (the
        others stay 0, so the post's scaled encoders make Nengo's local error)."""
        post = conn.post_obj
        rows = self.error_rows.get(post.connection) if is_rule(post) else None
        if rows is None:
            return post.size_in, np.arange(post.size_in)[conn.post_slice]
        return post.connection.post_obj.size_in, rows[np.arange(len(rows))[conn.post_slice]]

    def _endpoint(self, obj, conn, role):
        if is_rule(obj) and role == "post":
            return LEARNING_RULE, self.learning[obj.connection]
        if isinstance(obj, (nengo.Node, nengo.Ensemble)) and obj in self.engine_nodes:
            return NODE, self.engine_nodes[obj]
        if isinstance(obj, nengo.Node):
            if role == "post":
                raise BuildError(f"{conn}: connections into {obj} (a node without input) are not supported")
            return NODE, self.nodes[obj]
        if isinstance(obj, nengo.ensemble.Neurons):
            return NEURONS, self.ensembles[obj.ensemble]
        if isinstance(obj, nengo.Ensemble) and role == "post":  # (decoded pre: see _decoded)
            return ENSEMBLE, self.ensembles[obj]
        raise BuildError(f"{conn}: connections {'from' if role == 'pre' else 'into'} {obj} are not supported")

    def _add_connection(self, conn):
        rule = rule_type(conn)
        form = None if rule is None else check_learning_connection(conn, rule)
        if form == "slice":
            return self._add_learning_into_slice(conn)
        if form == "weights":
            return self._add_learning_full_weights(conn)
        if isinstance(conn.pre_obj, nengo.Ensemble) and conn.pre_obj not in self.engine_nodes:
            post_kind, post, matrix = self._decoded(conn)
            self._connect(conn, NEURONS, self.ensembles[conn.pre_obj], post_kind, post, 2, matrix.reshape(-1))
            weights = np.asarray(self.model.sig[conn]["weights"].initial_value, dtype=np.float64)
            self._conn_signals[conn] = {
                "output": (NEURONS, self.ensembles[conn.pre_obj], weights.reshape(-1, conn.pre_obj.n_neurons))}
            return
        pre_kind, pre = self._endpoint(conn.pre_obj, conn, "pre")
        post_kind, post = self._endpoint(conn.post_obj, conn, "post")
        size_in, (size_out, post_idx) = conn.pre_obj.size_out, self._post_rows(conn)
        pre_slice = conn.pre_slice
        source_kind, source = pre_kind, pre
        if conn.function is not None:
            pre, size_in, pre_slice = self._add_function_node(conn, pre_kind, pre), conn.size_mid, slice(None)
            pre_kind = NODE
        weights = self._transform_matrix(conn)
        pre_idx = np.arange(size_in)[pre_slice]
        self._conn_signals[conn] = {
            "output": _signal(NODE if conn.function is not None else pre_kind, pre, size_in, pre_idx,
                              weights * np.eye(len(post_idx), len(pre_idx)) if weights.ndim == 0
                              else (np.diag(weights) if weights.ndim == 1 else weights)),
            "input": _signal(source_kind, source, conn.pre_obj.size_out, np.arange(conn.pre_obj.size_out),
                             np.eye(conn.pre_obj.size_out)),
        }
        if rule is None and len(pre_idx) == size_in and len(post_idx) == size_out and np.all(
            pre_idx == np.arange(size_in)
        ) and np.all(post_idx == np.arange(size_out)):
            kind, values = min(weights.ndim, 2), weights.reshape(-1)
        else:
            # A slice selects columns (pre) or rows (post) of a full matrix; repeated
            # indices add up, as Nengo's sliced signals do. A learning connection's
            # weights are a full matrix (the engine learns on a 2-dimensional transform).
            if weights.ndim == 0:
                w = weights * np.eye(len(post_idx), len(pre_idx))
            elif weights.ndim == 1:
                w = np.diag(weights)
            else:
                w = weights
            full = np.zeros((size_out, size_in))
            np.add.at(full, (post_idx[:, None], pre_idx[None, :]), w)
            kind, values = 2, full.reshape(-1)
        self._connect(conn, pre_kind, pre, post_kind, post, kind, values)

    def _add_learning_full_weights(self, conn):
        """A learning connection with a weight solver: Nengo's weights ``W`` (``n_post x
        n_pre``, currents into the post neurons) as the engine's full weights of given
        decoders, ``scaled_encoders · M`` with ``M`` solved from ``W`` (exact: Nengo's ``W``
        is ``scaled_encoders`` times its decoded weights), so that the rule changes them as
        Nengo's does (no gain on the change)."""
        pre, post = conn.pre_obj, conn.post_obj
        weights = np.asarray(self.model.sig[conn]["weights"].initial_value, dtype=np.float64)
        encoders = np.asarray(self.model.params[post].scaled_encoders, dtype=np.float64)
        decoded = np.linalg.lstsq(encoders, weights, rcond=None)[0]  # (dimensions, n_pre)
        if not np.allclose(encoders @ decoded, weights, rtol=1e-9, atol=1e-12 * max(np.abs(weights).max(), 1e-300)):
            raise BuildError(f"{conn}: its weights are not the post's scaled encoders times decoded weights")
        values, values_p = doubles(decoded.T)
        syn_kind, tau = synapse_code(conn.synapse, conn)
        index = ctypes.c_int64()
        self._call(conn, lib().snn_network_connect_decoders(
            self.handle, self.ensembles[pre], ENSEMBLE, self.ensembles[post], values_p, post.dimensions, 1,
            syn_kind, tau, _enc(conn), ctypes.byref(index)))
        self._set_learning_rule(conn, index.value)
        self._conn_signals[conn] = {"output": (NEURONS, self.ensembles[pre], weights)}
        rows = np.arange(post.size_in)[conn.post_slice]
        if len(rows) != post.size_in or np.any(rows != np.arange(post.size_in)):
            self.error_rows[conn] = rows

    def _add_learning_into_slice(self, conn):
        """A decoded connection that learns (PES, RLS) into a post slice: its weights (Nengo's,
        ``(size_out, n_pre)``) learn into a passthrough node of ``size_out`` values, after the
        connection's synapse, and the node feeds the slice in the same step (no delay, as a
        passthrough node adds none). Its error then has Nengo's size, ``size_out``."""
        pre, post = conn.pre_obj, conn.post_obj
        weights = np.asarray(self.model.sig[conn]["weights"].initial_value, dtype=np.float64)
        node = self._add_engine_node((conn, "learned"), conn.size_out, None, f"{conn}.learned")
        self._connect(conn, NEURONS, self.ensembles[pre], NODE, node, 2, weights.reshape(-1))
        post_kind, post_index = self._endpoint(post, conn, "post")
        select = np.zeros((post.size_in, conn.size_out))
        np.add.at(select, (np.arange(post.size_in)[conn.post_slice], np.arange(conn.size_out)), 1.0)
        values, values_p = doubles(select.reshape(-1))
        out = ctypes.c_int64()
        self._call(conn, lib().snn_network_connect(
            self.handle, NODE, node, post_kind, post_index, 2, values_p, len(values), 0, 0.0,
            _enc(f"{conn}.slice"), ctypes.byref(out)))
        self._conn_signals[conn] = {"output": (NEURONS, self.ensembles[pre], weights.reshape(-1, pre.n_neurons))}

    def _add_function_node(self, conn, pre_kind, source):
        """A connection's function of its pre's output as one more node: computed in Python
        before the run from an input node's output of each step (the source is called
        first), or, from a node the engine computes (passthrough, f(t, x), Direct), a node
        computing it in the engine from the source's output in the same step."""
        if pre_kind != NODE or conn.pre_obj in self.engine_nodes:
            function, pre_slice, size = conn.function, conn.pre_slice, conn.pre_obj.size_out
            index = self._add_engine_node(
                conn, size, lambda t, x: function(x[pre_slice]), conn, size_out=conn.size_mid)
            out = ctypes.c_int64()
            ones, ones_p = doubles([1.0])
            self._call(conn, lib().snn_network_connect(
                self.handle, pre_kind, source, NODE, index, 0, ones_p, 1, 0, 0.0, _enc(f"{conn}.function input"),
                ctypes.byref(out)))
            return index
        index = ctypes.c_int64()
        self._call(conn, lib().snn_network_add_node(
            self.handle, _enc(f"{conn}.function"), conn.size_mid, None, ctypes.byref(index)))
        self.node_kinds[index.value] = ("derived", (source, conn.function, conn.pre_slice), conn)
        return index.value

    def _transform_matrix(self, conn):
        """The connection's built transform: a scalar, a vector or a (size_out, size_in)
        matrix. Sparse transforms are made dense; convolutions become the matrix of Nengo's
        own convolution operator, applied to each unit input vector (they are linear)."""
        transform = conn.transform
        if isinstance(transform, nengo.transforms.NoTransform):
            return np.asarray(1.0)
        weights = self.model.sig[conn]["weights"].initial_value
        if isinstance(transform, nengo.transforms.Dense):
            return np.asarray(weights, dtype=np.float64)
        if isinstance(transform, nengo.transforms.Sparse):
            return np.asarray(weights.toarray() if hasattr(weights, "toarray") else weights, dtype=np.float64)
        if isinstance(transform, (nengo.Convolution, nengo.ConvolutionTranspose)):
            op = next(
                (o for o in self.model.operators
                 if isinstance(o, nengo.builder.transforms.GeneralConvInc) and o.conv is transform
                 and o.W is self.model.sig[conn]["weights"]),
                None,
            )
            if op is not None and transform.dimensions <= 2:
                x, y = np.zeros(transform.size_in), np.zeros(transform.size_out)
                step = op.make_step({op.W: np.asarray(weights, dtype=np.float64), op.X: x, op.Y: y}, self.model.dt, None)
                matrix = np.zeros((transform.size_out, transform.size_in))
                for i in range(transform.size_in):
                    x[...] = 0
                    x[i] = 1
                    y[...] = 0
                    step()
                    matrix[:, i] = y
                return matrix
        raise BuildError(f"{conn}: {transform} is not supported (Dense, Sparse, and 1-D or 2-D convolutions are)")

    def _connect(self, conn, pre_kind, pre, post_kind, post, kind, values):
        """Connects in the engine, and gives the connection its learning rule if it has one."""
        syn_kind, tau = synapse_code(conn.synapse, conn)
        values, values_p = doubles(values)
        index = ctypes.c_int64()
        self._call(
            conn,
            lib().snn_network_connect(
                self.handle, pre_kind, pre, post_kind, post, kind, values_p, len(values), syn_kind, tau,
                _enc(conn), ctypes.byref(index),
            ),
        )
        self._set_learning_rule(conn, index.value)

    def _set_learning_rule(self, conn, index):
        """Gives engine connection ``index`` the learning rule of ``conn``, if it has one."""
        rule = rule_type(conn)
        if rule is None:
            return
        name, params, synapses = rule_arguments(rule, synapse_code, conn)
        params, params_p = doubles(params)
        kinds = (ctypes.c_int32 * len(synapses))(*(k for k, _ in synapses))
        taus, taus_p = doubles([tau for _, tau in synapses])
        self._call(conn, lib().snn_network_set_learning_rule(
            self.handle, index, _enc(name), params_p, len(params), kinds, taus_p, len(synapses)))
        self.learning[conn] = index

    def _add_probe(self, probe):
        obj = probe.obj
        attr = probe.attr
        if isinstance(obj, nengo.ensemble.Neurons):
            kind, index = NEURONS, self.ensembles[obj.ensemble]
            if attr not in ("output", "voltage", "input", "refractory_time", "rate_out"):
                raise BuildError(
                    f"{probe}: probing neurons' '{attr}' is not supported (output, voltage, input, refractory_time, "
                    "rate_out are)")
        elif isinstance(obj, (nengo.Node, nengo.Ensemble)) and obj in self.engine_nodes:
            if attr not in ("output", "decoded_output"):
                raise BuildError(f"{probe}: probing '{attr}' of a node computed from its input or a Direct ensemble "
                                 "is not supported")
            kind, index, attr = NODE, self.engine_nodes[obj], "output"
        elif isinstance(obj, nengo.Node):
            kind, index = NODE, self.nodes[obj]
            if obj.size_out == 0:
                raise BuildError(f"{probe}: the node has no output to probe")
        elif isinstance(obj, nengo.Connection):
            return self._add_connection_probe(probe)
        elif is_rule(obj):
            return self._add_learning_probe(probe, obj.connection, rule_probe_attribute(probe))
        elif isinstance(obj, nengo.Ensemble) and attr == "input" and obj not in self.engine_nodes:
            return self._add_ensemble_input_probe(probe)
        elif isinstance(obj, nengo.Ensemble) and attr == "scaled_encoders" and obj not in self.engine_nodes:
            voja = [c for c in self.learning if c.post_obj is obj and isinstance(c.learning_rule_type, nengo.Voja)]
            if voja:  # the encoders Voja learns
                return self._add_learning_probe(probe, voja[0], "scaled_encoders")
            self._add_neuron_probe(probe, self.ensembles[obj], None, probe.slice)
            self.probes[probe].constant = np.asarray(self.model.params[obj].scaled_encoders, dtype=np.float64)
            return
        elif isinstance(obj, nengo.Ensemble) and attr == "decoded_output":
            return self._add_decoded_probe(probe)
        elif isinstance(obj, nengo.Ensemble):
            raise BuildError(f"{probe}: probing an ensemble's {attr!r} is not supported by the SwiftSNN engine")
        else:
            raise BuildError(f"{probe}: probing a {type(obj).__name__} is not supported")
        synapse, filters = probe.synapse, []
        if isinstance(synapse, nengo.synapses.Synapse) and type(synapse) not in (nengo.Lowpass, nengo.Alpha):
            # Another synapse (Triangle, LinearFilter): the unfiltered signal is
            # recorded and filtered when read, one step late as a probe's filter is.
            synapse, filters = None, [synapse, None]
        syn_kind, tau = synapse_code(synapse, probe)
        out = ctypes.c_int64()
        self._call(
            probe,
            lib().snn_network_probe(self.handle, kind, index, _enc(attr), syn_kind, tau, _enc(probe), ctypes.byref(out)),
        )
        self.probes[probe] = ProbeInfo(out.value, probe.slice, probe.sample_every, filters=filters)

    def _add_connection_probe(self, probe):
        """A connection's ``output`` (its transformed signal after its synapse, Nengo's
        ``weighted``) or ``input`` (the pre's sliced output): the source's unfiltered
        output times a matrix, filtered when read as Nengo's connection probe filters it
        (the connection's synapse in update mode; the probe's synapse one step later)."""
        conn, attr = probe.obj, probe.attr
        rule = rule_type(conn)
        if attr == "weights" and rule is not None and not isinstance(rule, nengo.Voja):
            return self._add_learning_probe(probe, conn, "weights")
        if attr == "output" and rule is not None:
            raise BuildError(f"{probe}: probing a learning connection's 'output' is not supported by the SwiftSNN "
                             "backend (its 'weights' and its learning rule's signals are)")
        if attr == "weights":  # Nengo's built weights; no learning rule changes them here
            kind, index, _ = self._conn_signals[conn]["output"]
            out = ctypes.c_int64()  # only its number of steps is read
            self._call(probe, lib().snn_network_probe(
                self.handle, kind, index, b"output", 0, 0.0, _enc(probe), ctypes.byref(out)))
            weights = np.asarray(self.model.sig[conn]["weights"].initial_value, dtype=np.float64)
            self.probes[probe] = ProbeInfo(out.value, probe.slice, probe.sample_every, constant=weights)
            return
        signal = self._conn_signals[conn].get(attr)
        if signal is None:
            raise BuildError(
                f"{probe}: probing a connection's {attr!r} is not supported here (its 'output' is, and its 'input' "
                "unless the pre is a decoded ensemble)")
        kind, index, matrix = signal
        # Nengo's timing (checked against its simulator): the connection's synapse in
        # update mode includes this step; the probe's synapse acts one step later, and one
        # more when it reads a filtered signal.
        filters = [conn.synapse] if attr == "output" and conn.synapse is not None else []
        if probe.synapse is not None:
            filters = filters + [None] * len(filters) + [probe.synapse, None]
        out = ctypes.c_int64()
        self._call(
            probe, lib().snn_network_probe(self.handle, kind, index, b"output", 0, 0.0, _enc(probe), ctypes.byref(out)))
        self.probes[probe] = ProbeInfo(out.value, probe.slice, probe.sample_every, decoders=matrix, filters=filters)

    def _add_learning_probe(self, probe, conn, attr):
        """A learning rule's signal recorded by the engine: ``attr`` "weights" (the
        connection's, shaped as Nengo's), "scaled_encoders", "activities" or "inv_gamma"."""
        syn_kind, tau = synapse_code(probe.synapse, probe)
        out = ctypes.c_int64()
        self._call(probe, lib().snn_network_probe(
            self.handle, LEARNING_RULE, self.learning[conn], _enc(attr), syn_kind, tau, _enc(probe), ctypes.byref(out)))
        shape = None
        if attr == "weights":
            pre, built = conn.pre_obj, np.shape(self.model.sig[conn]["weights"].initial_value)
            shape = (built[0] if len(built) == 2 else conn.size_out,
                     pre.n_neurons if isinstance(pre, nengo.Ensemble) else pre.size_out)
        elif attr == "scaled_encoders":
            shape = np.shape(self.model.params[conn.post_obj].scaled_encoders)
        elif attr == "inv_gamma":
            n = conn.pre_obj.n_neurons if isinstance(conn.pre_obj, nengo.Ensemble) else conn.pre_obj.size_out
            shape = (n, n)
        self.probes[probe] = ProbeInfo(out.value, probe.slice, probe.sample_every, shape=shape)

    def _add_ensemble_input_probe(self, probe):
        """An ensemble's decoded input (Nengo's ``sig[ens]["in"]``): the sum of the outputs
        of the connections into it (a weight solver's go to its neurons), each one step
        late when it has a synapse, as the ensemble receives them."""
        ens = probe.obj
        learning = [c for c in self.learning if c.post_obj is ens and not isinstance(rule_type(c), nengo.Voja)]
        if learning:
            raise BuildError(f"{probe}: probing the input of an ensemble that a learning connection ({learning[0]}) "
                             "feeds is not supported by the SwiftSNN backend")
        # Nothing connected: zeros (the neurons' output times a zero matrix).
        sources = [(NEURONS, self.ensembles[ens], np.zeros((ens.dimensions, ens.n_neurons)), [])]
        for conn in self._connections:
            if conn.post_obj is not ens or (isinstance(conn.pre_obj, nengo.Ensemble) and conn.solver.weights):
                continue
            kind, index, matrix = self._conn_signals[conn]["output"]
            full = np.zeros((ens.dimensions, matrix.shape[1]))
            np.add.at(full, np.arange(ens.dimensions)[conn.post_slice], matrix)
            sources.append((kind, index, full, [conn.synapse, None] if conn.synapse is not None else []))
        terms = []
        for kind, index, matrix, filters in sources[1:] or sources:
            out = ctypes.c_int64()
            self._call(probe, lib().snn_network_probe(
                self.handle, kind, index, b"output", 0, 0.0, _enc(probe), ctypes.byref(out)))
            delay = [probe.synapse, None] if probe.synapse is not None else []
            terms.append(ProbeInfo(out.value, None, None, decoders=matrix, filters=filters + delay))
        first = terms[0]
        self.probes[probe] = ProbeInfo(
            first.index, probe.slice, probe.sample_every, first.decoders, first.filters, terms=terms[1:])

    def _add_decoded_probe(self, probe):
        """An ensemble's decoded output: its neurons' output, filtered by the probe's
        synapse, times the decoders Nengo solved for the probe (linear, so the same)."""
        ens = probe.obj
        conn = next(c for c in self.model.params if isinstance(c, nengo.Connection) and c.post_obj is probe)
        decoders = np.asarray(self.model.sig[conn]["weights"].initial_value, dtype=np.float64)
        self._add_neuron_probe(probe, self.ensembles[ens], decoders, None)

    def _add_neuron_probe(self, probe, population, decoders, slice_):
        """Probes a population's output (filtered by the probe's synapse), read as
        ``output @ decoders.T``."""
        syn_kind, tau = synapse_code(probe.synapse, probe)
        out = ctypes.c_int64()
        self._call(
            probe,
            lib().snn_network_probe(
                self.handle, NEURONS, population, b"output", syn_kind, tau, _enc(probe), ctypes.byref(out)),
        )
        self.probes[probe] = ProbeInfo(out.value, slice_, probe.sample_every, decoders=decoders)

