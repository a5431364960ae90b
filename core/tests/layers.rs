//! The engine's modules form layers (core/src/lib.rs): no top-level module
//! uses one that uses it back, directly or through others. Read from the
//! sources: each `crate::module` a module's non-test code names.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its non-test code names.
fn uses() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut uses: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
            let module = rel.split('/').next().unwrap().trim_end_matches(".rs").to_owned();
            if module == "lib" || rel.ends_with("tests.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            let named = uses.entry(module.clone()).or_default();
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for part in line.split("crate::").skip(1) {
                    let used: String = part.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                    if !used.is_empty() && used != module {
                        named.insert(used);
                    }
                }
            }
        }
    }
    uses
}

#[test]
fn modules_form_layers() {
    let uses = uses();
    assert!(uses.len() > 20, "the sources were read: {:?}", uses.keys());
    // A depth-first walk from each module; reaching the start again is a cycle.
    for start in uses.keys() {
        let mut seen = BTreeSet::new();
        let mut todo: Vec<(String, Vec<String>)> = vec![(start.clone(), vec![start.clone()])];
        while let Some((m, path)) = todo.pop() {
            for next in uses.get(&m).into_iter().flatten() {
                assert!(next != start, "modules use each other back: {} -> {next}", path.join(" -> "));
                if seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    todo.push((next.clone(), longer));
                }
            }
        }
    }
}
