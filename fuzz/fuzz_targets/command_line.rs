//! Every line a user can type at the prompt goes through these parsers before any
//! Python runs: `;;` chaining, the command word, `!`/`?`, `run`/`restart` arguments
//! (`shlex`), and Python integer literals (breakpoint numbers, counts). None may panic,
//! and chaining must make progress.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rdb::command::{parse, shell_words, split_chain, Line};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut rest = Some(text);
    while let Some(line) = rest {
        let (head, tail) = split_chain(line);
        assert!(tail.is_none_or(|t| t.len() < line.len()), "chaining made no progress");
        if let Line::Command(_, arg) = parse(head) {
            let _ = shell_words(&arg);
            let _ = rdb::engine::parse_python_int(&arg);
        }
        rest = tail;
    }
});
