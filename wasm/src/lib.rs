//! The entry point `relance` of the npm package: a thin wasm-bindgen layer
//! over `relance-core` for the work a CRM does on one lead at a time.
//!
//! Every operation takes JSON text and returns JSON text: a result, or `!`
//! followed by a serialized `relance_core::Error`. The operations are those
//! of `relance_core::ops` ([`GlobalOp`], [`WorkflowOp`]), called by their
//! position in those tables: the package's JavaScript (`wasm/js/index.js`)
//! builds its `Workflow` methods from [`operations`], so names, arguments
//! and positions are declared once, in core. No rule lives here.

#![deny(missing_docs)]

mod arena;

use relance_core::ops::{self, GlobalOp, WorkflowOp};
use relance_core::{Error, Workflow};
use wasm_bindgen::prelude::*;

#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena;

/// A reply: the result's JSON text, or `!` and the error as JSON.
fn reply(r: Result<String, Error>) -> String {
    r.unwrap_or_else(|e| format!("!{}", serde_json::to_string(&e).unwrap_or_default()))
}

/// The error of a constructor, thrown as JSON text.
fn thrown(e: Error) -> String {
    serde_json::to_string(&e).unwrap_or_default()
}

/// The error answered for an operation position past the table's end.
fn no_such_operation() -> Error {
    Error::input("", relance_core::ProblemCode::InvalidValue, "no such operation")
}

/// The operations of this entry point and the stateful classes, as JSON
/// (`relance_core::ops::operations`, limited to `relance`).
#[wasm_bindgen]
pub fn operations() -> String {
    arena::outside();
    let mut surface = ops::operations();
    surface.operations.retain(|o| o.entry == ops::Entry::Relance);
    serde_json::to_string(&surface).unwrap_or_default()
}

/// A loaded workflow; the JavaScript `Workflow` class wraps it.
#[wasm_bindgen]
pub struct Handle {
    inner: Workflow,
}

#[wasm_bindgen]
impl Handle {
    /// Loads a definition (JSON text); throws the error as JSON text.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(definition: &str) -> Result<Handle, String> {
        arena::outside();
        Workflow::from_json(definition).map(|inner| Handle { inner }).map_err(thrown)
    }

    /// Loads a preset (its name as JSON text); throws the error as JSON text.
    pub fn preset(name: &str) -> Result<Handle, String> {
        arena::outside();
        ops::string_arg(name, "a preset name")
            .and_then(|n| Workflow::preset(&n.unwrap_or_default()))
            .map(|inner| Handle { inner })
            .map_err(thrown)
    }

    /// The operation at position `op` of [`GlobalOp::ALL`].
    pub fn global(op: u32, a: &str) -> String {
        arena::scope(|| {
            reply(GlobalOp::ALL.get(op as usize).ok_or_else(no_such_operation).and_then(|op| op.call(&[a])))
        })
    }

    /// The operation at position `op` of [`WorkflowOp::ALL`], its arguments as JSON text.
    pub fn call(&self, op: u32, a: &str, b: &str, c: &str) -> String {
        let op = WorkflowOp::ALL.get(op as usize).ok_or_else(no_such_operation);
        arena::scope(|| reply(op.and_then(|op| op.call(&self.inner, &[a, b, c]))))
    }

    /// The boundary's floor, for the benchmark `wasm/bench/check.mjs`: takes
    /// three arguments as `call` does and answers `reply` (set once with
    /// [`set_floor_reply`](Self::set_floor_reply)) without evaluating
    /// anything. Not part of the API.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __floor)]
    pub fn floor(&self, a: &str, b: &str, c: &str) -> String {
        let _ = (a.len(), b.len(), c.len());
        FLOOR_REPLY.with(|r| r.borrow().clone())
    }

    /// Sets the reply of [`floor`](Self::floor).
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __setFloorReply)]
    pub fn set_floor_reply(reply: &str) {
        arena::outside();
        FLOOR_REPLY.with(|r| *r.borrow_mut() = reply.to_owned());
    }

    /// Panics on purpose. The package's recovery from a panic (which the
    /// engine is built and fuzzed never to raise) is tested through this
    /// export; it is not part of the API.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = __panic)]
    pub fn panic_on_purpose() {
        arena::scope(|| panic!("a deliberate panic, for the recovery test"));
        panic!("a deliberate panic, for the recovery test");
    }
}

thread_local! {
    static FLOOR_REPLY: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}
