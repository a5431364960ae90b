//! External statuses (seed 001): a lead provider's statuses translated to
//! local labels and, where one fits, a local status.

use serde::Serialize;

use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::workflow::load::external_key;
use crate::workflow::Workflow;

/// A provider's status as a page shows it ([`Workflow::map_external`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExternalStatus {
    /// The label in the requested locale; the raw text for an unknown status.
    pub label: String,
    /// What it means, when the workflow says.
    pub description: Option<String>,
    /// The local status it corresponds to, if any.
    pub status: Option<String>,
    /// Whether the workflow knows this status.
    pub known: bool,
}

impl Workflow {
    /// Translates a provider's status. Provider names and statuses match
    /// trimmed and ignoring case; aliases count. An unknown status comes back
    /// with `known: false` and its text as label.
    ///
    /// ```
    /// use relance_core::Workflow;
    /// let wf = Workflow::preset("onelead")?;
    /// let s = wf.map_external("onelead", " in routing ", Some("fr"))?;
    /// assert_eq!((s.label.as_str(), s.known), ("En routage", true));
    /// assert!(!wf.map_external("onelead", "Lost in space", None)?.known);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `unknown_provider` for a provider the workflow does not map.
    pub fn map_external(&self, provider: &str, status: &str, locale: Option<&str>) -> Result<ExternalStatus, Error> {
        let wanted = external_key(provider);
        let p = self.external.iter().find(|p| external_key(&p.name) == wanted).ok_or_else(|| {
            let known: Vec<&str> = self.external.iter().map(|p| p.name.as_str()).collect();
            Error::one(
                ErrorCode::UnknownProvider,
                Problem::new(
                    "",
                    ProblemCode::UnknownProvider,
                    format!("no provider \"{provider}\"; this workflow maps: {}", known.join(", ")),
                ),
            )
        })?;
        let key = external_key(status);
        let found =
            p.keys.binary_search_by(|(k, _)| k.as_str().cmp(&key)).ok().map(|i| &p.statuses[p.keys[i].1 as usize]);
        let Some(s) = found else {
            return Ok(ExternalStatus { label: status.to_owned(), description: None, status: None, known: false });
        };
        let loc = self.locales(locale);
        Ok(ExternalStatus {
            label: loc.text(s.label.as_ref(), &s.name).to_owned(),
            description: s.description.as_ref().and_then(|d| d.resolve(loc.chain())).map(str::to_owned),
            status: s.status.map(|i| self.statuses[i].id.clone()),
            known: true,
        })
    }
}
