//! Lint: warnings about a workflow that loads (docs/SPEC.md §3 "Lint"). Every check
//! runs in time linear in the size of the definition: rules are indexed by
//! what their `from` names, and a group, a category or `"*"` is expanded at
//! most once.

use serde::Serialize;

use crate::error::{Problem, ProblemCode};
use crate::workflow::selector::Selector;
use crate::workflow::Workflow;

/// The answer of [`Workflow::lint_json`]: load errors, or lint warnings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LintReport {
    /// Problems that stop the workflow from loading.
    pub errors: Vec<Problem>,
    /// Problems that do not (see [`Workflow::lint`]).
    pub warnings: Vec<Problem>,
}

/// Up to two distinct members of a set, in the order found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Two {
    first: Option<usize>,
    more: bool,
}

impl Two {
    fn add(&mut self, i: usize) {
        match self.first {
            None => self.first = Some(i),
            Some(f) if f != i => self.more = true,
            Some(_) => {}
        }
    }
    fn full(&self) -> bool {
        self.more
    }
}

/// Rules indexed by what their `from` names.
struct FromIndex {
    by_id: Vec<Vec<u32>>,
    by_group: Vec<Vec<u32>>,
    by_category: [Vec<u32>; 4],
    star: Vec<u32>,
}

impl FromIndex {
    fn new(wf: &Workflow) -> FromIndex {
        let mut ix = FromIndex {
            by_id: vec![Vec::new(); wf.statuses.len()],
            by_group: vec![Vec::new(); wf.groups.len()],
            by_category: Default::default(),
            star: Vec::new(),
        };
        for (ri, r) in wf.rules.iter().enumerate() {
            let ri = ri as u32;
            for &i in &r.from.ids {
                ix.by_id[i as usize].push(ri);
            }
            for &g in &r.from.groups {
                ix.by_group[g as usize].push(ri);
            }
            for (c, list) in ix.by_category.iter_mut().enumerate() {
                if r.from.cats & (1 << c) != 0 {
                    list.push(ri);
                }
            }
            if r.from.star {
                ix.star.push(ri);
            }
        }
        ix
    }
}

impl Workflow {
    /// Up to two distinct statuses of a selector, used as `from` (`"*"`: the
    /// open statuses) or as `to` (`"*"`: every status).
    fn two(&self, sel: &Selector, as_from: bool) -> Two {
        let mut two = Two::default();
        let add = |i: usize, two: &mut Two| {
            two.add(i);
            two.full()
        };
        for &i in &sel.ids {
            if add(i as usize, &mut two) {
                return two;
            }
        }
        for &g in &sel.groups {
            for &i in &self.groups[g as usize].members {
                if add(i as usize, &mut two) {
                    return two;
                }
            }
        }
        for (c, members) in self.by_category.iter().enumerate() {
            if sel.cats & (1 << c) != 0 {
                for &i in members {
                    if add(i as usize, &mut two) {
                        return two;
                    }
                }
            }
        }
        if sel.star {
            for (i, s) in self.statuses.iter().enumerate() {
                if !(as_from && s.is_terminal()) && add(i, &mut two) {
                    return two;
                }
            }
        }
        two
    }

    /// Which statuses some initial status leads to.
    fn reachable(&self, ix: &FromIndex) -> Vec<bool> {
        let n = self.statuses.len();
        let mut reached: Vec<bool> = self.statuses.iter().map(|s| s.initial).collect();
        let mut stack: Vec<usize> = (0..n).filter(|&i| reached[i]).collect();
        let mut fired = vec![false; self.rules.len()];
        let mut group_done = vec![false; self.groups.len()];
        let mut cat_done = [false; 4];
        let mut star_done = false;
        // Targets named by a group, a category or "*" are expanded once each.
        let mut to_group_done = vec![false; self.groups.len()];
        let mut to_cat_done = [false; 4];
        let mut to_star_done = false;
        while let Some(s) = stack.pop() {
            let status = &self.statuses[s];
            let mut lists: Vec<&[u32]> = vec![&ix.by_id[s]];
            if let Some(g) = status.group {
                if !std::mem::replace(&mut group_done[g as usize], true) {
                    lists.push(&ix.by_group[g as usize]);
                }
            }
            let c = status.category as usize;
            if !std::mem::replace(&mut cat_done[c], true) {
                lists.push(&ix.by_category[c]);
            }
            if !status.is_terminal() && !std::mem::replace(&mut star_done, true) {
                lists.push(&ix.star);
            }
            for &ri in lists.into_iter().flatten() {
                if std::mem::replace(&mut fired[ri as usize], true) {
                    continue;
                }
                let to = &self.rules[ri as usize].to;
                let mut reach = |i: usize, stack: &mut Vec<usize>| {
                    if !std::mem::replace(&mut reached[i], true) {
                        stack.push(i);
                    }
                };
                for &i in &to.ids {
                    reach(i as usize, &mut stack);
                }
                for &g in &to.groups {
                    if !std::mem::replace(&mut to_group_done[g as usize], true) {
                        for &i in &self.groups[g as usize].members {
                            reach(i as usize, &mut stack);
                        }
                    }
                }
                for (c, done) in to_cat_done.iter_mut().enumerate() {
                    if to.cats & (1 << c) != 0 && !std::mem::replace(done, true) {
                        for &i in &self.by_category[c] {
                            reach(i as usize, &mut stack);
                        }
                    }
                }
                if to.star && !std::mem::replace(&mut to_star_done, true) {
                    for i in 0..n {
                        reach(i, &mut stack);
                    }
                }
            }
        }
        reached
    }

    /// Warnings about a workflow that loads: statuses no initial status leads
    /// to (`unreachable_status`), open statuses with no way out (`dead_end`),
    /// rules that can never match (`rule_never_matches`), timers whose statuses
    /// are all unreachable (`timer_never_active`). Linear in the size of the
    /// definition.
    ///
    /// ```
    /// use relance_core::{ProblemCode, Workflow};
    /// let wf = Workflow::from_json(r#"{"id": "w", "statuses": [
    ///   {"id": "a", "category": "open", "initial": true},
    ///   {"id": "b", "category": "open"}]}"#)?;
    /// let codes: Vec<_> = wf.lint().into_iter().map(|p| p.code).collect();
    /// assert_eq!(codes, [ProblemCode::UnreachableStatus, ProblemCode::DeadEnd, ProblemCode::DeadEnd]);
    /// # Ok::<(), relance_core::Error>(())
    /// ```
    pub fn lint(&self) -> Vec<Problem> {
        let ix = FromIndex::new(self);
        let reached = self.reachable(&ix);
        let mut out = Vec::new();
        for (i, s) in self.statuses.iter().enumerate() {
            if !reached[i] {
                out.push(Problem::new(
                    format!("/statuses/{i}"),
                    ProblemCode::UnreachableStatus,
                    format!("no initial status leads to \"{}\"", s.id),
                ));
            }
        }
        // A rule gives a way out of `s` unless its only target is `s`.
        let only_target: Vec<Option<usize>> =
            self.rules.iter().map(|r| Some(self.two(&r.to, false)).filter(|t| !t.more).and_then(|t| t.first)).collect();
        let summary = |list: &[u32]| {
            let mut singles = Two::default();
            let mut multi = false;
            for &ri in list {
                match only_target[ri as usize] {
                    Some(t) => singles.add(t),
                    None => multi = true,
                }
            }
            (multi, singles)
        };
        let out_of =
            |(multi, singles): (bool, Two), s: usize| multi || singles.more || singles.first.is_some_and(|t| t != s);
        let groups: Vec<(bool, Two)> = ix.by_group.iter().map(|l| summary(l)).collect();
        let cats: Vec<(bool, Two)> = ix.by_category.iter().map(|l| summary(l)).collect();
        let star = summary(&ix.star);
        for (i, s) in self.statuses.iter().enumerate() {
            if s.is_terminal() {
                continue;
            }
            let way_out = out_of(summary(&ix.by_id[i]), i)
                || s.group.is_some_and(|g| out_of(groups[g as usize], i))
                || out_of(cats[s.category as usize], i)
                || out_of(star, i);
            if !way_out {
                out.push(Problem::new(
                    format!("/statuses/{i}"),
                    ProblemCode::DeadEnd,
                    format!("\"{}\" is not terminal but no rule leaves it", s.id),
                ));
            }
        }
        for (ri, r) in self.rules.iter().enumerate() {
            let (from, to) = (self.two(&r.from, true), self.two(&r.to, false));
            let some_move = match (from.first, to.first) {
                (Some(f), Some(t)) => from.more || to.more || f != t,
                _ => false,
            };
            let self_move = r.from.ids.iter().any(|i| r.to.ids.binary_search(i).is_ok());
            if !some_move && !self_move {
                out.push(Problem::new(
                    format!("/transitions/{ri}"),
                    ProblemCode::RuleNeverMatches,
                    "no move matches this rule (\"*\" never leaves a terminal status; a move to the current status needs its id in both from and to)",
                ));
            }
        }
        let mut group_reached = vec![false; self.groups.len()];
        let mut cat_reached = [false; 4];
        let mut open_reached = false;
        for s in self.statuses.iter().zip(&reached).filter(|(_, r)| **r).map(|(s, _)| s) {
            if let Some(g) = s.group {
                group_reached[g as usize] = true;
            }
            cat_reached[s.category as usize] = true;
            open_reached |= !s.is_terminal();
        }
        for (ti, t) in self.timers.iter().enumerate() {
            let sel = &t.status;
            let active = (sel.star && open_reached)
                || sel.ids.iter().any(|&i| reached[i as usize])
                || sel.groups.iter().any(|&g| group_reached[g as usize])
                || (0..4).any(|c| sel.cats & (1 << c) != 0 && cat_reached[c]);
            if !active {
                out.push(Problem::new(
                    format!("/timers/{ti}"),
                    ProblemCode::TimerNeverActive,
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
    /// assert_eq!(report.errors[0].code, relance_core::ProblemCode::NoInitial);
    /// ```
    pub fn lint_json(text: &str) -> LintReport {
        match Workflow::from_json(text) {
            Ok(wf) => LintReport { errors: Vec::new(), warnings: wf.lint() },
            // Loading fails with problems only (never with violations).
            Err(e) => LintReport { errors: e.problems().to_vec(), warnings: Vec::new() },
        }
    }
}
