//! Sorting and sorted indexes: lookups by key in O(log n) however wide the
//! input.
//!
//! Every sort of the engine goes through [`order`], one routine over `u32`
//! positions with a comparator behind a reference: the standard library's
//! sorts are instantiated per element type and comparator, and each copy
//! costs kilobytes of wasm (a dozen of them were a fifth of the package).

use std::cmp::Ordering;

/// The positions `0..n` ordered by `cmp`; positions that compare equal keep
/// their order (the sort is stable).
pub(crate) fn order(n: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut positions: Vec<u32> = (0..n as u32).collect();
    positions.sort_unstable_by(|&a, &b| cmp(a as usize, b as usize).then(a.cmp(&b)));
    positions
}

/// The first `k` positions of `0..n` in the order of `cmp` (stable), without
/// ordering the others.
pub(crate) fn first(n: usize, k: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<u32> {
    let mut positions: Vec<u32> = (0..n as u32).collect();
    let mut by = |a: &u32, b: &u32| cmp(*a as usize, *b as usize).then(a.cmp(b));
    if k < n {
        if k == 0 {
            return Vec::new();
        }
        positions.select_nth_unstable_by(k - 1, &mut by);
        positions.truncate(k);
    }
    positions.sort_unstable_by(by);
    positions
}

/// Sorts `v` by `cmp`, stably.
pub(crate) fn sort<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    let perm = order(v.len(), &mut |a, b| cmp(&v[a], &v[b]));
    permute(v, &perm);
}

/// Reorders `v` so that its `i`th element is the old `perm[i]`th.
pub(crate) fn permute<T>(v: &mut Vec<T>, perm: &[u32]) {
    let mut slots: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(perm.iter().filter_map(|&p| slots[p as usize].take()));
}

/// The positions of `keys`, sorted by key; equal keys keep position order.
pub(crate) fn sorted_positions<'k>(keys: impl Iterator<Item = &'k str>) -> Vec<u32> {
    let keys: Vec<&str> = keys.collect();
    order(keys.len(), &mut |a, b| keys[a].cmp(keys[b]))
}

/// In a [`sorted_positions`] index of keys (`key_of` gives a position's
/// key), the first position whose key is `key`: what a linear search from
/// the start finds, in O(log n).
pub(crate) fn find_first<'k>(sorted: &[u32], key: &str, key_of: impl Fn(usize) -> &'k str) -> Option<usize> {
    let i = sorted.partition_point(|&p| key_of(p as usize) < key);
    sorted.get(i).map(|&p| p as usize).filter(|&p| key_of(p) == key)
}

/// For each position, the first position holding the same key (itself when
/// it is the first, or has no key).
pub(crate) fn first_occurrences<'k>(keys: impl Iterator<Item = Option<&'k str>>) -> Vec<u32> {
    let keys: Vec<Option<&str>> = keys.collect();
    let mut first: Vec<u32> = (0..keys.len() as u32).collect();
    let sorted = order(keys.len(), &mut |a, b| keys[a].cmp(&keys[b]));
    let mut run = 0;
    for j in 1..sorted.len() {
        let (p, r) = (sorted[j] as usize, sorted[run] as usize);
        if keys[p].is_some() && keys[p] == keys[r] {
            first[p] = r as u32;
        } else {
            run = j;
        }
    }
    first
}

/// Sorts and deduplicates a list of positions.
pub(crate) fn sort_dedup(list: &mut Vec<u32>) {
    sort(list, u32::cmp);
    list.dedup();
}

#[cfg(test)]
mod tests {
    #[test]
    fn stable_for_equal_keys() {
        assert_eq!(super::sorted_positions(["b", "a", "b", "a"].into_iter()), [1, 3, 0, 2]);
        let keys = ["b", "a", "b", "a"];
        let index = super::sorted_positions(keys.into_iter());
        assert_eq!(["a", "b", "c"].map(|k| super::find_first(&index, k, |p| keys[p])), [Some(1), Some(0), None]);
        let keys = [Some("b"), None, Some("a"), Some("b"), None, Some("a"), Some("b")];
        assert_eq!(super::first_occurrences(keys.into_iter()), [0, 1, 2, 0, 4, 2, 0]);
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
        super::sort(&mut v, |x, y| x.0.cmp(&y.0));
        assert_eq!(v, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
        let by_value = [5, 3, 9, 1, 7];
        assert_eq!(super::first(5, 2, &mut |a, b| by_value[a].cmp(&by_value[b])), [3, 1]);
    }
}
