//! Lead tags: case-sensitive, unique, in insertion order (SPEC §5).

use crate::lead::{raw, Lead};

/// The lead's tags (a missing or malformed `tags` reads as none).
pub(crate) fn read(lead: &Lead) -> Vec<String> {
    lead.get("tags").and_then(crate::json::strings).unwrap_or_default()
}

/// Adds then removes tags on a working list.
pub(crate) fn add(tags: &mut Vec<String>, add: &[String]) {
    for t in add {
        if !tags.contains(t) {
            tags.push(t.clone());
        }
    }
}

pub(crate) fn remove(tags: &mut Vec<String>, remove: &[String]) {
    tags.retain(|t| !remove.contains(t));
}

/// Writes `tags` on the lead when they differ from what it holds.
pub(crate) fn write(lead: &mut Lead, tags: &[String]) {
    if read(lead) != tags {
        lead.set_raw("tags", raw(tags));
    }
}
