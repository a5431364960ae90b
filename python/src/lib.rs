//! The native module of the Python package `relance` (`relance._native`): a
//! thin PyO3 layer over `relance-core`.
//!
//! As in the wasm modules, every operation takes JSON text (or, for bulk
//! inputs, the text or UTF-8 bytes the caller holds) and returns JSON text;
//! the package's Python (`python/relance/__init__.py`) converts values with
//! the `json` module and builds its methods from [`operations`], the table of
//! `relance_core::ops`, so names, arguments and their positions are declared
//! once, in core. Errors are raised as `relance.RelanceError`, built from the
//! engine's own serialized error. Events given as Arrow arrive as column
//! buffers (`arrow.rs`) and enter the engine as `EventColumns`. No rule
//! lives here.
//!
//! Every call releases the GIL while the engine works (a Django server's
//! threads check moves in parallel), and a panic of the engine (a defect,
//! which must never happen) is raised as a `RelanceError` `engine_error`.
//! An event log or a partial report may be shared between threads: each
//! holds its state in a `Mutex`, taken without the GIL, so calls on one
//! object take turns.

#![deny(missing_docs)]

mod arrow;

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::{Mutex, MutexGuard, PoisonError};

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyString, PyTuple, PyType};
use relance_core::ops::{self, AnalyticsOp, GlobalOp, WorkflowOp};
use relance_core::{Error, ErrorCode, EventLog, KpiOptions, Partial, Problem, ProblemCode, PushOptions, Workflow};

/// `relance._error.RelanceError`, looked up once.
static RELANCE_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// The engine's error as a `relance.RelanceError` (built by its
/// `_from_json`, from the error's JSON: `{code, message, details}`).
fn raise(py: Python<'_>, e: &Error) -> PyErr {
    let json = serde_json::to_string(e).unwrap_or_default();
    match RELANCE_ERROR
        .import(py, "relance._error", "RelanceError")
        .and_then(|class| class.call_method1("_from_json", (json,)))
    {
        Ok(error) => PyErr::from_value(error),
        Err(e) => e,
    }
}

/// Runs engine work, turning a panic (a defect of the engine) into an
/// `engine_error`, as the npm package does.
fn guarded<T>(f: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Error::one(
            ErrorCode::EngineError,
            Problem::new(
                "",
                ProblemCode::Panic,
                format!("the engine stopped on this input (a defect: please report it): {what}"),
            ),
        ))
    })
}

/// Runs engine work without the GIL, its error raised as a `RelanceError`.
fn run<T: Send>(py: Python<'_>, f: impl FnOnce() -> Result<T, Error> + Send) -> PyResult<T> {
    py.detach(|| guarded(f)).map_err(|e| raise(py, &e))
}

/// The error of text that is not UTF-8 (a `str` with a lone surrogate, or bytes).
fn not_utf8() -> Error {
    Error::one(ErrorCode::InvalidJson, Problem::new("", ProblemCode::InvalidUtf8, "the text is not UTF-8"))
}

/// The error of an argument of a type the package never sends.
fn not_text() -> Error {
    Error::input("", ProblemCode::InvalidType, "expected text (str) or UTF-8 bytes")
}

/// The text of one argument: a `str`, or UTF-8 `bytes` / `bytearray`
/// (borrowed when it can be). `bytearray` is copied: it may change while the
/// GIL is released.
fn text_of<'a>(v: &'a Bound<'_, PyAny>) -> Result<Cow<'a, str>, Error> {
    if let Ok(s) = v.cast::<PyString>() {
        return s.to_cow().map_err(|_| not_utf8());
    }
    if let Ok(b) = v.cast::<PyBytes>() {
        return std::str::from_utf8(b.as_bytes()).map(Cow::Borrowed).map_err(|_| not_utf8());
    }
    if let Ok(b) = v.cast::<PyByteArray>() {
        return String::from_utf8(b.to_vec()).map(Cow::Owned).map_err(|_| not_utf8());
    }
    Err(not_text())
}

/// The texts of a call's arguments, in order.
fn texts<'a>(items: &'a [Bound<'_, PyAny>]) -> Result<Vec<Cow<'a, str>>, Error> {
    items.iter().map(text_of).collect()
}

/// A borrowed view of the arguments, as the operation tables take them.
fn strs<'a>(texts: &'a [Cow<'_, str>]) -> Vec<&'a str> {
    texts.iter().map(|t| t.as_ref()).collect()
}

/// The operation at `index` of a table, or `invalid_input` past its end.
fn op_at<T: Copy>(all: &[T], index: usize) -> Result<T, Error> {
    all.get(index).copied().ok_or_else(|| Error::input("", ProblemCode::InvalidValue, "no such operation"))
}

/// JSON text of a result the engine builds.
fn json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string(v).map_err(|e| Error::input("", ProblemCode::InvalidValue, e.to_string()))
}

/// The whole surface of the packages as JSON (`relance_core::ops::operations`):
/// every operation of the tables (name, receiver, entry point, arguments)
/// and the stateful classes, from which the package builds its methods.
#[pyfunction]
fn operations() -> String {
    serde_json::to_string(&ops::operations()).unwrap_or_default()
}

/// A definition's canonical JSON (keys sorted, no whitespace): the key the
/// package caches loaded definitions by.
#[pyfunction]
fn canonical(py: Python<'_>, definition: Bound<'_, PyAny>) -> PyResult<String> {
    let items = [definition];
    let text = texts(&items).map_err(|e| raise(py, &e))?;
    run(py, || Workflow::canonical_json(&text[0]))
}

/// The operation at position `op` of `GlobalOp::ALL`, its arguments as text.
#[pyfunction]
fn global_call(py: Python<'_>, op: usize, args: Bound<'_, PyTuple>) -> PyResult<String> {
    let items: Vec<Bound<'_, PyAny>> = args.iter().collect();
    let args = texts(&items).map_err(|e| raise(py, &e))?;
    run(py, || op_at(GlobalOp::ALL, op)?.call(&strs(&args)))
}

/// The operation at position `op` of `AnalyticsOp::ALL`: its loaded
/// definitions first (`defs`), then its other arguments as text.
#[pyfunction]
fn analytics_call(
    py: Python<'_>,
    op: usize,
    defs: Vec<Bound<'_, NativeWorkflow>>,
    args: Bound<'_, PyTuple>,
) -> PyResult<String> {
    let items: Vec<Bound<'_, PyAny>> = args.iter().collect();
    let args = texts(&items).map_err(|e| raise(py, &e))?;
    let defs: Vec<&Workflow> = defs.iter().map(|d| &d.get().inner).collect();
    run(py, || op_at(AnalyticsOp::ALL, op)?.call(&defs, &strs(&args)))
}

/// A loaded workflow definition; `relance.Workflow` wraps it.
#[pyclass(frozen, module = "relance._native", name = "Workflow")]
pub struct NativeWorkflow {
    inner: Workflow,
}

#[pymethods]
impl NativeWorkflow {
    /// Loads a definition given as JSON text (or its UTF-8 bytes).
    #[staticmethod]
    fn from_json(py: Python<'_>, definition: Bound<'_, PyAny>) -> PyResult<NativeWorkflow> {
        let items = [definition];
        let text = texts(&items).map_err(|e| raise(py, &e))?;
        run(py, || Workflow::from_json(&text[0])).map(|inner| NativeWorkflow { inner })
    }

    /// Loads a preset, its name given as JSON text (as the npm package sends it).
    #[staticmethod]
    fn preset(py: Python<'_>, name: &str) -> PyResult<NativeWorkflow> {
        run(py, || Workflow::preset(&ops::string_arg(name, "a preset name")?.unwrap_or_default()))
            .map(|inner| NativeWorkflow { inner })
    }

    /// The operation at position `op` of `WorkflowOp::ALL`, its arguments as text.
    fn call(&self, py: Python<'_>, op: usize, args: Bound<'_, PyTuple>) -> PyResult<String> {
        let items: Vec<Bound<'_, PyAny>> = args.iter().collect();
        let args = texts(&items).map_err(|e| raise(py, &e))?;
        run(py, || op_at(WorkflowOp::ALL, op)?.call(&self.inner, &strs(&args)))
    }

    /// The definition's JSON text, as given.
    fn definition(&self) -> &str {
        self.inner.definition()
    }
}

/// Takes a log's or a partial report's lock (without the GIL: see
/// [`run`]). A panic of the engine while it was held (raised as
/// `engine_error`) leaves the object usable, as docs/SPEC.md §2 asks.
fn lock<T>(state: &Mutex<T>) -> MutexGuard<'_, T> {
    state.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Takes the locks of two objects for a merge of `from` into `into`, in
/// one order for every pair (by address), so that `a.merge(b)` and
/// `b.merge(a)` in two threads do not wait for each other forever.
///
/// # Errors
/// `invalid_input` for one object twice: it cannot merge into itself.
fn lock_both<'a, T>(
    into: &'a Mutex<T>,
    from: &'a Mutex<T>,
    what: &str,
) -> Result<(MutexGuard<'a, T>, MutexGuard<'a, T>), Error> {
    if std::ptr::eq(into, from) {
        return Err(Error::input("", ProblemCode::InvalidValue, format!("{what} cannot merge into itself")));
    }
    Ok(if (into as *const Mutex<T>) < (from as *const Mutex<T>) {
        let into = lock(into);
        (into, lock(from))
    } else {
        let from = lock(from);
        (lock(into), from)
    })
}

/// The options of a push, given as JSON text: push options
/// (`{unknownTypes}`), or, for `kpis`, a report's options, which push as
/// `relance_core::Workflow::kpis` pushes (their `unknownTypes`).
fn push_options(options: &str, kpis: bool) -> Result<PushOptions, Error> {
    if kpis {
        KpiOptions::from_json(options).map(|o| o.push_options())
    } else {
        PushOptions::from_json(options)
    }
}

/// An event log (`relance_core::EventLog`); `relance.EventLog` wraps it.
#[pyclass(frozen, module = "relance._native", name = "EventLog")]
pub struct NativeEventLog {
    inner: Mutex<EventLog>,
    wf: Py<NativeWorkflow>,
}

#[pymethods]
impl NativeEventLog {
    /// An empty log for a definition.
    #[new]
    fn new(wf: Bound<'_, NativeWorkflow>) -> NativeEventLog {
        NativeEventLog { inner: Mutex::new(EventLog::new(&wf.get().inner)), wf: wf.unbind() }
    }

    /// A log from `to_bytes()`, for the same definition.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, wf: Bound<'_, NativeWorkflow>, data: &[u8]) -> PyResult<NativeEventLog> {
        let def = &wf.get().inner;
        let inner = run(py, || EventLog::from_bytes(def, data))?;
        Ok(NativeEventLog { inner: Mutex::new(inner), wf: wf.unbind() })
    }

    /// Adds events given as JSON or NDJSON text (or its UTF-8 bytes), with
    /// their options as JSON text (see [`push_options`]); all or nothing.
    fn push(&self, py: Python<'_>, events: Bound<'_, PyAny>, options: &str, kpis: bool) -> PyResult<()> {
        let items = [events];
        let events = texts(&items).map_err(|e| raise(py, &e))?;
        run(py, || {
            let options = push_options(options, kpis)?;
            lock(&self.inner).push_with(&events[0], &options)
        })
    }

    /// Adds `n` events given as Arrow column buffers (see `arrow.rs`), with
    /// their options as JSON text (see [`push_options`]); all or nothing.
    fn push_arrow(
        &self,
        py: Python<'_>,
        n: usize,
        columns: Vec<Option<Bound<'_, PyTuple>>>,
        at: Bound<'_, PyTuple>,
        options: &str,
        kpis: bool,
    ) -> PyResult<()> {
        let buffers = arrow::Buffers::read(n, &columns, &at).map_err(|e| raise(py, &e))?;
        let view = buffers.view().map_err(|e| raise(py, &e))?;
        run(py, || {
            let options = push_options(options, kpis)?;
            view.with_columns(|c| lock(&self.inner).push_columns(c, &options))
        })
    }

    /// Adds another log's events (of the same definition).
    fn merge(&self, py: Python<'_>, other: Bound<'_, NativeEventLog>) -> PyResult<()> {
        let other = other.get();
        run(py, || {
            let (mut log, other) = lock_both(&self.inner, &other.inner, "a log")?;
            log.merge(&other)
        })
    }

    /// The report for these options (JSON text), as JSON text.
    fn report(&self, py: Python<'_>, options: &str) -> PyResult<String> {
        let wf = &self.wf.get().inner;
        run(py, || {
            let options = KpiOptions::from_json(options)?;
            json(&lock(&self.inner).report(wf, &options)?)
        })
    }

    /// The report's figures for these options (JSON text), as a partial report.
    fn partial(&self, py: Python<'_>, options: &str) -> PyResult<NativePartial> {
        let wf = &self.wf.get().inner;
        let inner = run(py, || {
            let options = KpiOptions::from_json(options)?;
            lock(&self.inner).partial(wf, &options)
        })?;
        Ok(NativePartial { inner: Mutex::new(inner), wf: self.wf.clone_ref(py) })
    }

    /// The log as bytes (versioned, ending with a CRC-32C).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = py.detach(|| lock(&self.inner).to_bytes());
        PyBytes::new(py, &bytes)
    }

    /// The number of events pushed.
    fn __len__(&self, py: Python<'_>) -> usize {
        py.detach(|| lock(&self.inner).len())
    }
}

/// A partial report (`relance_core::Partial`); `relance.Partial` wraps it.
#[pyclass(frozen, module = "relance._native", name = "Partial")]
pub struct NativePartial {
    inner: Mutex<Partial>,
    wf: Py<NativeWorkflow>,
}

#[pymethods]
impl NativePartial {
    /// A partial report from `to_bytes()`, for the same definition.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, wf: Bound<'_, NativeWorkflow>, data: &[u8]) -> PyResult<NativePartial> {
        let def = &wf.get().inner;
        let inner = run(py, || Partial::from_bytes(def, data))?;
        Ok(NativePartial { inner: Mutex::new(inner), wf: wf.unbind() })
    }

    /// Adds another partial report's figures (same definition and options).
    fn merge(&self, py: Python<'_>, other: Bound<'_, NativePartial>) -> PyResult<()> {
        let other = other.get();
        run(py, || {
            let (mut p, other) = lock_both(&self.inner, &other.inner, "a partial report")?;
            p.merge(&other).map(|_| ())
        })
    }

    /// The report, as JSON text.
    fn report(&self, py: Python<'_>) -> PyResult<String> {
        let wf = &self.wf.get().inner;
        run(py, || json(&lock(&self.inner).report(wf)?))
    }

    /// The partial report as bytes (versioned, with its options, ending with a CRC-32C).
    fn to_bytes<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        let bytes = py.detach(|| lock(&self.inner).to_bytes());
        PyBytes::new(py, &bytes)
    }
}

/// Panics inside the engine's guard on purpose: the package's test that a
/// panic (a defect) is raised as `engine_error` and leaves the module
/// working. Not part of the API.
#[doc(hidden)]
#[pyfunction]
fn __panic(py: Python<'_>) -> PyResult<()> {
    run(py, || -> Result<(), Error> { panic!("a deliberate panic, for the recovery test") })
}

/// The module `relance._native`.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(operations, m)?)?;
    m.add_function(wrap_pyfunction!(canonical, m)?)?;
    m.add_function(wrap_pyfunction!(global_call, m)?)?;
    m.add_function(wrap_pyfunction!(analytics_call, m)?)?;
    m.add_function(wrap_pyfunction!(__panic, m)?)?;
    m.add_class::<NativeWorkflow>()?;
    m.add_class::<NativeEventLog>()?;
    m.add_class::<NativePartial>()?;
    Ok(())
}
