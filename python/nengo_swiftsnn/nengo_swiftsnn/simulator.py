"""``nengo_swiftsnn.Simulator``: Nengo's Simulator interface over the SwiftSNN engine."""

import ctypes
import warnings
from collections.abc import Mapping

import nengo
import numpy as np
from nengo.builder import Model
from nengo.cache import NoDecoderCache
from nengo.exceptions import SimulationError, SimulatorClosed, ValidationError
from nengo.utils.progress import Progress, ProgressTracker

from nengo_swiftsnn.library import CallError, check, doubles, lib
from nengo_swiftsnn.translate import Translation


class Simulator:
    """Runs a Nengo network on the SwiftSNN engine, with ``nengo.Simulator``'s interface.

    The network is built by Nengo's builder (``nengo.builder.Model``), so built parameters
    (``sim.data[ens].gain``, ``.bias``, ``.encoders``, ``sim.data[conn].weights``, initial
    states) are Nengo's own; the engine runs them. Unsupported objects raise
    ``nengo.exceptions.BuildError`` naming them.

    NengoDL's batched form is accepted: ``Simulator(net, minibatch_size=N)`` simulates N
    independent examples as one SwiftSNN batch; ``run_steps(n, data={node: array of shape
    (N, n, size)})`` feeds them, and probe data has shape (N, steps, size).

    Parameters
    ----------
    network : nengo.Network or None
        The network (None: use ``model.toplevel``).
    dt : float
        Time step, in seconds.
    seed : int or None
        Seed of the engine's random streams (Poisson spikes); default ``network.seed + 1``
        as in Nengo, else random.
    model : nengo.builder.Model or None
        A model to build into (Nengo's parameter).
    progress_bar : bool, nengo.utils.progress.ProgressBar or None
        Nengo's progress bar for runs (None or False: none); it advances once per
        ``run_steps`` call, the engine running the steps in one go.
    optimize
        Accepted for compatibility; the engine has no operator graph to optimise.
    minibatch_size : int or None
        Number of examples simulated together (NengoDL's parameter); None is one example
        with Nengo's probe shapes (steps, size).
    threads : int
        Worker threads of the engine (0: every core).
    precision : "float64" or "float32"
        The engine's precision: float64 (default) computes as Nengo's reference simulator
        does; float32 is faster.
    """

    def __init__(
        self, network, dt=0.001, seed=None, model=None, progress_bar=None, optimize=True, minibatch_size=None,
        threads=0, precision="float64",
    ):
        self.closed = True
        if model is None:
            model = Model(dt=float(dt), label=f"{network}, dt={dt:f}", decoder_cache=NoDecoderCache())
        if network is not None:
            model.build(network)
        else:
            network = model.toplevel
        self.model = model
        self.progress_bar = progress_bar
        self.minibatch_size = minibatch_size
        batch = 1 if minibatch_size is None else int(minibatch_size)
        if batch < 1:
            raise ValidationError(f"must be positive, got {minibatch_size}", attr="minibatch_size", obj=self)
        bits = {"float32": 32, "float64": 64}.get(precision)
        if bits is None:
            raise ValidationError(f"must be 'float32' or 'float64', got {precision!r}", attr="precision", obj=self)
        if seed is None:
            seed = network.seed + 1 if network is not None and network.seed is not None else np.random.randint(2**31)
        self.seed = self._base_seed = int(seed)
        self._translation = Translation(model, network)
        self._handle = ctypes.c_void_p()
        try:
            check(lib().snn_simulator_create(
                self._translation.handle, float(model.dt), batch, self._base_seed % 2**62, int(threads), bits,
                ctypes.byref(self._handle)))
        except CallError as e:
            raise nengo.exceptions.BuildError(str(e)) from None
        finally:
            self._translation.close()  # the simulator holds its own copy of the network
        self.closed = False
        self._batch = batch
        self._functions = {}  # index -> (f(t), node, engine size): node functions called in Python
        self._node_mode = {}
        self._cleared_steps = 0
        self._cache = {}
        self._process_steps = {}
        self._outputs = {}
        self.data = _SimulationData(self)
        self._make_process_steps()
        for index in self._translation.node_kinds:
            self._use_default(index)

    # -- Nengo's interface ----------------------------------------------------------------

    @property
    def dt(self):
        """The time step, in seconds."""
        return self.model.dt

    @property
    def n_steps(self):
        """Steps run since the last reset."""
        return self._steps

    @property
    def time(self):
        """Simulated time since the last reset, in seconds."""
        return self._steps * self.dt

    @property
    def _steps(self):
        return int(lib().snn_simulator_steps(self._handle)) if not self.closed else self._closed_steps

    def run(self, time_in_seconds, progress_bar=None, data=None):
        """Simulates ``time_in_seconds`` (rounded to whole steps)."""
        if time_in_seconds < 0:
            raise ValidationError(f"Must be positive (got {time_in_seconds:g})", attr="time_in_seconds")
        steps = int(np.round(float(time_in_seconds) / self.dt))
        if steps == 0:
            warnings.warn(f"{time_in_seconds} results in running for 0 timesteps. Simulator still at time {self.time}.")
        self.run_steps(steps, progress_bar=progress_bar, data=data)

    def run_steps(self, steps, progress_bar=None, data=None):
        """Simulates ``steps`` steps; ``data`` maps input nodes to their output for these
        steps, shape (minibatch_size, steps, size) (or (steps, size) without a minibatch)."""
        if self.closed:
            raise SimulatorClosed("Simulator cannot run because it is closed.")
        steps = int(steps)
        data = data or {}
        for node, values in data.items():
            self._set_sequence(node, values, steps)
            self._functions.pop(self._translation.nodes[node], None)
        for index in self._translation.node_kinds:
            if self._translation.node_kinds[index][2] not in data and self._node_mode.get(index) != "default":
                self._use_default(index)
        progress_bar = self.progress_bar if progress_bar is None else progress_bar
        try:
            if progress_bar is None or progress_bar is False:
                self._run(steps)
            else:  # Nengo's progress bar (its tracker starts a thread: only when asked for)
                with ProgressTracker(progress_bar, Progress("Simulating", "Simulation", steps)) as tracker:
                    self._run(steps)
                    tracker.total_progress.step(steps)
        finally:
            for node in data:
                self._node_mode[self._translation.nodes[node]] = "data"
        self._cache.clear()

    def step(self):
        """Advances by one step (``dt`` seconds)."""
        self.run_steps(1)

    def reset(self, seed=None):
        """Restores the initial state (voltages, filters) and clears probe data; ``seed``
        changes the engine's random streams (the same seed gives the same spikes again)."""
        if self.closed:
            raise SimulatorClosed("Cannot reset closed Simulator.")
        if seed is not None:
            self.seed = int(seed)
        check(lib().snn_simulator_reset(self._handle, (self.seed - self._base_seed) % 2**62))
        self._make_process_steps()
        self._cleared_steps = 0
        self._cache.clear()

    def clear_probes(self):
        """Clears all probe histories (the simulation state is kept)."""
        self._cleared_steps = self._steps
        self._cache.clear()

    def trange(self, dt=None, sample_every=None):
        """The times of probed samples, from ``dt`` (Nengo's definition)."""
        if dt is not None:
            if sample_every is not None:
                raise ValidationError(
                    "Cannot specify both `dt` and `sample_every`. Use `sample_every` only.", attr="dt", obj=self)
            warnings.warn("`dt` is deprecated. Use `sample_every` instead.", DeprecationWarning)
            sample_every = dt
        period = 1 if sample_every is None else sample_every / self.dt
        steps = np.arange(1, self.n_steps + 1)
        return self.dt * steps[steps % period < 1]

    def close(self):
        """Frees the engine; probe data stays readable."""
        if not self.closed:
            for probe in self._translation.probes:
                self.data[probe]
            self._closed_steps = self._steps
            lib().snn_simulator_free(self._handle)
            self._handle = ctypes.c_void_p()
            self.closed = True

    def __enter__(self):
        if self.closed:
            raise SimulatorClosed("Cannot re-open after simulator is closed")
        return self

    def __exit__(self, exc_type, exc_value, traceback):
        self.close()

    def __del__(self):
        if not getattr(self, "closed", True):
            warnings.warn(
                f"Simulator with model={self.model} was deallocated while open. Please close simulators "
                "manually to ensure resources are properly freed.", ResourceWarning)
            lib().snn_simulator_free(self._handle)
            self.closed = True

    # -- inputs ---------------------------------------------------------------------------

    def _use_default(self, index):
        kind, value, node = self._translation.node_kinds[index]
        if kind == "constant":
            values, p = doubles(np.tile(value, self._batch))
            check(lib().snn_simulator_set_input(self._handle, index, p, len(values)))
            self._outputs[index] = value
            self._functions.pop(index, None)
        else:
            if kind == "process":
                steps = self._process_steps
                value = lambda t, index=index: steps[index](t)  # noqa: E731
            elif kind == "derived":
                outputs, (source, function, pre_slice) = self._outputs, value
                value = lambda t: function(outputs[source][pre_slice])  # noqa: E731
            size = node.size_mid if isinstance(node, nengo.Connection) else max(node.size_out, 1)
            self._functions[index] = (value, node, size)
        self._node_mode[index] = "default"

    #: The most values of one node's input sequence handed to the engine at once (the
    #: engine indexes a sequence from the last reset, so the steps already run count).
    _MAX_SEQUENCE_VALUES = 1 << 24

    def _run(self, steps):
        """Runs ``steps`` steps. Node functions of t are called here, in step order and
        node order at Nengo's times t = dt, 2 dt, ..., for a whole run (or a part of a long
        one) before the engine runs its steps in one go: an output that stays the same
        (an image held for the run) is handed over as held input, any other as a per-step
        sequence. No Python runs inside the engine's loop. When a function fails at step
        k, the k steps before it run and the error is raised.

        A function that returns the same array object with the same bytes at every step
        (``lambda t: image``) costs one identity and one byte comparison per step; its
        values are copied once."""
        functions = sorted(self._functions.items())
        width = max((size * self._batch for _, (_, _, size) in functions), default=1)
        while steps > 0:
            start = self._steps
            part = steps
            while functions and part > 1 and (start + part) * width > self._MAX_SEQUENCE_VALUES:
                part //= 2
            good, failure = self._call_functions(functions, start, part)
            if good > 0:
                for index, rows in self._part_outputs.items():
                    self._feed(index, rows[:good])
                for index, row in self._part_held.items():
                    values, p = doubles(np.tile(row, self._batch))
                    check(lib().snn_simulator_set_input(self._handle, index, p, values.size))
                try:
                    check(lib().snn_simulator_run(self._handle, good))
                except CallError as e:
                    errors = self._translation.errors  # a node function's own exception comes first
                    if errors:
                        error = errors[0]
                        errors.clear()
                        raise error from None
                    raise SimulationError(str(e)) from None
            if failure is not None:
                raise failure
            steps -= good

    def _call_functions(self, functions, start, part):
        """Calls the node functions for steps ``start + 1 ... start + part``; leaves their
        outputs in ``_part_outputs`` (index -> rows) and ``_part_held`` (index -> the one
        row of a function whose output did not change) and returns (steps with good
        outputs, the exception to raise after running them or None)."""
        outputs, held = {}, {}  # held: index -> (object, its bytes, its row as float64)
        self._part_outputs, self._part_held = outputs, {}
        calls = [(index, function, node, size, isinstance(node, nengo.Node) and node.size_out == 0)
                 for index, (function, node, size) in functions]
        good, failure, dt, last = part, None, self.dt, self._outputs
        for s in range(part if functions else 0):
            t = (start + s + 1) * dt
            for index, function, node, size, silent in calls:
                try:
                    y = function(t)
                except Exception as e:  # the user's own error, raised after the steps before it
                    failure = e
                    break
                if silent:  # a node without outputs is called for its side effects
                    continue
                h = held.get(index)
                if h is not None:
                    if y is h[0] and y.tobytes() == h[1]:
                        continue  # the same values: last[index] is already h[2]
                    rows = outputs[index] = np.empty((part, size))
                    rows[:s] = h[2]
                    del held[index]
                rows = outputs.get(index)
                row = rows[s] if rows is not None else np.empty(size)
                try:
                    row[...] = y
                except (TypeError, ValueError):
                    failure = SimulationError(f"{node}: function output {y!r} at t = {t:g} s is not {size} numbers")
                    break
                if rows is None:  # the first step
                    if isinstance(y, np.ndarray):
                        held[index] = (y, y.tobytes(), row)
                    else:
                        rows = outputs[index] = np.empty((part, size))
                        rows[0] = row
                        row = rows[0]
                last[index] = row  # read by connection functions later in this step
            if failure is not None:
                good = s
                break
        for index, (_, _, row) in held.items():
            if not np.isfinite(row).all():
                good, failure = 0, self._non_finite(index, start)
            else:
                self._part_held[index] = row
        for index, rows in outputs.items():  # checked once per part, not per call
            bad = np.flatnonzero(~np.isfinite(rows[:good]).all(axis=1))
            if len(bad):
                good = int(bad[0])
                failure = self._non_finite(index, start + good)
        return good, failure

    def _non_finite(self, index, step):
        """The error for node ``index``'s function returning NaN or inf at step ``step + 1``."""
        node = self._functions[index][1]
        return SimulationError(f"{node}: its function returned NaN or infinite values at t = {(step + 1) * self.dt:g} s")

    def _feed(self, index, rows):
        """Gives node ``index`` its outputs for the next ``len(rows)`` steps, the same for
        every example: held when every row is the same, else a per-step sequence."""
        if (rows == rows[:1]).all():
            values, p = doubles(np.tile(rows[0], self._batch))
            check(lib().snn_simulator_set_input(self._handle, index, p, values.size))
        else:
            values, p = doubles(np.broadcast_to(rows, (self._batch,) + rows.shape))
            check(lib().snn_simulator_set_input_sequence(self._handle, index, p, values.size, len(rows)))

    def _make_process_steps(self):
        """Fresh step functions (state, random stream) for the process nodes: a process
        with a seed gives Nengo's values; without one its stream is drawn from the
        simulator's seed (Nengo draws it from its step order, so the values differ)."""
        kinds = sorted(self._translation.node_kinds.items())
        processes = [(index, process, node) for index, (kind, process, node) in kinds if kind == "process"]
        processes += [(holder, holder.process, holder.node) for holder in self._translation.input_processes]
        rng = np.random.RandomState(self.seed % 2**32) if processes else None
        for key, process, node in processes:
            shape_in, shape_out = (node.size_in if isinstance(node, nengo.Node) else 0,), (node.size_out,)
            state = process.make_state(shape_in, shape_out, self.dt, dtype=np.float64)
            step = process.make_step(shape_in, shape_out, self.dt, process.get_rng(rng), state)
            if isinstance(key, int):
                self._process_steps[key] = step
            else:
                key.step = step

    def _set_sequence(self, node, values, steps):
        index = self._translation.nodes.get(node)
        if index is None:
            raise ValidationError(f"{node} is not an input node of this network", attr="data", obj=self)
        if any(kind == "derived" and value[0] == index for kind, value, _ in self._translation.node_kinds.values()):
            raise ValidationError(
                f"{node} has a connection with a function, computed from the node's own output: it takes no data",
                attr="data", obj=self)
        values = np.asarray(values)  # converted to float64 below, after the held check
        if self.minibatch_size is None and values.ndim == 2:
            values = values[None]
        shape = (self._batch, steps, node.size_out)
        if values.shape != shape:
            raise ValidationError(
                f"data for {node} has shape {values.shape}, expected (minibatch_size, steps, size) = {shape}",
                attr="data", obj=self)
        if steps > 1 and (values == values[:, :1]).all():
            # The same values at every step (an image held for the run): held, not a sequence.
            values, p = doubles(values[:, 0])
            check(lib().snn_simulator_set_input(self._handle, index, p, values.size))
            return
        values, p = doubles(values)
        check(lib().snn_simulator_set_input_sequence(self._handle, index, p, values.size, steps))

    # -- probe data -----------------------------------------------------------------------

    def _probe_data(self, probe):
        if probe in self._cache:
            return self._cache[probe]
        info = self._translation.probes[probe]
        out = sum((self._probe_history(term) for term in info.terms), self._probe_history(info))
        steps = np.arange(1, out.shape[1] + 1)
        keep = steps > self._cleared_steps
        if info.sample_every is not None:
            keep &= steps % (info.sample_every / self.dt) < 1
        out = out[:, keep]
        if info.slice is not None:
            out = out[..., info.slice]
        if self.minibatch_size is None:
            out = out[0]
        out.setflags(write=False)
        self._cache[probe] = out
        return out

    def _probe_history(self, info):
        """A probe's whole history from the engine, (batch, steps, size), decoded and
        filtered as ``info`` says."""
        b, s, n = ctypes.c_int64(), ctypes.c_int64(), ctypes.c_int64()
        check(lib().snn_simulator_probe_shape(self._handle, info.index, ctypes.byref(b), ctypes.byref(s), ctypes.byref(n)))
        if info.constant is not None:
            return np.broadcast_to(info.constant, (b.value, s.value) + info.constant.shape).copy()
        out = np.empty((b.value, s.value, n.value))
        check(lib().snn_simulator_read_probe(self._handle, info.index, out.ctypes.data_as(ctypes.POINTER(ctypes.c_double)), out.size))
        if info.decoders is not None:
            out = out @ info.decoders.T
        if info.shape is not None:
            out = out.reshape(out.shape[:2] + tuple(info.shape))
        for synapse in info.filters if out.shape[1] else ():  # over the whole history
            if synapse is None:
                out = np.concatenate([np.zeros_like(out[:, :1]), out[:, :-1]], axis=1)
            else:
                out = synapse.filt(out, dt=self.dt, y0=0, axis=1)
        return out


class _SimulationData(Mapping):
    """``sim.data``: probe data from the engine, built parameters from Nengo's builder."""

    def __init__(self, sim):
        self._sim = sim

    def __getitem__(self, key):
        if key in self._sim._translation.probes:
            return self._sim._probe_data(key)
        return self._sim.model.params[key]

    def __iter__(self):
        return iter(self._sim.model.params)

    def __len__(self):
        return len(self._sim.model.params)
