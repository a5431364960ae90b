//! Lead tags: case-sensitive, unique, in insertion order (docs/SPEC.md §5).
//!
//! A change reads (and sorts) a lead's tags once; then every operation
//! costs O(log n) per tag looked up, and `hasTag` in a condition is one
//! pass over the list, so a lead carrying 100,000 tags moves about as fast
//! as its JSON can be read.

use crate::json::raw;
use crate::lead::Lead;

/// Up to this many tags a linear scan beats an index.
const SMALL: usize = 16;

/// A working tag list: unique tags in order, with a sorted index once large.
#[derive(Clone, Debug, Default)]
pub(crate) struct Tags {
    list: Vec<String>,
    /// Positions in `list` sorted by tag: present exactly when the list
    /// holds more than `SMALL` tags.
    index: Vec<u32>,
}

/// Two tag lists are equal when they hold the same tags in the same order
/// (the index is how they are looked up, not what they are).
impl PartialEq for Tags {
    fn eq(&self, other: &Tags) -> bool {
        self.list == other.list
    }
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
                t.index.clear();
                if t.list.len() > SMALL {
                    t.build_index();
                }
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

    /// Whether the lead holds `tag` (as [`Tags::read`] reads the list): one
    /// pass over it, no index; what `hasTag` in a condition asks.
    pub(crate) fn lead_has(lead: &Lead, tag: &str) -> bool {
        let mut found = false;
        for raw in lead.get("tags").and_then(crate::json::raw_items).unwrap_or_default() {
            match crate::json::string_ref(raw) {
                Some(t) => found |= t == tag,
                None => return false, // a malformed list reads as none
            }
        }
        found
    }

    pub(crate) fn contains(&self, tag: &str) -> bool {
        self.position(tag).is_some()
    }

    /// The place of `tag` in the list.
    fn position(&self, tag: &str) -> Option<usize> {
        if self.index.is_empty() {
            self.list.iter().position(|t| t == tag)
        } else {
            let at = self.index.binary_search_by(|&p| self.list[p as usize].as_str().cmp(tag)).ok()?;
            Some(self.index[at] as usize)
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

    /// Removes the given tags, keeping the index (no new sort).
    pub(crate) fn remove(&mut self, remove: &[String]) {
        let mut keep = vec![true; self.list.len()];
        let mut any = false;
        for t in remove {
            if let Some(p) = self.position(t) {
                keep[p] = false;
                any = true;
            }
        }
        if !any {
            return;
        }
        let mut it = keep.iter();
        self.list.retain(|_| *it.next().unwrap_or(&true));
        if self.list.len() > SMALL {
            // Each kept position moves down by the removed ones before it.
            let mut moved = vec![0u32; keep.len()];
            let mut k = 0;
            for (p, &kept) in keep.iter().enumerate() {
                moved[p] = k;
                k += u32::from(kept);
            }
            self.index.retain(|&p| keep[p as usize]);
            self.index.iter_mut().for_each(|p| *p = moved[*p as usize]);
        } else {
            self.index.clear();
        }
    }

    /// Writes the tags on the lead when they differ from what it holds.
    pub(crate) fn write(&self, lead: &mut Lead) {
        if !self.read_by(lead) {
            lead.set_raw("tags", raw(&self.list));
        }
    }

    /// Whether the lead's tags read as `self` (repeats counting once, at
    /// their first place), without sorting them: each tag must be the next
    /// of `self` or one already passed.
    fn read_by(&self, lead: &Lead) -> bool {
        let Some(items) = lead.get("tags").and_then(crate::json::raw_items) else {
            return self.list.is_empty();
        };
        if self.list.is_empty() {
            // A list holding anything but strings reads as none.
            return items.is_empty() || items.iter().any(|raw| crate::json::string_ref(raw).is_none());
        }
        let mut next = 0;
        for raw in items {
            let Some(tag) = crate::json::string_ref(raw) else { return false };
            if self.list.get(next).is_some_and(|t| *t == tag) {
                next += 1;
            } else if self.position(&tag).is_none_or(|p| p >= next) {
                return false;
            }
        }
        next == self.list.len()
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
        big.remove(&["t7".into(), "t7".into(), "t30000".into(), "absent".into()]);
        let mut rebuilt = big.clone();
        rebuilt.build_index();
        assert_eq!(big.index, rebuilt.index, "the index kept through removals is the sorted one");
        assert_eq!(big.as_slice().len(), 59_998);
        assert_eq!(big.as_slice().last().map(String::as_str), Some("new"));
        assert_eq!(tags(&["x"]).missing_from(&big), ["x"]);
    }

    #[test]
    fn equal_lists_are_equal_whatever_their_history() {
        // 17 raw tags, 16 once repeats are dropped: no index, as for a
        // list that was always 16 long, or one a removal brought to 16.
        let mut raw: Vec<String> = (0..16).map(|i| format!("t{i}")).collect();
        let sixteen = Tags::from_list(raw.clone());
        raw.push("t0".into());
        let deduped = Tags::from_list(raw);
        let mut removed = Tags::from_list((0..17).map(|i| format!("t{i}")).collect());
        removed.remove(&["t16".into()]);
        assert!(deduped.index.is_empty() && removed.index.is_empty());
        assert!(deduped == sixteen && removed == sixteen);
    }

    #[test]
    fn reading_without_sorting_agrees_with_reading() {
        let big: Vec<String> = (0..40).map(|i| format!("t{i}")).collect();
        let leads = [
            r#"{"tags": ["a", "b"]}"#.to_owned(),
            r#"{"tags": ["a", "b", "a"]}"#.to_owned(),
            r#"{"tags": ["b", "a"]}"#.to_owned(),
            r#"{"tags": ["a", 1]}"#.to_owned(),
            r#"{"tags": "a"}"#.to_owned(),
            r#"{"tags": null}"#.to_owned(),
            r#"{"tags": ["\u0061", "b"]}"#.to_owned(),
            r#"{"x": 0}"#.to_owned(),
            format!(r#"{{"tags": {}}}"#, raw(&big)),
            format!(r#"{{"tags": {}}}"#, raw(&[&big[..], &big[..5]].concat())),
            format!(r#"{{"tags": {}}}"#, raw(&big[1..])),
        ];
        let lists = [vec![], vec!["a".to_owned(), "b".to_owned()], vec!["a".to_owned()], big.clone()];
        for text in &leads {
            let lead = Lead::from_json(&format!(r#"{{"status": "a", {}"#, &text[1..])).unwrap();
            for list in &lists {
                let t = Tags::from_list(list.clone());
                assert_eq!(t.read_by(&lead), Tags::read(&lead) == t, "{text} read as {list:?}");
            }
            for tag in ["a", "b", "t3", "t39", "z"] {
                assert_eq!(Tags::lead_has(&lead, tag), Tags::read(&lead).contains(tag), "{text} has {tag}");
            }
        }
    }
}
