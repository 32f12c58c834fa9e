//! rdb: a terminal debugger for Python with pdb's exact stepping semantics.

pub mod engine;
