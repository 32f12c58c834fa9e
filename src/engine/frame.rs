//! What the engine needs to know about a frame, and the few things it may change on one.

/// Identity of a live frame (its address). Only compared while the frame is kept alive.
pub type FrameId = usize;

/// A frame as bdb sees it. Implementations are cheap handles that keep the frame alive.
pub trait FrameView: Clone {
    fn id(&self) -> FrameId;
    /// Identity of the frame's code object.
    fn code_id(&self) -> usize;
    fn back(&self) -> Option<Self>;
    /// `co_filename` in bdb's canonical form (absolute, or `<...>` untouched).
    fn filename(&self) -> &str;
    fn lineno(&self) -> u32;
    fn firstlineno(&self) -> u32;
    /// `co_name`.
    fn function(&self) -> &str;
    /// The code is a generator, coroutine or async generator.
    fn is_generator(&self) -> bool;
    /// `f_globals['__name__']`, for `skip` globs.
    fn module_name(&self) -> Option<String>;
    /// Whether the frame has a local trace function (`f_trace`), i.e. gets line/return events.
    fn traced(&self) -> bool;
    fn set_traced(&self, on: bool);
    /// Evaluate a breakpoint condition in the frame.
    fn eval_condition(&self, expr: &str) -> Result<bool, ConditionFailed>;
}

/// A breakpoint condition raised when evaluated (bdb then stops, to be safe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionFailed;
