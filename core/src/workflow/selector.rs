//! Status selectors: an id, `"*"`, `"group:NAME"`, `"category:NAME"`, or a
//! list of these (docs/SPEC.md §3 "Selectors"), resolved at load. A selector stores
//! what it names (ids, groups, categories), never a set over every status, so
//! its size and its tests follow the definition, not the number of statuses.

use super::Status;

/// A resolved selector. Statuses named by id are kept apart from those named
/// through a group or category, because only a rule naming a status by id in
/// both `from` and `to` moves a lead to its current status.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Selector {
    /// Statuses named by id: indexes, sorted, without repeats.
    pub(crate) ids: Vec<u32>,
    /// Groups named by `group:`: indexes into `Workflow::groups`, sorted.
    pub(crate) groups: Vec<u32>,
    /// Categories named by `category:`, as [`Category::bit`](super::Category::bit)s.
    pub(crate) cats: u8,
    /// `"*"`: every non-terminal status as `from`; every other status as `to`.
    pub(crate) star: bool,
}

impl Selector {
    /// Whether status `i` is named by id.
    pub(crate) fn names(&self, i: usize) -> bool {
        u32::try_from(i).is_ok_and(|i| self.ids.binary_search(&i).is_ok())
    }

    /// Whether status `s` is named through its group or category.
    pub(crate) fn via(&self, s: &Status) -> bool {
        self.cats & s.category.bit() != 0 || s.group.is_some_and(|g| self.groups.binary_search(&g).is_ok())
    }

    /// Whether this selector, used as `from`, matches status `i` (`s`).
    pub(crate) fn matches_from(&self, i: usize, s: &Status) -> bool {
        (self.star && !s.is_terminal()) || self.names(i) || self.via(s)
    }

    /// Whether this selector, used as `to` after `from`, matches a move from
    /// `current` to `target` (`s`).
    pub(crate) fn matches_to(&self, from: &Selector, current: usize, target: usize, s: &Status) -> bool {
        if current == target {
            from.names(current) && self.names(target)
        } else {
            self.star || self.names(target) || self.via(s)
        }
    }

    pub(crate) fn finish(&mut self) {
        crate::index::sort_dedup(&mut self.ids);
        crate::index::sort_dedup(&mut self.groups);
    }
}

/// One element of a selector, as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Term<'a> {
    Star,
    Group(&'a str),
    Category(&'a str),
    Id(&'a str),
}

impl<'a> Term<'a> {
    pub(crate) fn parse(s: &'a str) -> Term<'a> {
        if s == "*" {
            Term::Star
        } else if let Some(g) = s.strip_prefix("group:") {
            Term::Group(g)
        } else if let Some(c) = s.strip_prefix("category:") {
            Term::Category(c)
        } else {
            Term::Id(s)
        }
    }
}
