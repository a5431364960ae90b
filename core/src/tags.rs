//! Lead tags: case-sensitive, unique, in insertion order (SPEC §5).
//!
//! Every operation costs O(log n) per tag looked up, so a lead carrying
//! 100,000 tags moves as fast as its JSON can be read.

use crate::lead::{raw, Lead};

/// Up to this many tags a linear scan beats an index.
const SMALL: usize = 16;

/// A working tag list: unique tags in order, with a sorted index once large.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct Tags {
    list: Vec<String>,
    /// Positions in `list` sorted by tag; empty while the list is small.
    index: Vec<u32>,
}

impl Tags {
    /// The lead's tags (a missing or malformed `tags` reads as none; a
    /// repeated tag counts once, at its first place).
    pub(crate) fn read(lead: &Lead) -> Tags {
        let list = lead.get("tags").and_then(crate::json::strings).unwrap_or_default();
        Tags::from_list(list)
    }

    fn from_list(list: Vec<String>) -> Tags {
        let mut t = Tags { list, index: Vec::new() };
        if t.list.len() > SMALL {
            t.build_index();
            if t.index.windows(2).any(|w| t.list[w[0] as usize] == t.list[w[1] as usize]) {
                let mut keep = vec![true; t.list.len()];
                for w in t.index.windows(2) {
                    if t.list[w[0] as usize] == t.list[w[1] as usize] {
                        keep[w[1] as usize] = false; // stable sort: the later one
                    }
                }
                let mut it = keep.iter();
                t.list.retain(|_| *it.next().unwrap_or(&true));
                t.build_index();
            }
        } else {
            let mut i = 1;
            while i < t.list.len() {
                if t.list[..i].contains(&t.list[i]) {
                    t.list.remove(i);
                } else {
                    i += 1;
                }
            }
        }
        t
    }

    fn build_index(&mut self) {
        self.index = crate::index::sorted_positions(self.list.iter().map(String::as_str));
    }

    pub(crate) fn contains(&self, tag: &str) -> bool {
        if self.index.is_empty() {
            self.list.iter().any(|t| t == tag)
        } else {
            self.index.binary_search_by(|&p| self.list[p as usize].as_str().cmp(tag)).is_ok()
        }
    }

    #[cfg(test)]
    pub(crate) fn as_slice(&self) -> &[String] {
        &self.list
    }

    /// Appends the tags not already present, in order.
    pub(crate) fn add(&mut self, add: &[String]) {
        for t in add {
            if self.contains(t) {
                continue;
            }
            self.list.push(t.clone());
            if !self.index.is_empty() {
                let at = self.index.partition_point(|&p| self.list[p as usize] < *t);
                self.index.insert(at, (self.list.len() - 1) as u32);
            } else if self.list.len() > SMALL {
                self.build_index();
            }
        }
    }

    /// Removes the given tags.
    pub(crate) fn remove(&mut self, remove: &[String]) {
        if !remove.iter().any(|t| self.contains(t)) {
            return;
        }
        let gone = Tags::from_list(remove.to_vec());
        self.list.retain(|t| !gone.contains(t));
        self.index.clear();
        if self.list.len() > SMALL {
            self.build_index();
        }
    }

    /// Writes the tags on the lead when they differ from what it holds.
    pub(crate) fn write(&self, lead: &mut Lead) {
        if Tags::read(lead).list != self.list {
            lead.set_raw("tags", raw(&self.list));
        }
    }

    /// The tags of `self` that `other` lacks, in order.
    pub(crate) fn missing_from(&self, other: &Tags) -> Vec<String> {
        self.list.iter().filter(|t| !other.contains(t)).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(list: &[&str]) -> Tags {
        Tags::from_list(list.iter().map(|s| (*s).to_owned()).collect())
    }

    #[test]
    fn unique_in_order_small_and_large() {
        let mut t = tags(&["a", "b", "a", "c"]);
        assert_eq!(t.as_slice(), ["a", "b", "c"]);
        t.add(&["c".into(), "d".into()]);
        t.remove(&["a".into()]);
        assert_eq!(t.as_slice(), ["b", "c", "d"]);

        let many: Vec<String> = (0..100_000).map(|i| format!("t{}", i % 60_000)).collect();
        let mut big = Tags::from_list(many);
        assert_eq!(big.as_slice().len(), 60_000);
        big.add(&["t5".into(), "new".into()]);
        big.remove(&["t0".into()]);
        assert_eq!(big.as_slice().len(), 60_000);
        assert!(big.contains("new") && !big.contains("t0") && big.contains("t59999"));
        assert_eq!(big.as_slice().last().map(String::as_str), Some("new"));
        assert_eq!(tags(&["x"]).missing_from(&big), ["x"]);
    }
}
