//! JavaScript values in and out, through JSON text.
//!
//! Arguments cross the boundary as JSON text (`JSON.stringify`, with an
//! iterative fallback for values nested past its recursion limit) and results
//! come back through `JSON.parse`: the engine then reads exactly the bytes a
//! server would, and custom fields are never walked recursively on the Rust
//! side (leads keep them as raw JSON), so no depth can exhaust the wasm stack.

use js_sys::JSON;
use relance_core::{Error, ErrorCode};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/js/error.js")]
extern "C" {
    /// The JavaScript `RelanceError` class.
    #[wasm_bindgen(js_name = RelanceError)]
    pub type JsRelanceError;

    #[wasm_bindgen(constructor, js_class = "RelanceError")]
    fn new(code: &str, message: &str, details: JsValue) -> JsRelanceError;
}

#[wasm_bindgen(module = "/js/json.js")]
extern "C" {
    #[wasm_bindgen(js_name = toJson, catch)]
    fn to_json(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// A core error as a thrown `RelanceError`.
pub fn error(e: Error) -> JsValue {
    let json = serde_json::to_string(&e).unwrap_or_default();
    let details = JSON::parse(&json)
        .ok()
        .and_then(|v| js_sys::Reflect::get(&v, &JsValue::from_str("details")).ok())
        .unwrap_or(JsValue::NULL);
    JsRelanceError::new(e.code().as_str(), e.message(), details).into()
}

/// A `RelanceError` made here, for failures of conversion itself.
fn conversion_error(code: ErrorCode, path: &str, message: String) -> JsValue {
    let details = js_sys::Array::new();
    let d = js_sys::Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = js_sys::Reflect::set(&d, &JsValue::from_str(k), v);
    };
    set("path", &JsValue::from_str(path));
    set("code", &JsValue::from_str("invalid_type"));
    set("message", &JsValue::from_str(&message));
    details.push(&d);
    JsRelanceError::new(code.as_str(), &message, details.into()).into()
}

/// JSON text of an argument. `undefined` is `null`; a value JSON cannot hold
/// (a cycle, a `BigInt`) is an `invalid_input` error, never a trap.
pub fn text(value: &JsValue) -> Result<String, JsValue> {
    if value.is_undefined() {
        return Ok("null".to_owned());
    }
    match to_json(value) {
        Ok(s) => Ok(s.as_string().unwrap_or_else(|| "null".to_owned())),
        Err(e) => {
            let why = js_sys::Error::from(e).message().as_string().unwrap_or_default();
            Err(conversion_error(
                ErrorCode::InvalidInput,
                "",
                format!("this value cannot be converted to JSON ({why})"),
            ))
        }
    }
}

/// JSON text of an argument that may also be given as JSON text already.
pub fn text_or_string(value: &JsValue) -> Result<String, JsValue> {
    match value.as_string() {
        Some(s) => Ok(s),
        None => text(value),
    }
}

/// A result as a plain JavaScript value.
pub fn out<T: Serialize>(value: &T) -> Result<JsValue, JsValue> {
    let json = serde_json::to_string(value)
        .map_err(|e| conversion_error(ErrorCode::InvalidInput, "", format!("cannot write the result: {e}")))?;
    JSON::parse(&json)
}

/// A core result as a JavaScript value or a thrown `RelanceError`.
pub fn result<T: Serialize>(r: Result<T, Error>) -> Result<JsValue, JsValue> {
    r.map_err(error).and_then(|v| out(&v))
}
