//! Embeds the preset workflows without insignificant whitespace: the files in
//! `presets/` stay readable, the wasm package stays small.

use std::{env, fs, path::Path};

/// JSON text without whitespace outside strings.
fn minify(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let (mut in_string, mut escaped) = (false, false);
    for c in json.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !c.is_whitespace() {
            out.push(c);
        }
    }
    out
}

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in ["relance", "onelead", "leadflow", "remonline", "partner"] {
        let src = format!("presets/{name}.json");
        println!("cargo:rerun-if-changed={src}");
        let json = fs::read_to_string(&src).expect("preset file");
        fs::write(Path::new(&out).join(format!("{name}.json")), minify(&json)).expect("write OUT_DIR");
    }
}
