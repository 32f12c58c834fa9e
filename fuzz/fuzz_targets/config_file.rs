//! Any configuration file: reading it never panics, and the configuration it gives,
//! written back by `--print-config`'s `render`, reads back without errors to the same
//! configuration.

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use rdb::config::{parse, render};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("/fuzz/config.toml");
    let (config, _) = parse(text, path);
    let written = render(&config, &["rdb-ansi"]);
    let (again, errors) = parse(&written, path);
    assert!(errors.is_empty(), "{errors:?}\n{written}");
    assert_eq!(again, config, "{written}");
});
