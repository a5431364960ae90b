//! Status selectors: an id, `"*"`, `"group:NAME"`, `"category:NAME"`, or a
//! list of these (SPEC §3 "Selectors"), resolved to status indexes at load.

/// A set of statuses by index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct StatusSet(Vec<u64>);

impl StatusSet {
    pub(crate) fn with_len(n: usize) -> StatusSet {
        StatusSet(vec![0; n.div_ceil(64)])
    }
    pub(crate) fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    pub(crate) fn contains(&self, i: usize) -> bool {
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// A resolved selector. Statuses named by id are kept apart from those named
/// through a group or category, because only a rule naming a status by id in
/// both `from` and `to` moves a lead to its current status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Selector {
    /// Statuses named by id.
    pub(crate) ids: StatusSet,
    /// Statuses named by `group:` or `category:`.
    pub(crate) via: StatusSet,
    /// `"*"`: every non-terminal status as `from`; every other status as `to`.
    pub(crate) star: bool,
}

impl Selector {
    /// Whether this selector, used as `from`, matches status `i`.
    pub(crate) fn matches_from(&self, i: usize, terminal: bool) -> bool {
        self.ids.contains(i) || self.via.contains(i) || (self.star && !terminal)
    }

    /// Whether this selector, used as `to`, matches a move from `current` to `target`.
    pub(crate) fn matches_to(&self, from: &Selector, current: usize, target: usize) -> bool {
        if current == target {
            from.ids.contains(current) && self.ids.contains(target)
        } else {
            self.star || self.ids.contains(target) || self.via.contains(target)
        }
    }

    /// The statuses this selector can name as a target, in index order.
    pub(crate) fn targets(&self, n: usize) -> impl Iterator<Item = usize> + '_ {
        (0..n).filter(move |&i| self.star || self.ids.contains(i) || self.via.contains(i))
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
