//! Stored-lead validation (docs/SPEC.md §3, §5): what an import check reports.

use serde_json::json;

use crate::context::Context;
use crate::error::{Error, ErrorCode};
use crate::json::RawObject;
use crate::lead::Lead;
use crate::violation::{params, Violation, ViolationCode};
use crate::workflow::Workflow;

impl Workflow {
    /// The violations of a stored lead, for import checks: a value that is
    /// not an object or has no string `status` (`invalid_lead`, the one
    /// operation that reports it rather than throwing), an unknown status,
    /// required fields of its status that are empty, declared fields of the
    /// wrong type or outside their `enum`. An empty list means the lead is
    /// valid.
    ///
    /// ```
    /// use relance_core::{Context, ViolationCode, Workflow};
    /// let wf = Workflow::preset("partner")?;
    /// let v = wf.validate(r#"{"status": "declined"}"#, &Context::default())?;
    /// assert_eq!(v[0].field.as_deref(), Some("declineReason"));
    /// let v = wf.validate(r#"{"id": "P1"}"#, &Context::default())?;
    /// assert_eq!((v[0].code, v[0].field.as_deref()), (ViolationCode::InvalidLead, Some("status")));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_json` only.
    pub fn validate(&self, lead: &str, ctx: &Context) -> Result<Vec<Violation>, Error> {
        let loc = self.locales(ctx.locale());
        let lang = loc.builtin();
        let invalid_lead = |field: Option<&str>| {
            Violation::new(ViolationCode::InvalidLead, lang, field.map(str::to_owned), params([]))
        };
        let fields = RawObject::parse(lead).map_err(|p| Error::one(ErrorCode::InvalidJson, p))?;
        let Some(fields) = fields else { return Ok(vec![invalid_lead(None)]) };
        let Ok(lead) = Lead::from_fields(fields) else { return Ok(vec![invalid_lead(Some("status"))]) };
        let mut out = Vec::new();
        match self.status_index(lead.status()) {
            None => {
                let p = params([("status", json!(lead.status()))]);
                out.push(Violation::new(ViolationCode::UnknownStatus, lang, Some("status".into()), p));
            }
            Some(i) => self.missing_fields(&self.statuses[i].require, &lead, &Context::default(), &loc, &mut out),
        }
        for (field, raw) in lead.fields().iter() {
            if let Some(v) = self.field_violation(field, raw, &loc) {
                out.push(v);
            }
        }
        Ok(out)
    }
}
