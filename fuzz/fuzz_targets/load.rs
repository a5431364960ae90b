//! Workflow loading: any text either loads (then lints and draws) or is
//! refused with an error; nothing panics, nothing runs away.
#![no_main]
use libfuzzer_sys::fuzz_target;
use relance_core::Workflow;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let report = Workflow::lint_json(text);
    if let Ok(wf) = Workflow::from_json(text) {
        assert!(report.errors.is_empty());
        let _ = wf.lint();
        let _ = wf.statuses(Some("fr"));
        let _ = wf.to_mermaid(None);
        let _ = wf.to_dot(Some("en"));
    } else {
        assert!(!report.errors.is_empty());
    }
});
