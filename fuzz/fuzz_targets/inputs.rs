//! Argument parsing: leads, contexts and targets from any text are read or
//! refused with an error, and a lead that loads comes back as it went in.
#![no_main]
use libfuzzer_sys::fuzz_target;
use relance_core::{Context, Lead, Target};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(lead) = Lead::from_json(text) {
        let again = Lead::from_json(&lead.to_json()).expect("a written lead reads back");
        assert_eq!(again.to_json(), lead.to_json());
    }
    let _ = Context::from_json(text);
    let _ = Target::from_json(text);
});
