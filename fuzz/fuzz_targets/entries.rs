//! Every entry point with arbitrary arguments: the input picks a preset and an
//! operation, then gives its arguments as JSON texts separated by NUL bytes.
//! Each call answers or fails with an error; none panics.
#![no_main]
use libfuzzer_sys::fuzz_target;
use relance_core::{Context, Lead, Target, Workflow};

fn run(wf: &Workflow, op: u8, args: &[&str]) {
    let arg = |i: usize| args.get(i).copied().unwrap_or("null");
    let lead = || Lead::from_json(arg(0));
    let ctx = |i: usize| Context::from_json(arg(i));
    let _ = match op % 6 {
        0 => lead().and_then(|l| wf.check(&l, &Target::from_json(arg(1))?, &ctx(2)?)).map(|_| ()),
        1 => lead().and_then(|l| wf.apply(&l, &Target::from_json(arg(1))?, &ctx(2)?)).map(|_| ()),
        2 => lead().and_then(|l| wf.options(&l, &ctx(1)?)).map(|_| ()),
        3 => lead().and_then(|l| wf.actions(&l, &ctx(1)?)).map(|_| ()),
        4 => ctx(1).and_then(|c| wf.validate(arg(0), &c)).map(|_| ()),
        _ => wf.to_mermaid(args.first().copied()).map(|_| ()),
    };
}

fuzz_target!(|data: &[u8]| {
    let [preset, op, rest @ ..] = data else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let names = relance_core::presets();
    let wf = Workflow::preset(names[*preset as usize % names.len()]).expect("presets load");
    let args: Vec<&str> = text.split('\0').collect();
    run(&wf, *op, &args);
});
