//! Sorted indexes: lookups by key in O(log n) however wide the input.
//!
//! One sort routine serves every index (entries of a lead, tags, status ids,
//! group names): a sort instantiated per key type would cost kilobytes of
//! wasm each.

/// Sorts (key, position) pairs: by key, equal keys in position order.
fn sort_pairs(pairs: &mut [(&str, u32)]) {
    pairs.sort_unstable();
}

/// The positions of `keys`, sorted by key; equal keys keep position order.
pub(crate) fn sorted_positions<'k>(keys: impl Iterator<Item = &'k str>) -> Vec<u32> {
    let mut pairs: Vec<(&str, u32)> = keys.zip(0..).collect();
    sort_pairs(&mut pairs);
    pairs.into_iter().map(|(_, p)| p).collect()
}

/// For each position, the first position holding the same key (itself when
/// it is the first, or has no key).
pub(crate) fn first_occurrences<'k>(keys: impl Iterator<Item = Option<&'k str>>) -> Vec<u32> {
    let mut first = Vec::new();
    let mut pairs = Vec::new();
    for (i, k) in (0u32..).zip(keys) {
        first.push(i);
        if let Some(k) = k {
            pairs.push((k, i));
        }
    }
    sort_pairs(&mut pairs);
    let mut run = 0;
    for j in 1..pairs.len() {
        if pairs[j].0 == pairs[run].0 {
            first[pairs[j].1 as usize] = pairs[run].1;
        } else {
            run = j;
        }
    }
    first
}

/// Sorts and deduplicates a list of positions.
pub(crate) fn sort_dedup(list: &mut Vec<u32>) {
    list.sort_unstable();
    list.dedup();
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_for_equal_keys() {
        assert_eq!(super::sorted_positions(["b", "a", "b", "a"].into_iter()), [1, 3, 0, 2]);
        let keys = [Some("b"), None, Some("a"), Some("b"), None, Some("a"), Some("b")];
        assert_eq!(super::first_occurrences(keys.into_iter()), [0, 1, 2, 0, 4, 2, 0]);
    }
}
