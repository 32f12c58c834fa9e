//! The history of stops, for stepping back and forth through them (Python Tutor's best
//! feature). Bounded by an estimate of its memory, oldest entries dropped first.

use std::collections::VecDeque;

use crate::snapshot::StopSnapshot;

/// The default bound, 256 MB.
pub const DEFAULT_LIMIT: usize = 256 << 20;

/// An estimate of the heap memory an entry holds.
pub trait Weigh {
    fn weight(&self) -> usize;
}

impl Weigh for StopSnapshot {
    fn weight(&self) -> usize {
        let rows = |rows: &[crate::snapshot::VarSnap]| -> usize {
            rows.iter()
                .map(|v| 112 + v.path.len() + v.name.len() + v.type_name.len() + v.repr.len())
                .sum()
        };
        let frames: usize = self
            .stack
            .iter()
            .map(|f| {
                96 + f.function.len()
                    + f.file.len()
                    + f.args
                        .iter()
                        .map(|a| 56 + a.name.len() + a.repr.len())
                        .sum::<usize>()
                    + f.vars.as_deref().map_or(0, rows)
            })
            .sum();
        let vars = rows(&self.locals) + self.module_globals.as_deref().map_or(0, rows);
        let bps = self
            .breakpoints
            .iter()
            .map(|b| 48 + b.file.len())
            .sum::<usize>();
        std::mem::size_of::<Self>() + frames + vars + bps
    }
}

pub struct History<T> {
    entries: VecDeque<(T, usize)>,
    bytes: usize,
    limit: usize,
    /// How many entries were dropped to stay under the limit.
    pub dropped: usize,
    /// Index of the entry being looked at; `None` is the present (the newest entry).
    cursor: Option<usize>,
}

impl<T: Weigh> History<T> {
    pub fn new(limit: usize) -> History<T> {
        History {
            entries: VecDeque::new(),
            bytes: 0,
            limit,
            dropped: 0,
            cursor: None,
        }
    }

    /// Records a new stop; the view goes back to the present.
    pub fn push(&mut self, entry: T) {
        let w = entry.weight();
        self.entries.push_back((entry, w));
        self.bytes += w;
        while self.bytes > self.limit && self.entries.len() > 1 {
            let (_, w) = self.entries.pop_front().expect("more than one entry");
            self.bytes -= w;
            self.dropped += 1;
        }
        self.cursor = None;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// 1-based position of the entry looked at.
    pub fn position(&self) -> usize {
        self.cursor.unwrap_or(self.entries.len().saturating_sub(1)) + 1
    }

    pub fn in_past(&self) -> bool {
        self.cursor.is_some()
    }

    /// The entry looked at (the newest in the present).
    pub fn current(&self) -> Option<&T> {
        let i = self.cursor.unwrap_or(self.entries.len().checked_sub(1)?);
        self.entries.get(i).map(|(e, _)| e)
    }

    fn go_to(&mut self, index: usize) {
        let last = self.entries.len().saturating_sub(1);
        self.cursor = (index < last).then_some(index);
    }

    /// Moves `n` stops back (not past the oldest); returns whether it moved.
    pub fn back(&mut self, n: usize) -> bool {
        let here = self.position() - 1;
        let to = here.saturating_sub(n);
        self.go_to(to);
        to != here
    }

    /// Moves `n` stops forward (not past the present); returns whether it moved.
    pub fn forward(&mut self, n: usize) -> bool {
        let here = self.position() - 1;
        let to = (here + n).min(self.entries.len().saturating_sub(1));
        self.go_to(to);
        to != here
    }

    pub fn first(&mut self) {
        self.go_to(0);
    }

    pub fn present(&mut self) {
        self.cursor = None;
    }

    /// The newest entry, to complete it (its weight as when it was pushed).
    pub fn newest_mut(&mut self) -> Option<&mut T> {
        self.entries.back_mut().map(|(e, _)| e)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &T> {
        self.entries.iter().map(|(e, _)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Blob(usize);
    impl Weigh for Blob {
        fn weight(&self) -> usize {
            self.0
        }
    }

    #[test]
    fn moves_back_and_forth_within_bounds() {
        let mut h = History::new(1000);
        for _ in 0..5 {
            h.push(Blob(10));
        }
        assert_eq!((h.position(), h.len(), h.in_past()), (5, 5, false));
        assert!(h.back(2));
        assert_eq!((h.position(), h.in_past()), (3, true));
        assert!(h.back(10));
        assert_eq!(h.position(), 1);
        assert!(!h.back(1));
        assert!(h.forward(1));
        assert_eq!(h.position(), 2);
        assert!(h.forward(9));
        assert!(!h.in_past());
        h.first();
        h.push(Blob(10));
        assert!(!h.in_past(), "a new stop returns to the present");
    }

    #[test]
    fn memory_bound_drops_the_oldest() {
        let mut h = History::new(100);
        for _ in 0..25 {
            h.push(Blob(10));
        }
        assert_eq!(h.len(), 10);
        assert_eq!(h.dropped, 15);
        assert!(h.bytes() <= 100);
        // One entry larger than the bound is still kept (the present).
        h.push(Blob(500));
        assert_eq!(h.len(), 1);
    }
}
