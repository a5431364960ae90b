//! A per-call arena for the module's allocations.
//!
//! One operation of `relance` reads its arguments, decides, writes its reply
//! and frees everything it allocated: some thirty small allocations for a
//! `check`. dlmalloc (the allocator of `wasm32-unknown-unknown`) spends a
//! large share of a call on those, so inside [`scope`] every allocation
//! comes from one region with a bump pointer and freeing is a no-op.
//! Allocations past the region's end, and all allocations outside a scope
//! (workflows, argument strings), go to dlmalloc.
//!
//! The region is reset when the next scope starts, not when one ends: the
//! reply (allocated in the region) is read by the JavaScript glue right
//! after the call returns, before any other call into the module.
//!
//! If the engine traps inside a scope (a defect, which the package's guard
//! recovers from), the scope stays marked as running and anything allocated
//! since (the next call's arguments) sits in the region: the next scope then
//! continues in the region instead of resetting it. Every other export
//! calls [`outside`] first.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The region's size: the allocations of one per-lead call fit many times
/// over; a bulk call that needs more uses dlmalloc for the rest.
const REGION: usize = 1 << 20;

struct State {
    /// Inside a scope.
    on: Cell<bool>,
    /// The region (allocated on first use), and the first free byte in it.
    base: Cell<*mut u8>,
    used: Cell<usize>,
}

// wasm32-unknown-unknown without atomics runs one thread.
unsafe impl Sync for State {}

static STATE: State = State { on: Cell::new(false), base: Cell::new(std::ptr::null_mut()), used: Cell::new(0) };

/// The module's global allocator.
pub struct Arena;

fn in_region(p: *mut u8) -> bool {
    let base = STATE.base.get() as usize;
    base != 0 && (p as usize) >= base && (p as usize) < base + REGION
}

unsafe impl GlobalAlloc for Arena {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if STATE.on.get() {
            let base = STATE.base.get();
            if !base.is_null() {
                let start = (base as usize + STATE.used.get() + layout.align() - 1) & !(layout.align() - 1);
                let end = start - base as usize + layout.size();
                if end <= REGION {
                    STATE.used.set(end);
                    return start as *mut u8;
                }
            }
        }
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        if !in_region(p) {
            unsafe { System.dealloc(p, layout) }
        }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !in_region(p) {
            return unsafe { System.realloc(p, layout, new_size) };
        }
        let base = STATE.base.get() as usize;
        // The last allocation grows or shrinks in place when it fits.
        if (p as usize) + layout.size() == base + STATE.used.get() && (p as usize) - base + new_size <= REGION {
            STATE.used.set((p as usize) - base + new_size);
            return p;
        }
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        let q = unsafe { self.alloc(new_layout) };
        if !q.is_null() {
            unsafe { std::ptr::copy_nonoverlapping(p, q, layout.size().min(new_size)) };
        }
        q
    }
}

/// Runs one call with its allocations in the region (see the module docs).
pub fn scope(f: impl FnOnce() -> String) -> String {
    if STATE.base.get().is_null() {
        // SAFETY: a non-zero size and a valid alignment.
        let region = unsafe { System.alloc(Layout::from_size_align_unchecked(REGION, 16)) };
        STATE.base.set(region);
    }
    if !STATE.on.get() {
        STATE.used.set(0);
    }
    STATE.on.set(true);
    let reply = f();
    STATE.on.set(false);
    reply
}

/// Marks the start of an export that allocates outside the region.
pub fn outside() {
    STATE.on.set(false);
}
