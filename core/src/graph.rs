//! The status graph as a whole: edges, lint warnings, Mermaid and DOT.

use serde::Serialize;

use crate::error::{Error, Problem};
use crate::i18n::Locales;
use crate::workflow::Workflow;

/// The answer of [`Workflow::lint_json`]: load errors, or lint warnings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LintReport {
    /// Problems that stop the workflow from loading.
    pub errors: Vec<Problem>,
    /// Problems that do not (see [`Workflow::lint`]).
    pub warnings: Vec<Problem>,
}

impl Workflow {
    /// Every possible move `(from, to, first rule)`, in status then rule order.
    pub(crate) fn edges(&self) -> Vec<(usize, usize, usize)> {
        let n = self.statuses.len();
        let mut out = Vec::new();
        for from in 0..n {
            let terminal = self.statuses[from].category.is_terminal();
            for to in 0..n {
                if let Some(r) = self
                    .rules
                    .iter()
                    .position(|r| r.from.matches_from(from, terminal) && r.to.matches_to(&r.from, from, to))
                {
                    out.push((from, to, r));
                }
            }
        }
        out
    }

    /// Warnings about a workflow that loads: statuses no initial status leads
    /// to (`unreachable_status`), open statuses with no way out (`dead_end`),
    /// rules that can never match (`rule_never_matches`), timers whose statuses
    /// are all unreachable (`timer_never_active`).
    ///
    /// ```
    /// use relance_core::Workflow;
    /// let wf = Workflow::from_json(r#"{"id": "w", "statuses": [
    ///   {"id": "a", "category": "open", "initial": true},
    ///   {"id": "b", "category": "open"}]}"#)?;
    /// let codes: Vec<_> = wf.lint().into_iter().map(|p| p.code).collect();
    /// assert_eq!(codes, ["unreachable_status", "dead_end", "dead_end"]);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn lint(&self) -> Vec<Problem> {
        let n = self.statuses.len();
        let edges = self.edges();
        let mut reached: Vec<bool> = self.statuses.iter().map(|s| s.initial).collect();
        let mut stack: Vec<usize> = (0..n).filter(|&i| reached[i]).collect();
        while let Some(i) = stack.pop() {
            for &(f, t, _) in &edges {
                if f == i && !reached[t] {
                    reached[t] = true;
                    stack.push(t);
                }
            }
        }
        let mut out = Vec::new();
        for (i, s) in self.statuses.iter().enumerate() {
            if !reached[i] {
                out.push(Problem::new(
                    format!("/statuses/{i}"),
                    "unreachable_status",
                    format!("no initial status leads to \"{}\"", s.id),
                ));
            }
        }
        for (i, s) in self.statuses.iter().enumerate() {
            if !s.category.is_terminal() && !edges.iter().any(|&(f, t, _)| f == i && t != i) {
                out.push(Problem::new(
                    format!("/statuses/{i}"),
                    "dead_end",
                    format!("\"{}\" is not terminal but no rule leaves it", s.id),
                ));
            }
        }
        for (ri, r) in self.rules.iter().enumerate() {
            let any = (0..n).any(|f| {
                r.from.matches_from(f, self.statuses[f].category.is_terminal())
                    && (0..n).any(|t| r.to.matches_to(&r.from, f, t))
            });
            if !any {
                out.push(Problem::new(
                    format!("/transitions/{ri}"),
                    "rule_never_matches",
                    "no move matches this rule (\"*\" never leaves a terminal status; a move to the current status needs its id in both from and to)",
                ));
            }
        }
        for (ti, t) in self.timers.iter().enumerate() {
            if !(0..n).any(|i| reached[i] && t.status.matches_from(i, self.statuses[i].category.is_terminal())) {
                out.push(Problem::new(
                    format!("/timers/{ti}"),
                    "timer_never_active",
                    format!("timer \"{}\" watches no reachable status", t.id),
                ));
            }
        }
        out
    }

    /// Checks a definition for an editor: never fails; load errors go in
    /// `errors`, and a definition that loads gets its [`lint`](Self::lint) warnings.
    ///
    /// ```
    /// let report = relance_core::Workflow::lint_json(r#"{"id": "w", "statuses": []}"#);
    /// assert_eq!(report.errors[0].code, "no_initial");
    /// ```
    pub fn lint_json(text: &str) -> LintReport {
        match Workflow::from_json(text) {
            Ok(wf) => LintReport { errors: Vec::new(), warnings: wf.lint() },
            Err(e) => LintReport { errors: problems_of(&e), warnings: Vec::new() },
        }
    }

    /// The status graph as a Mermaid `stateDiagram-v2`, labels in `locale`.
    ///
    /// ```
    /// let wf = relance_core::Workflow::preset("remonline")?;
    /// assert!(wf.to_mermaid(None).contains("s0 --> s1"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn to_mermaid(&self, locale: Option<&str>) -> String {
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
        for (f, t, r) in self.edges() {
            match self.rule_label(r, &loc) {
                Some(l) => out.push_str(&format!("  s{f} --> s{t} : {}\n", mermaid_text(&l))),
                None => out.push_str(&format!("  s{f} --> s{t}\n")),
            }
        }
        for &i in &self.columns {
            if self.statuses[i].category.is_terminal() {
                out.push_str(&format!("  s{i} --> [*]\n"));
            }
        }
        out
    }

    /// The status graph in Graphviz DOT, labels in `locale`.
    ///
    /// ```
    /// let wf = relance_core::Workflow::preset("partner")?;
    /// assert!(wf.to_dot(Some("fr")).contains("\"pending\" -> \"accepted\" [label=\"Accepter\"]"));
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn to_dot(&self, locale: Option<&str>) -> String {
        let loc = self.locales(locale);
        let q = |s: &str| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""));
        let mut out = format!("digraph {} {{\n  rankdir=LR;\n  node [shape=box, style=rounded];\n", q(&self.id));
        for &i in &self.columns {
            let s = &self.statuses[i];
            let shape = if s.category.is_terminal() { ", peripheries=2" } else { "" };
            out.push_str(&format!("  {} [label={}{shape}];\n", q(&s.id), q(self.status_label(i, &loc))));
        }
        for (f, t, r) in self.edges() {
            let label = self.rule_label(r, &loc).map(|l| format!(" [label={}]", q(&l))).unwrap_or_default();
            out.push_str(&format!("  {} -> {}{label};\n", q(&self.statuses[f].id), q(&self.statuses[t].id)));
        }
        out.push_str("}\n");
        out
    }

    fn rule_label(&self, r: usize, loc: &Locales) -> Option<String> {
        let rule = &self.rules[r];
        let label = rule.label.as_ref().and_then(|l| l.resolve(loc.chain()));
        label.or(rule.id.as_deref()).map(str::to_owned)
    }
}

fn problems_of(e: &Error) -> Vec<Problem> {
    if e.problems().is_empty() {
        vec![Problem::new("", e.code().as_str(), e.message())]
    } else {
        e.problems().to_vec()
    }
}

/// Mermaid labels: no quotes, colons or line breaks.
fn mermaid_text(s: &str) -> String {
    s.chars().map(|c| if matches!(c, '"' | ':' | '\n' | '\r' | ';') { ' ' } else { c }).collect()
}
