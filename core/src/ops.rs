//! The operations of the packages (docs/SPEC.md §8), declared once: each
//! one's name, entry point, arguments, and its call from JSON text to JSON
//! text. The wasm modules, the Python package, the conformance vectors and
//! the fuzz target all dispatch through these tables, and the packages'
//! tests check their method names against [`operations`], so an operation
//! cannot exist in one binding and be missing in another.
//!
//! Arguments arrive as the packages send them: JSON text of any value,
//! except the arguments declared [`ArgKind::Text`] (definitions and bulk
//! inputs), which a caller passes as the text it holds when it holds text
//! (a server's stored leads, a fetched log), and as JSON text otherwise.
//!
//! ```
//! use relance_core::ops::WorkflowOp;
//! use relance_core::Workflow;
//! let wf = Workflow::preset("remonline")?;
//! let op = WorkflowOp::from_name("check").unwrap();
//! assert_eq!(op.args().iter().map(|a| a.name).collect::<Vec<_>>(), ["lead", "to", "ctx"]);
//! let reply = op.call(&wf, &[r#"{"status": "new"}"#, r#""in_work""#, "null"])?;
//! assert!(reply.starts_with(r#"{"allowed":true"#));
//! # Ok::<(), relance_core::Error>(())
//! ```

use serde::Serialize;

use crate::context::Context;
use crate::decide::Target;
use crate::error::{Error, ErrorCode, ProblemCode};
use crate::impact::ImpactInput;
use crate::kpi::KpiOptions;
use crate::lead::Lead;
use crate::note::Note;
use crate::queue::{QueueItem, QueueOptions};
use crate::timer::DueItem;
use crate::violation::ViolationCode;
use crate::workflow::Workflow;

/// The npm entry point (and wasm module) that holds an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Entry {
    /// `relance`: per-lead work, what a front end loads.
    Relance,
    /// `relance/analytics`: work over many events, built for speed.
    Analytics,
}

/// How an argument crosses a binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ArgKind {
    /// Any value, as its JSON text.
    Json,
    /// A definition or a bulk input: text as given (JSON, NDJSON), any other
    /// value as its JSON text.
    Text,
    /// A workflow definition: a `Workflow`, a definition object, or its JSON text.
    Definition,
}

/// One argument of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Arg {
    /// Its name, as the packages' declarations spell it.
    pub name: &'static str,
    /// How it crosses.
    pub kind: ArgKind,
}

const fn json(name: &'static str) -> Arg {
    Arg { name, kind: ArgKind::Json }
}

const fn text(name: &'static str) -> Arg {
    Arg { name, kind: ArgKind::Text }
}

const fn def(name: &'static str) -> Arg {
    Arg { name, kind: ArgKind::Definition }
}

/// JSON text of a result.
fn reply<T: Serialize + ?Sized>(v: &T) -> Result<String, Error> {
    Ok(crate::json::raw(v))
}

/// The argument at `i`, `"null"` when absent (an omitted argument).
fn at<'a>(args: &[&'a str], i: usize) -> &'a str {
    args.get(i).copied().unwrap_or("null")
}

/// A string argument given as JSON text: `None` for `null`.
///
/// # Errors
/// `invalid_input` (`invalid_type`) for any other value.
pub fn string_arg(json: &str, what: &str) -> Result<Option<String>, Error> {
    let t = json.trim_ascii();
    if t == "null" {
        return Ok(None);
    }
    crate::json::string(t)
        .filter(|_| crate::json::check(t).is_ok())
        .map(Some)
        .ok_or_else(|| Error::input("", ProblemCode::InvalidType, format!("{what} is a string")))
}

fn locale(json: &str) -> Result<Option<String>, Error> {
    string_arg(json, "a locale")
}

/// Declares one table of operations: an enum, its names and arguments, and
/// its dispatch from JSON text to JSON text.
macro_rules! operations {
    (
        $(#[$meta:meta])*
        $Op:ident($($recv:ident: $Recv:ty),*), $entry:ident {
            $( $(#[$vmeta:meta])* $Variant:ident $name:literal [$($arg:expr),*] => |$a:ident| $body:expr, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum $Op {
            $( $(#[$vmeta])* $Variant, )*
        }

        impl $Op {
            /// Every operation of the table, in order.
            pub const ALL: &'static [$Op] = &[$($Op::$Variant),*];

            /// Its name in JavaScript (camelCase; Rust and Python use snake_case).
            pub fn name(self) -> &'static str {
                match self { $($Op::$Variant => $name,)* }
            }

            /// Its arguments, in order.
            pub fn args(self) -> &'static [Arg] {
                match self { $($Op::$Variant => { const ARGS: &[Arg] = &[$($arg),*]; ARGS })* }
            }

            /// The entry point that holds it.
            pub fn entry(self) -> Entry {
                Entry::$entry
            }

            /// The operation of that name.
            pub fn from_name(name: &str) -> Option<$Op> {
                Self::ALL.iter().copied().find(|op| op.name() == name)
            }

            /// Runs the operation on arguments given as the packages send them
            /// (missing ones read as `null`), answering JSON text.
            ///
            /// # Errors
            /// The operation's own, and each argument's reading errors.
            #[allow(unused_variables)]
            pub fn call(self, $($recv: $Recv,)* args: &[&str]) -> Result<String, Error> {
                match self {
                    $($Op::$Variant => { let $a = args; $body })*
                }
            }
        }
    };
}

operations! {
    /// Functions of `relance` that need no workflow (`Workflow.presets()`…).
    GlobalOp(), Relance {
        /// The preset names.
        Presets "presets" [] => |a| reply(&crate::presets()),
        /// A preset's definition, as JSON text.
        PresetJson "presetJson" [json("name")] => |a| {
            crate::preset_json(&string_arg(at(a, 0), "a preset name")?.unwrap_or_default()).map(str::to_owned)
        },
        /// Load errors and lint warnings; never an error.
        LintJson "lintJson" [text("definition")] => |a| reply(&Workflow::lint_json(at(a, 0))),
    }
}

operations! {
    /// The methods of a loaded `Workflow` in `relance`.
    WorkflowOp(wf: &Workflow), Relance {
        /// The workflow's id.
        Id "id" [] => |a| reply(wf.id()),
        /// The definition as given.
        ToJson "toJSON" [] => |a| Ok(wf.definition().to_owned()),
        /// Statuses in column order.
        Statuses "statuses" [json("locale")] => |a| reply(&wf.statuses(locale(at(a, 0))?.as_deref())),
        /// Lint warnings.
        Lint "lint" [] => |a| reply(&wf.lint()),
        /// The graph as Mermaid.
        ToMermaid "toMermaid" [json("locale")] => |a| reply(&wf.to_mermaid(locale(at(a, 0))?.as_deref())?),
        /// The graph as DOT.
        ToDot "toDot" [json("locale")] => |a| reply(&wf.to_dot(locale(at(a, 0))?.as_deref())?),
        /// Whether a move is allowed now.
        Check "check" [json("lead"), json("to"), json("ctx")] => |a| {
            reply(&wf.check(&Lead::from_json(at(a, 0))?, &Target::from_json(at(a, 1))?, &Context::from_json(at(a, 2))?)?)
        },
        /// Every status with whether the lead may move there.
        Options "options" [json("lead"), json("ctx")] => |a| {
            reply(&wf.options(&Lead::from_json(at(a, 0))?, &Context::from_json(at(a, 1))?)?)
        },
        /// The actions the lead's status offers.
        Actions "actions" [json("lead"), json("ctx")] => |a| {
            reply(&wf.actions(&Lead::from_json(at(a, 0))?, &Context::from_json(at(a, 1))?)?)
        },
        /// Makes a move.
        Apply "apply" [json("lead"), json("to"), json("ctx")] => |a| {
            reply(&wf.apply(&Lead::from_json(at(a, 0))?, &Target::from_json(at(a, 1))?, &Context::from_json(at(a, 2))?)?)
        },
        /// The violations of a stored lead.
        Validate "validate" [json("lead"), json("ctx")] => |a| reply(&wf.validate(at(a, 0), &Context::from_json(at(a, 1))?)?),
        /// Starts a lead.
        Create "create" [json("lead"), json("ctx")] => |a| reply(&wf.create(at(a, 0), &Context::from_json(at(a, 1))?)?),
        /// A lead's deadlines and SLA states.
        Deadlines "deadlines" [json("lead"), json("ctx")] => |a| {
            reply(&wf.deadlines(&Lead::from_json(at(a, 0))?, &Context::from_json(at(a, 1))?)?)
        },
        /// The work that has come due.
        Due "due" [text("leads"), json("ctx")] => |a| {
            reply(&wf.due(&Lead::list_from_json(at(a, 0))?, &Context::from_json(at(a, 1))?)?)
        },
        /// Carries out one due item.
        Fire "fire" [json("lead"), json("item"), json("ctx")] => |a| {
            reply(&wf.fire(&Lead::from_json(at(a, 0))?, &DueItem::from_json(at(a, 1))?, &Context::from_json(at(a, 2))?)?)
        },
        /// Records a note.
        AddNote "addNote" [json("lead"), json("note"), json("ctx")] => |a| {
            reply(&wf.add_note(&Lead::from_json(at(a, 0))?, &Note::from_json(at(a, 1))?, &Context::from_json(at(a, 2))?)?)
        },
        /// The predefined notes.
        NoteTemplates "noteTemplates" [json("locale")] => |a| reply(&wf.note_templates(locale(at(a, 0))?.as_deref())),
        /// A note's outcome.
        Classify "classify" [json("text"), json("locale")] => |a| {
            let text = string_arg(at(a, 0), "a note's text")?.unwrap_or_default();
            reply(&wf.classify(&text, locale(at(a, 1))?.as_deref()))
        },
        /// none / inProgress / completed.
        FlowState "flowState" [json("lead")] => |a| reply(&wf.flow_state(&Lead::from_json(at(a, 0))?)),
        /// The leads to work next.
        Queue "queue" [text("leads"), json("ctx")] => |a| {
            let ctx = at(a, 1);
            reply(&wf.queue(&Lead::list_from_json(at(a, 0))?, &Context::from_json(ctx)?, &QueueOptions::from_json(ctx)?)?)
        },
        /// The queue by position in the given list (`{index, reason, dueAt?}`):
        /// what a binding holding the caller's own lead objects answers with.
        QueueOrder "queueOrder" [text("leads"), json("ctx")] => |a| {
            let ctx = at(a, 1);
            let leads = Lead::list_from_json(at(a, 0))?;
            let q = wf.queue(&leads, &Context::from_json(ctx)?, &QueueOptions::from_json(ctx)?)?;
            reply(&q.iter().map(QueueItem::position).collect::<Vec<_>>())
        },
        /// A lead provider's status.
        MapExternal "mapExternal" [json("provider"), json("status"), json("locale")] => |a| {
            let provider = string_arg(at(a, 0), "a provider")?.unwrap_or_default();
            let status = string_arg(at(a, 1), "an external status")?.unwrap_or_default();
            reply(&wf.map_external(&provider, &status, locale(at(a, 2))?.as_deref())?)
        },
        /// The lead without its hidden fields.
        View "view" [json("lead"), json("ctx")] => |a| reply(&wf.view(&Lead::from_json(at(a, 0))?, &Context::from_json(at(a, 1))?)?),
    }
}

operations! {
    /// The functions of `relance/analytics`. Their [`ArgKind::Definition`]
    /// arguments come loaded, in order, as `defs` (the packages keep loaded
    /// definitions); `args` are the other arguments, in order.
    AnalyticsOp(defs: &[&Workflow]), Analytics {
        /// The KPI report of events (docs/SPEC.md §6).
        Kpis "kpis" [def("def"), text("events"), json("options")] => |a| {
            reply(&def_at(defs, 0)?.kpis(at(a, 0), &KpiOptions::from_json(at(a, 1))?)?)
        },
        /// The impact of replacing `current` by `next` (docs/SPEC.md §10).
        Impact "impact" [def("current"), def("next"), json("input")] => |a| {
            reply(&crate::impact(def_at(defs, 0)?, def_at(defs, 1)?, &ImpactInput::from_json(at(a, 0))?)?)
        },
    }
}

/// The loaded definition at `i` of an analytics call.
fn def_at<'w>(defs: &[&'w Workflow], i: usize) -> Result<&'w Workflow, Error> {
    defs.get(i).copied().ok_or_else(|| Error::input("", ProblemCode::Missing, "a definition is missing"))
}

impl AnalyticsOp {
    /// How many of its arguments are definitions (they come first).
    pub fn definitions(self) -> usize {
        self.args().iter().filter(|a| a.kind == ArgKind::Definition).count()
    }
}

/// The methods of a stateful class of a package, by name: their state lives
/// in the binding's handle, so they are declared here for the name checks
/// and implemented by each binding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Class {
    /// The class name.
    pub name: &'static str,
    /// Its entry point.
    pub entry: Entry,
    /// Its static methods (constructors from other state).
    pub statics: &'static [&'static str],
    /// Its instance methods.
    pub methods: &'static [&'static str],
}

/// The classes whose methods keep state in a handle.
pub const CLASSES: &[Class] = &[
    Class { name: "Workflow", entry: Entry::Relance, statics: &["fromJson", "preset"], methods: &["free"] },
    Class {
        name: "EventLog",
        entry: Entry::Analytics,
        statics: &["fromBytes"],
        methods: &["push", "merge", "report", "partial", "toBytes", "free"],
    },
    Class {
        name: "Partial",
        entry: Entry::Analytics,
        statics: &["fromBytes"],
        methods: &["merge", "report", "toBytes", "free"],
    },
];

/// One operation as [`operations`] lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Operation {
    /// Its name in JavaScript.
    pub name: &'static str,
    /// `"global"` (a static of `Workflow`), `"workflow"` (a method of
    /// `Workflow`) or `"function"` (a function of the entry point).
    pub receiver: &'static str,
    /// Its entry point.
    pub entry: Entry,
    /// Its arguments.
    pub args: &'static [Arg],
}

/// The whole surface, for the bindings' name checks: every operation of the
/// tables, then the classes.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Surface {
    /// The operations that go through the tables.
    pub operations: Vec<Operation>,
    /// The stateful classes.
    pub classes: &'static [Class],
    /// Every error code (docs/SPEC.md §2).
    pub error_codes: &'static [ErrorCode],
    /// Every problem code (the `code` of an error's details).
    pub problem_codes: &'static [ProblemCode],
    /// Every violation code.
    pub violation_codes: &'static [ViolationCode],
}

/// Every operation of every table and the stateful classes.
///
/// ```
/// let s = relance_core::ops::operations();
/// assert!(s.operations.iter().any(|o| o.name == "check" && o.receiver == "workflow"));
/// ```
pub fn operations() -> Surface {
    let op = |name, receiver, entry, args| Operation { name, receiver, entry, args };
    let mut operations = Vec::new();
    operations.extend(GlobalOp::ALL.iter().map(|o| op(o.name(), "global", o.entry(), o.args())));
    operations.extend(WorkflowOp::ALL.iter().map(|o| op(o.name(), "workflow", o.entry(), o.args())));
    operations.extend(AnalyticsOp::ALL.iter().map(|o| op(o.name(), "function", o.entry(), o.args())));
    Surface {
        operations,
        classes: CLASSES,
        error_codes: ErrorCode::ALL,
        problem_codes: ProblemCode::ALL,
        violation_codes: ViolationCode::ALL,
    }
}
