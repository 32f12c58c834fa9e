//! The stepping engine: bdb's decisions (whether to stop, whether to trace a frame) over an
//! abstract frame, with no Python in it. `py/` feeds it real frames; tests feed it fakes.

mod bdb;
pub(crate) mod breakpoints;
mod frame;
mod locations;

pub use bdb::{glob_match, Bdb, Dispatch, Event, ExcFacts, Hooks, StopFrame};
pub use breakpoints::{parse_python_int, Breakpoint, Breakpoints};
pub use frame::{ConditionFailed, FrameId, FrameView};
pub use locations::{CodeView, DeadCall};

#[cfg(test)]
mod tests;
