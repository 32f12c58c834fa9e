//! pdb's source listings, for the live session and the replay alike: which lines `list`
//! shows for its argument, and `_print_lines`' format (`  5 B->\tsource`).

use crate::engine::parse_python_int;

/// The first and last line (1-based, inclusive) `list ARG` shows; `current` is the
/// frame's line and `previous` the last line the previous listing showed (pdb's
/// `self.lineno`), if the listing goes on. The error is pdb's message.
pub fn list_range(arg: &str, current: u32, previous: Option<u32>) -> Result<(i64, i64), String> {
    let mut last = None;
    let first = if !arg.is_empty() && arg != "." {
        let parsed = match arg.split_once(',') {
            Some((a, b)) => parse_python_int(a).zip(parse_python_int(b)).map(|(f, l)| {
                last = Some(if l < f { f + l } else { l });
                f
            }),
            None => parse_python_int(arg).map(|f| (f - 5).max(1)),
        };
        parsed.ok_or_else(|| format!("Error in argument: '{arg}'"))?
    } else {
        match previous {
            Some(n) if arg != "." => i64::from(n) + 1,
            _ => (i64::from(current) - 5).max(1),
        }
    };
    Ok((first, last.unwrap_or(first + 10)))
}

/// One line of a listing as pdb's `_print_lines` writes it: the number, `B` at a
/// breakpoint, `->` at the frame's line or `>>` where its exception was raised.
pub fn print_line(n: u32, text: &str, breakpoint: bool, current: bool, exception: bool) -> String {
    let mut s = format!("{n:>3}");
    if s.len() < 4 {
        s.push(' ');
    }
    s.push(if breakpoint { 'B' } else { ' ' });
    if current {
        s.push_str("->");
    } else if exception {
        s.push_str(">>");
    }
    s.push('\t');
    s.push_str(text.trim_end());
    s
}

/// What a line leaves open for the next: the depth of brackets and the triple-quoted
/// string it is inside, if any.
#[derive(Clone, Copy, Default)]
struct Open {
    depth: i32,
    string: Option<&'static str>,
}

/// `open` after `line` (a small part of Python's tokenizer: strings, comments, brackets).
fn scan(line: &str, mut open: Open) -> Open {
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if let Some(close) = open.string {
            match line[i..].find(close) {
                Some(at) => {
                    i += at + 3;
                    open.string = None;
                }
                None => return open,
            }
            continue;
        }
        match bytes[i] {
            b'#' => return open,
            q @ (b'"' | b'\'') => {
                let triple: &'static str = if q == b'"' { "\"\"\"" } else { "\'\'\'" };
                if line[i..].starts_with(triple) {
                    open.string = Some(triple);
                    i += 3;
                    continue;
                }
                // a one-line string: to its closing quote, past escapes
                i += 1;
                while i < bytes.len() && bytes[i] != q {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'(' | b'[' | b'{' => open.depth += 1,
            b')' | b']' | b'}' => open.depth -= 1,
            _ => {}
        }
        i += 1;
    }
    open
}

/// The lines of the block that starts at line `first` (1-based: a `def` or `class`, or
/// the decorators before one), as far as its indentation goes: what `ll` lists of a
/// function when only its source text is known.
pub fn block(lines: &[String], first: u32) -> &[String] {
    let start = (first.max(1) - 1) as usize;
    let Some(head) = lines.get(start) else {
        return &[];
    };
    let indent = |l: &str| l.len() - l.trim_start().len();
    let level = indent(head);
    let mut open = Open::default();
    let mut i = start;
    // the decorators and the header, each to the end of its brackets
    loop {
        let Some(line) = lines.get(i) else {
            return &lines[start..];
        };
        let decorator = line.trim_start().starts_with('@');
        open = scan(line, open);
        i += 1;
        while open.depth > 0 || open.string.is_some() {
            let Some(line) = lines.get(i) else {
                return &lines[start..];
            };
            open = scan(line, open);
            i += 1;
        }
        if !decorator {
            break;
        }
    }
    // the body: what is indented deeper, or inside its strings and brackets
    let mut end = i;
    while let Some(line) = lines.get(i) {
        let inside = open.depth > 0 || open.string.is_some();
        let t = line.trim();
        if !inside && !t.is_empty() && !t.starts_with('#') && indent(line) <= level {
            break;
        }
        open = scan(line, open);
        i += 1;
        let trailing = !inside && (t.is_empty() || (t.starts_with('#') && indent(line) <= level));
        if !trailing {
            end = i;
        }
    }
    &lines[start..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        text.lines().map(str::to_string).collect()
    }

    #[test]
    fn list_goes_on_from_the_previous_listing_and_takes_pdbs_arguments() {
        assert_eq!(list_range("", 12, None), Ok((7, 17)));
        assert_eq!(list_range("", 12, Some(17)), Ok((18, 28)));
        assert_eq!(list_range(".", 12, Some(17)), Ok((7, 17)));
        assert_eq!(list_range("3", 12, None), Ok((1, 11)));
        assert_eq!(list_range("20, 4", 12, None), Ok((20, 24)));
        assert_eq!(list_range("4, 9", 12, None), Ok((4, 9)));
        assert_eq!(
            list_range("x", 12, None),
            Err("Error in argument: 'x'".into())
        );
    }

    #[test]
    fn lines_are_written_as_pdb_writes_them() {
        assert_eq!(
            print_line(5, "x = 1  ", false, false, false),
            "  5  \tx = 1"
        );
        assert_eq!(print_line(5, "x = 1", true, true, false), "  5 B->\tx = 1");
        assert_eq!(print_line(1234, "y", false, false, true), "1234 >>\ty");
    }

    #[test]
    fn a_block_ends_where_its_indentation_does() {
        let src = lines(
            "import x\n\n@wrap\ndef f(a,\n      b):\n    if a:\n\n        return b\n    # note\n    return a\n\n\ndef g():\n    pass\n",
        );
        assert_eq!(block(&src, 3), &src[2..10]);
        assert_eq!(block(&src, 13), &src[12..14]);
        assert!(block(&src, 99).is_empty());
        // a header over several lines, a decorator with arguments over several lines,
        // a string whose lines start at column 0, a comment at column 0 after the body
        let src = lines(
            "@wrap(\n    x=1,\n)\ndef f(\n    a,\n) -> None:\n    s = \"\"\"\ntext at 0 ( [\n\"\"\"\n    return s  # )\n# after\n\nx = 1\n",
        );
        assert_eq!(block(&src, 1), &src[0..10]);
        let src = lines("def f(): return 1\ndef g():\n    pass\n");
        assert_eq!(block(&src, 1), &src[0..1]);
    }
}
