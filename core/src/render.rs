//! The status graph as a diagram: Mermaid and Graphviz DOT.
//!
//! A graph can have as many edges as pairs of statuses, so drawing is bounded:
//! past [`MAX_MOVES_EXAMINED`] (status, rule) pairs examined the call answers
//! `limit_exceeded`.

use crate::decide::MAX_MOVES_EXAMINED;
use crate::error::{Error, ErrorCode, Problem, ProblemCode};
use crate::i18n::Locales;
use crate::workflow::Workflow;

impl Workflow {
    /// Every possible move `(from, to, first rule)`, in status then target order.
    fn edges(&self) -> Result<Vec<(usize, usize, usize)>, Error> {
        let n = self.statuses.len();
        let too_big = || {
            Error::one(
                ErrorCode::LimitExceeded,
                Problem::new(
                    "",
                    ProblemCode::TooManyMoves,
                    format!("drawing this graph would examine more than {MAX_MOVES_EXAMINED} (status, rule) pairs"),
                ),
            )
        };
        let mut examined = n.checked_mul(self.rules.len()).ok_or_else(too_big)?;
        if examined > MAX_MOVES_EXAMINED {
            return Err(too_big());
        }
        let mut out = Vec::new();
        // `seen[t] == from + 1` when the move from `from` to `t` has its rule, `first[t]`.
        let (mut seen, mut first) = (vec![0usize; n], vec![0usize; n]);
        let mut found = Vec::new();
        for from in 0..n {
            for (ri, rule) in self.rules.iter().enumerate().filter(|(_, r)| self.leaves(r, from)) {
                let targets = self.targets(&rule.to);
                examined += targets.len();
                if examined > MAX_MOVES_EXAMINED {
                    return Err(too_big());
                }
                for t in targets {
                    if seen[t] != from + 1 && self.moves(rule, from, t) {
                        (seen[t], first[t]) = (from + 1, ri);
                        found.push(t as u32);
                    }
                }
            }
            crate::index::sort_dedup(&mut found);
            out.extend(found.drain(..).map(|t| (from, t as usize, first[t as usize])));
        }
        Ok(out)
    }

    /// The status graph as a Mermaid `stateDiagram-v2`, labels in `locale`.
    ///
    /// ```
    /// let wf = relance_core::Workflow::preset("remonline")?;
    /// assert!(wf.to_mermaid(None)?.contains("s0 --> s1"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `limit_exceeded` for a graph too large to draw.
    pub fn to_mermaid(&self, locale: Option<&str>) -> Result<String, Error> {
        let loc = self.locales(locale);
        let mut out = String::from("stateDiagram-v2\n");
        for &i in &self.columns {
            out.push_str(&format!("  state \"{}\" as s{i}\n", mermaid_text(self.status_label(i, &loc))));
        }
        for &i in &self.columns {
            if self.statuses[i].initial {
                out.push_str(&format!("  [*] --> s{i}\n"));
            }
        }
        for (f, t, r) in self.edges()? {
            match self.rule_label(r, &loc) {
                Some(l) => out.push_str(&format!("  s{f} --> s{t} : {}\n", mermaid_text(l))),
                None => out.push_str(&format!("  s{f} --> s{t}\n")),
            }
        }
        for &i in &self.columns {
            if self.statuses[i].is_terminal() {
                out.push_str(&format!("  s{i} --> [*]\n"));
            }
        }
        Ok(out)
    }

    /// The status graph in Graphviz DOT, labels in `locale`.
    ///
    /// ```
    /// let wf = relance_core::Workflow::preset("partner")?;
    /// assert!(wf.to_dot(Some("fr"))?.contains("\"pending\" -> \"accepted\" [label=\"Accepter\"]"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    ///
    /// # Errors
    /// `limit_exceeded` for a graph too large to draw.
    pub fn to_dot(&self, locale: Option<&str>) -> Result<String, Error> {
        let loc = self.locales(locale);
        let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let mut out = format!("digraph {} {{\n  rankdir=LR;\n  node [shape=box, style=rounded];\n", q(&self.id));
        for &i in &self.columns {
            let s = &self.statuses[i];
            let shape = if s.is_terminal() { ", peripheries=2" } else { "" };
            out.push_str(&format!("  {} [label={}{shape}];\n", q(&s.id), q(self.status_label(i, &loc))));
        }
        for (f, t, r) in self.edges()? {
            let label = self.rule_label(r, &loc).map(|l| format!(" [label={}]", q(l))).unwrap_or_default();
            out.push_str(&format!("  {} -> {}{label};\n", q(&self.statuses[f].id), q(&self.statuses[t].id)));
        }
        out.push_str("}\n");
        Ok(out)
    }

    fn rule_label<'a>(&'a self, r: usize, loc: &Locales) -> Option<&'a str> {
        let rule = &self.rules[r];
        rule.label.as_ref().and_then(|l| l.resolve(loc.chain())).or(rule.id.as_deref())
    }
}

/// Mermaid labels: no quotes, colons or line breaks.
fn mermaid_text(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '"' | ':' | '\n' | '\r' | ';') { ' ' } else { c }).collect()
}
