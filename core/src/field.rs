//! Field checks shared by decisions and stored-lead validation (docs/SPEC.md §3
//! "Required fields", "Fields"): required fields that are empty, and
//! declared fields whose value has the wrong type or is outside its `enum`.

use serde_json::json;

use crate::context::Context;
use crate::i18n::Locales;
use crate::lead::Lead;
use crate::value::Time;
use crate::violation::{params, Violation, ViolationCode};
use crate::workflow::{FieldType, Workflow};

impl Workflow {
    /// Pushes a `missing_field` violation for each of `fields` that is empty
    /// both in `ctx.input` and on the lead.
    pub(crate) fn missing_fields(
        &self,
        fields: &[String],
        lead: &Lead,
        ctx: &Context,
        loc: &Locales,
        out: &mut Vec<Violation>,
    ) {
        for f in fields {
            if crate::json::is_empty(ctx.input(f)) && crate::json::is_empty(lead.get(f)) {
                let p = params([("field", json!(f)), ("fieldLabel", json!(self.field_label(f, loc)))]);
                out.push(Violation::new(ViolationCode::MissingField, loc.builtin(), Some(f.clone()), p));
            }
        }
    }

    /// The `invalid_field` violation of a declared field's value, if any.
    pub(crate) fn field_violation(&self, field: &str, raw: &str, loc: &Locales) -> Option<Violation> {
        let def = self.field(field)?;
        let value = crate::json::value(raw)?;
        if value.is_null() {
            return None;
        }
        let type_ok = match def.kind {
            None => true,
            Some(FieldType::String) => value.is_string(),
            Some(FieldType::Number) => value.is_number(),
            Some(FieldType::Boolean) => value.is_boolean(),
            Some(FieldType::Time) => Time::from_json(&value).is_ok(),
            Some(FieldType::List) => value.is_array(),
            Some(FieldType::Object) => value.is_object(),
        };
        let in_enum = def.allowed.as_ref().is_none_or(|e| e.contains(&value));
        if type_ok && in_enum {
            return None;
        }
        let expected = match (&def.allowed, def.kind) {
            (Some(e), _) if type_ok => {
                let items: Vec<String> =
                    e.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
                items.join(" | ")
            }
            (_, Some(k)) => k.describe(loc.builtin()).to_owned(),
            _ => "valid".to_owned(),
        };
        let p = params([
            ("field", json!(field)),
            ("fieldLabel", json!(self.field_label(field, loc))),
            ("expected", json!(expected)),
        ]);
        Some(Violation::new(ViolationCode::InvalidField, loc.builtin(), Some(field.to_owned()), p))
    }
}
