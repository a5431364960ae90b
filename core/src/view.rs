//! What an actor may see of a lead (seed 001: while call tracking is active,
//! the customer's phone and email stay hidden).

use crate::context::Context;
use crate::error::Error;
use crate::lead::Lead;
use crate::workflow::Workflow;

impl Workflow {
    /// The lead without the fields that the `hide` rules hide for this actor
    /// (a rule without `when` always hides); every other field untouched.
    ///
    /// ```
    /// use relance_core::{Context, Lead, Workflow};
    /// let wf = Workflow::preset("onelead")?;
    /// let lead = Lead::from_json(r#"{"id": "O-1", "status": "a_traiter", "trackingNumber": "+33 1 23",
    ///   "phone": "06 12 34 56 78", "email": "a@b.fr", "name": "Ada"}"#)?;
    /// let seen = wf.view(&lead, &Context::default())?;
    /// assert_eq!(seen.to_json(), r#"{"id":"O-1","status":"a_traiter","trackingNumber":"+33 1 23","name":"Ada"}"#);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `invalid_time` when a rule's condition reads `now` and the context has none.
    pub fn view(&self, lead: &Lead, ctx: &Context) -> Result<Lead, Error> {
        let mut out = lead.clone();
        for rule in &self.hide {
            let hides = match &rule.when {
                Some(c) => self.test(c, lead, ctx)?,
                None => true,
            };
            if hides {
                for f in &rule.fields {
                    out.remove(f);
                }
            }
        }
        Ok(out)
    }
}
