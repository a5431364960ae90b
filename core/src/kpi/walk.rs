//! Each lead's events in docs/SPEC.md §6 order: grouped by lead with a
//! counting sort (linear in events plus leads), then each lead's events
//! sorted only when they did not arrive in order. The KPI report and the
//! impact replay both read events through this one walk.

use std::cmp::Ordering;

use super::log::{Ev, EventLog, NONE};

/// Events grouped by lead: positions into the event list, lead by lead, in
/// arrival order within each lead.
pub(crate) struct ByLead {
    /// `start[l]..start[l + 1]` are lead `l`'s entries of `order`.
    start: Vec<u32>,
    order: Vec<u32>,
}

impl ByLead {
    /// Groups `n` events whose leads `lead_of` gives (each below `leads`).
    pub(crate) fn new(leads: usize, n: usize, lead_of: impl Fn(usize) -> u32) -> ByLead {
        let mut start = vec![0u32; leads + 1];
        for i in 0..n {
            start[lead_of(i) as usize + 1] += 1;
        }
        for l in 0..leads {
            start[l + 1] += start[l];
        }
        let mut fill = start.clone();
        let mut order = vec![0u32; n];
        for i in 0..n {
            let l = lead_of(i) as usize;
            order[fill[l] as usize] = i as u32;
            fill[l] += 1;
        }
        ByLead { start, order }
    }

    /// Visits each lead that has events, with its events in order
    /// (`cmp`, a total order, sorts those that did not arrive in order; the
    /// sort is stable).
    pub(crate) fn each<E: Copy, X>(
        &self,
        events: &[E],
        cmp: impl Fn(&E, &E) -> Ordering,
        mut visit: impl FnMut(u32, &[E]) -> Result<(), X>,
    ) -> Result<(), X> {
        let mut buf: Vec<E> = Vec::new();
        for lead in 0..self.start.len() - 1 {
            let (a, b) = (self.start[lead] as usize, self.start[lead + 1] as usize);
            if a == b {
                continue;
            }
            buf.clear();
            buf.extend(self.order[a..b].iter().map(|&i| events[i as usize]));
            if buf.windows(2).any(|w| cmp(&w[0], &w[1]) == Ordering::Greater) {
                buf.sort_by(&cmp);
            }
            visit(lead as u32, &buf)?;
        }
        Ok(())
    }
}

/// The order of one lead's events (docs/SPEC.md §6): by `at`, then
/// `created` < `status` < `note`, then by the texts they name (target,
/// source, actor) and the outcome, so that arrival and merge order never
/// matter. Texts compare by their rank in the log's dictionaries, not by
/// the order they were first seen in.
pub(crate) struct EventOrder {
    status_rank: Vec<u32>,
    actor_rank: Vec<u32>,
}

impl EventOrder {
    pub(crate) fn new(log: &EventLog) -> EventOrder {
        EventOrder { status_rank: log.statuses.ranks(), actor_rank: log.actors.ranks() }
    }

    fn rank(ranks: &[u32], i: u32) -> u32 {
        if i == NONE {
            u32::MAX
        } else {
            ranks.get(i as usize).copied().unwrap_or(u32::MAX)
        }
    }

    /// Compares two events of one lead.
    pub(crate) fn cmp(&self, a: &Ev, b: &Ev) -> Ordering {
        a.at.cmp(&b.at).then_with(|| {
            let key = |e: &Ev| {
                (
                    e.kind,
                    Self::rank(&self.status_rank, e.to),
                    Self::rank(&self.status_rank, e.from),
                    Self::rank(&self.actor_rank, e.actor),
                    e.outcome,
                )
            };
            key(a).cmp(&key(b))
        })
    }
}
