//! The timeline: the history of stops (execution stops only — a frame selected or a
//! command run at a stop updates that stop, it is not a new one), what changed at each,
//! how much output and narrative there was then, and which stop is being looked at.

use crate::history::{History, Weigh};
use crate::snapshot::{NarrativeLine, StopSnapshot, VarSnap};

/// The most narrative lines kept.
const NARRATIVE_LIMIT: usize = 5_000;

/// A stop as the interface recorded it.
pub struct Recorded {
    pub snapshot: StopSnapshot,
    /// Paths of the variables whose value is new or different since the stop before.
    pub changed: Vec<String>,
    /// Bytes the program had written at this stop.
    pub output_mark: u64,
    /// Narrative lines told up to this stop (counted from the first).
    pub narrative_mark: usize,
}

impl crate::travel::Recorded for Recorded {
    fn snapshot(&self) -> &StopSnapshot {
        &self.snapshot
    }
}

impl Weigh for Recorded {
    fn weight(&self) -> usize {
        self.snapshot.weight() + self.changed.iter().map(|c| 24 + c.len()).sum::<usize>()
    }
}

pub struct Timeline {
    history: History<Recorded>,
    narrative: Vec<NarrativeLine>,
    /// Narrative lines dropped from the front of `narrative`.
    narrative_dropped: usize,
}

fn same_frame(a: &crate::snapshot::FrameSnap, b: &crate::snapshot::FrameSnap) -> bool {
    a.function == b.function && a.file == b.file
}

/// Paths of the rows whose value is new or different since the previous stop.
fn changed_locals(old: &[VarSnap], new: &[VarSnap]) -> Vec<String> {
    new.iter()
        .filter(|v| !old.iter().any(|o| o.path == v.path && o.repr == v.repr))
        .map(|v| v.path.clone())
        .collect()
}

impl Timeline {
    pub fn new(limit: usize) -> Timeline {
        Timeline {
            history: History::new(limit),
            narrative: Vec::new(),
            narrative_dropped: 0,
        }
    }

    /// A snapshot from the session: a new stop, or the newest one seen again (after a
    /// command, a frame selection, an expansion); `written` is how much output there was.
    pub fn stopped(&mut self, snap: StopSnapshot, written: u64) {
        self.narrative.extend(snap.narrative.iter().cloned());
        if self.narrative.len() > NARRATIVE_LIMIT + NARRATIVE_LIMIT / 10 {
            let excess = self.narrative.len() - NARRATIVE_LIMIT;
            self.narrative.drain(..excess);
            self.narrative_dropped += excess;
        }
        let narrative_mark = self.narrative_dropped + self.narrative.len();
        let same_stop = self
            .history
            .newest_mut()
            .filter(|r| r.snapshot.id == snap.id)
            .is_some();
        let previous = if same_stop {
            self.history.iter().rev().nth(1)
        } else {
            self.history.iter().last()
        };
        let changed = match (previous.map(|r| &r.snapshot), snap.selected_frame()) {
            (Some(old), Some(frame))
                if old.selected_frame().is_some_and(|f| same_frame(f, frame))
                    && old.stack.len() == snap.stack.len() =>
            {
                changed_locals(&old.locals, &snap.locals)
            }
            _ => Vec::new(),
        };
        match self
            .history
            .newest_mut()
            .filter(|r| r.snapshot.id == snap.id)
        {
            // The same stop again: updated, and the view stays where the user put it
            // (a key pressed while the command ran may have moved it).
            Some(newest) => {
                newest.snapshot = snap;
                newest.changed = changed;
                newest.narrative_mark = narrative_mark;
            }
            None => self.history.push(Recorded {
                snapshot: snap,
                changed,
                output_mark: written,
                narrative_mark,
            }),
        }
    }

    /// The stop looked at (the newest in the present).
    pub fn current(&self) -> Option<&Recorded> {
        self.history.current()
    }

    pub fn in_past(&self) -> bool {
        self.history.in_past()
    }

    /// Moves through the stops; true when the view moved.
    pub fn back(&mut self, n: usize) -> bool {
        self.history.back(n)
    }

    pub fn forward(&mut self, n: usize) -> bool {
        self.history.forward(n)
    }

    pub fn first(&mut self) {
        self.history.first();
    }

    pub fn present(&mut self) {
        self.history.present();
    }

    /// `history 12/40` (with `(past…)` while looking at an earlier stop).
    pub fn label(&self) -> String {
        crate::travel::label(&self.history)
    }

    /// For the history commands (`travel`).
    pub fn history(&self) -> &History<Recorded> {
        &self.history
    }

    pub fn history_mut(&mut self) -> &mut History<Recorded> {
        &mut self.history
    }

    pub fn len(&self) -> usize {
        self.history.len()
    }

    pub fn is_empty(&self) -> bool {
        self.history.is_empty()
    }

    /// The narrative up to the stop looked at.
    pub fn narrative(&self) -> &[NarrativeLine] {
        let upto = match self.history.current() {
            Some(r) if self.history.in_past() => r.narrative_mark,
            _ => usize::MAX,
        };
        let end = upto
            .saturating_sub(self.narrative_dropped)
            .min(self.narrative.len());
        &self.narrative[..end]
    }
}
