//! The tags of shared objects (`#N`, Python Tutor's arrows in a terminal): an object
//! that more than one shown name or container slot refers to gets a number, the same
//! wherever it is shown and from stop to stop while it is shown, numbered in order of
//! first appearance.

use std::collections::{HashMap, HashSet};

use crate::snapshot::{StopSnapshot, VarSnap};

#[derive(Default)]
pub struct Tags {
    next: u32,
    by_id: HashMap<u64, u32>,
}

/// Where a value is shown: a frame's slot (or, with `None`, the globals') by path.
type Slot = (Option<usize>, String);

impl Tags {
    /// Tags the rows of `snap` (the variables pane, the frames view, the stack's
    /// arguments).
    pub fn apply(&mut self, snap: &mut StopSnapshot) {
        let mut shown: Vec<(u64, Slot)> = Vec::new();
        let rows = |rows: &[VarSnap], frame: Option<usize>, shown: &mut Vec<(u64, Slot)>| {
            shown.extend(rows.iter().map(|r| (r.id, (frame, r.path.clone()))));
        };
        let in_globals = snap.globals;
        // a module's frame holds the module's globals: one namespace, one slot per name
        let frame_slot = |i: usize| (snap.stack[i].function != "<module>").then_some(i);
        if let Some(g) = &snap.module_globals {
            rows(g, None, &mut shown);
        }
        if in_globals {
            rows(&snap.locals, None, &mut shown);
        }
        for (i, frame) in snap.stack.iter().enumerate() {
            match &frame.vars {
                Some(v) => rows(v, frame_slot(i), &mut shown),
                None => shown.extend(
                    frame
                        .args
                        .iter()
                        .map(|a| (a.id, (frame_slot(i), a.name.clone()))),
                ),
            }
            if i == snap.selected && !in_globals {
                rows(&snap.locals, frame_slot(i), &mut shown);
            }
        }
        let mut slots: HashMap<u64, HashSet<Slot>> = HashMap::new();
        let mut order: Vec<u64> = Vec::new();
        for (id, slot) in shown.into_iter().filter(|(id, _)| *id != 0) {
            let set = slots.entry(id).or_default();
            if set.is_empty() {
                order.push(id);
            }
            set.insert(slot);
        }
        let shared: Vec<u64> = order
            .into_iter()
            .filter(|id| slots.get(id).is_some_and(|s| s.len() > 1))
            .collect();
        self.by_id.retain(|id, _| slots.contains_key(id));
        let mut tags = HashMap::new();
        for id in shared {
            let tag = *self.by_id.entry(id).or_insert_with(|| {
                self.next += 1;
                self.next
            });
            tags.insert(id, tag);
        }
        let tag_rows = |rows: &mut [VarSnap]| {
            for r in rows {
                r.tag = tags.get(&r.id).copied();
            }
        };
        tag_rows(&mut snap.locals);
        if let Some(rows) = snap.module_globals.as_mut() {
            tag_rows(rows);
        }
        for frame in &mut snap.stack {
            if let Some(rows) = frame.vars.as_mut() {
                tag_rows(rows);
            }
            for a in &mut frame.args {
                a.tag = tags.get(&a.id).copied();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::snapshot::{ArgSnap, FrameSnap, StopEvent};

    fn row(path: &str, id: u64) -> VarSnap {
        VarSnap {
            depth: 0,
            path: path.into(),
            name: path.into(),
            type_name: "list".into(),
            repr: "[]".into(),
            expandable: true,
            id,
            tag: None,
        }
    }

    fn snap(frames: Vec<FrameSnap>, locals: Vec<VarSnap>) -> StopSnapshot {
        StopSnapshot {
            locals,
            ..StopSnapshot::new(1, StopEvent::Line, frames)
        }
    }

    #[test]
    fn names_sharing_an_object_get_one_tag_and_keep_it() {
        let mut tags = Tags::default();
        // a = b = [] in the selected frame; c alone
        let mut s = snap(
            vec![FrameSnap::default()],
            vec![row("a", 7), row("b", 7), row("c", 9)],
        );
        tags.apply(&mut s);
        let got: Vec<Option<u32>> = s.locals.iter().map(|r| r.tag).collect();
        assert_eq!(got, [Some(1), Some(1), None]);
        // next stop: c now shared too, a's tag stays
        let mut s = snap(
            vec![FrameSnap::default()],
            vec![row("a", 7), row("b", 7), row("c", 9), row("d", 9)],
        );
        tags.apply(&mut s);
        let got: Vec<Option<u32>> = s.locals.iter().map(|r| r.tag).collect();
        assert_eq!(got, [Some(1), Some(1), Some(2), Some(2)]);
    }

    #[test]
    fn an_object_passed_down_is_tagged_in_both_frames_and_its_argument() {
        let mut tags = Tags::default();
        let caller = FrameSnap {
            vars: Some(vec![row("items", 5)]),
            ..Default::default()
        };
        let callee = FrameSnap {
            args: vec![ArgSnap {
                name: "xs".into(),
                repr: "[]".into(),
                id: 5,
                tag: None,
            }],
            vars: Some(vec![row("xs", 5)]),
            ..Default::default()
        };
        let mut s = snap(vec![caller, callee], vec![row("xs", 5)]);
        tags.apply(&mut s);
        assert_eq!(s.stack[0].vars.as_ref().unwrap()[0].tag, Some(1));
        assert_eq!(s.stack[1].vars.as_ref().unwrap()[0].tag, Some(1));
        assert_eq!(s.stack[1].args[0].tag, Some(1));
        assert_eq!(s.locals[0].tag, Some(1));
    }

    #[test]
    fn a_modules_frame_and_the_globals_box_are_one_namespace() {
        let mut tags = Tags::default();
        let module = FrameSnap {
            function: "<module>".into(),
            vars: Some(vec![row("f", 4), row("data", 6)]),
            ..Default::default()
        };
        let mut s = snap(vec![module], vec![row("f", 4), row("data", 6)]);
        s.module_globals = Some(vec![row("f", 4), row("data", 6)]);
        tags.apply(&mut s);
        assert!(s.locals.iter().all(|r| r.tag.is_none()), "{:?}", s.locals);
    }

    #[test]
    fn one_name_shown_twice_is_not_sharing() {
        let mut tags = Tags::default();
        // the selected frame's `x` is in the variables pane and its frames-view box
        let frame = FrameSnap {
            vars: Some(vec![row("x", 3)]),
            ..Default::default()
        };
        let mut s = snap(vec![frame], vec![row("x", 3)]);
        tags.apply(&mut s);
        assert_eq!(s.locals[0].tag, None);
    }
}
