//! `rdb trace`: the narrative, and the Chrome and Zipkin files checked against their
//! formats (the Zipkin list against `../shared/zipkin-v2-spans.schema.json`), with
//! spans nested inside their parents' time.

mod common;

use std::path::Path;
use std::process::Command;

const PROG: &str = "import threading\n\
def fib(n):\n    if n < 2:\n        return n\n    return fib(n - 1) + fib(n - 2)\n\
def risky(x):\n    try:\n        raise ValueError(x)\n    except ValueError:\n        return -1\n\
def work():\n    return [fib(i) for i in range(4)]\n\
t = threading.Thread(target=work)\nt.start()\nt.join()\nprint('result', work(), risky(3))\n";

fn trace(dir: &Path, args: &[&str]) -> common::Run {
    let mut cmd = common::rdb_command(dir, &["trace"]);
    cmd.args(args);
    common::finish(cmd, "")
}

/// Runs a Python check (system `python3`, which has `jsonschema`) on the given files.
fn python_check(dir: &Path, script: &str) {
    let out = Command::new("python3")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_narrative_tells_calls_returns_and_exceptions_indented_by_depth() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "prog.py", PROG);
    let run = trace(dir.path(), &["prog.py"]);
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("result [0, 1, 1, 2] -1"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let at = lines
        .iter()
        .position(|l| l.trim() == "call fib(n=2)")
        .unwrap_or_else(|| panic!("{out}"));
    let depth = indent(lines[at]);
    assert_eq!(lines[at + 1].trim(), "call fib(n=1)", "{out}");
    assert_eq!(indent(lines[at + 1]), depth + 2, "{out}");
    assert_eq!(lines[at + 2].trim(), "return 1", "{out}");
    assert!(
        out.contains("  call risky(x=3)\n  exception ValueError(3)\n  return -1\n"),
        "{out}"
    );
    assert!(
        !out.contains("threading.py"),
        "the standard library is not traced:\n{out}"
    );
    // Only calls, and not deeper than two.
    let run = trace(
        dir.path(),
        &["--events", "call", "--max-depth", "2", "prog.py"],
    );
    assert!(!run.stdout.contains("return"), "{}", run.stdout);
    assert!(!run.stdout.contains("    call"), "{}", run.stdout);
    assert!(run.stdout.contains("  call work()"), "{}", run.stdout);
    // Excluding the script leaves nothing to tell; -o writes the narrative to a file.
    let run = trace(
        dir.path(),
        &["--exclude", "prog.py", "-o", "n.txt", "prog.py"],
    );
    assert_eq!(run.stdout.trim(), "result [0, 1, 1, 2] -1");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("n.txt")).unwrap(),
        ""
    );
    let run = trace(dir.path(), &["--events", "nope", "prog.py"]);
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("unknown event \"nope\""),
        "{}",
        run.stderr
    );
    let run = trace(dir.path(), &["prog.py", "--chrome"]);
    assert_eq!(run.status, 0, "after the script, options are the program's");
    let run = trace(dir.path(), &["--chrome"]);
    assert_eq!(run.status, 2);
    assert_eq!(
        run.stderr.trim(),
        "rdb trace: option --chrome requires an argument"
    );
}

#[test]
fn chrome_and_zipkin_files_are_valid_and_nested() {
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "prog.py", PROG);
    let run = trace(
        dir.path(),
        &[
            "-o", "n.txt", "--chrome", "c.json", "--zipkin", "z.json", "prog.py",
        ],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = std::env::var_os("RDB_SHARED")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("../shared"));
    let schema = shared.join("zipkin-v2-spans.schema.json");
    python_check(
        dir.path(),
        &format!(
            r#"
import json, jsonschema
chrome = json.load(open("c.json"))["traceEvents"]
spans = json.load(open("z.json"))
jsonschema.validate(spans, json.load(open({schema:?})))
calls = sum(l.strip().startswith("call ") for l in open("n.txt"))
assert len(chrome) == len(spans) == calls > 20, (len(chrome), len(spans), calls)
for e in chrome:
    assert e["ph"] == "X" and isinstance(e["ts"], int) and isinstance(e["dur"], int)
    assert {{"name", "pid", "tid", "args"}} <= set(e) and ":" in e["args"]["location"]
assert len({{e["tid"] for e in chrome}}) == 2, "one track per thread"
assert {{s["name"] for s in spans}} >= {{"fib", "work", "risky", "<module>"}}
assert all(s["localEndpoint"]["serviceName"] == "prog.py" for s in spans)
assert len({{s["traceId"] for s in spans}}) == 1
by_id = {{s["id"]: s for s in spans}}
for s in spans:
    if "parentId" in s:
        p = by_id[s["parentId"]]
        assert p["timestamp"] <= s["timestamp"], (p, s)
        assert s["timestamp"] + s["duration"] <= p["timestamp"] + p["duration"] + 1, (p, s)
        assert s["tags"]["thread"] == p["tags"]["thread"]
# Balanced per thread: intervals of one track never cross.
for tid in {{e["tid"] for e in chrome}}:
    ev = sorted((e["ts"], -e["dur"], e["ts"] + e["dur"]) for e in chrome if e["tid"] == tid)
    stack = []
    for start, _, end in ev:
        while stack and stack[-1] <= start:
            stack.pop()
        assert not stack or end <= stack[-1], "crossing spans"
        stack.append(end)
"#
        ),
    );
}

#[test]
fn zipkin_url_posts_the_spans_and_reports_the_status() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    common::write(dir.path(), "prog.py", PROG);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let collector = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = Vec::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(n) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = n.trim().parse().unwrap();
            }
            if line == "\r\n" {
                break;
            }
            head.push(line);
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        reader
            .get_mut()
            .write_all(b"HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        (head, String::from_utf8(body).unwrap())
    });
    let url = format!("http://127.0.0.1:{port}");
    let run = trace(
        dir.path(),
        &["-o", "n.txt", "--zipkin-url", &url, "prog.py"],
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("POST {url}: HTTP 202 Accepted")),
        "{}",
        run.stderr
    );
    let (head, body) = collector.join().unwrap();
    assert_eq!(head[0], "POST /api/v2/spans HTTP/1.1\r\n");
    std::fs::write(dir.path().join("posted.json"), &body).unwrap();
    python_check(
        dir.path(),
        r#"
import json
spans = json.load(open("posted.json"))
assert len(spans) > 20 and all("traceId" in s and "id" in s for s in spans)
"#,
    );
    // No spans file is left behind.
    let leftovers = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with("rdb-zipkin-"));
    assert!(!leftovers);
}

/// Peak resident memory of `rdb trace ARGS` in `dir`, in KiB, and its exit status.
fn peak_rss_kib(dir: &Path, args: &[&str]) -> (u64, i32) {
    let child = common::rdb_command(dir, &["trace"])
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet waited for; both out-pointers are valid.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid);
    std::mem::forget(child);
    (usage.ru_maxrss as u64, libc::WEXITSTATUS(status))
}

/// Spans stream to disk: ten times the calls, not ten times the memory.
#[test]
fn long_runs_take_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "calls.py",
        "import sys\n\
         def leaf(i, s):\n    return i + len(s)\n\
         total = 0\n\
         for i in range(int(sys.argv[1])):\n    total += leaf(i, 'x' * 30)\n",
    );
    let run = |calls: &str| {
        let args = [
            "-o", "n.txt", "--chrome", "c.json", "--zipkin", "z.json", "calls.py", calls,
        ];
        let (kib, status) = peak_rss_kib(dir.path(), &args);
        assert_eq!(status, 0);
        let spans = std::fs::read_to_string(dir.path().join("c.json"))
            .unwrap()
            .matches("\"ph\":\"X\"")
            .count();
        (kib, spans)
    };
    let (small_kib, small_spans) = run("20000");
    let (large_kib, large_spans) = run("200000");
    assert_eq!(small_spans, 20_001, "each call and the module are spans");
    assert_eq!(large_spans, 200_001);
    // Holding the 180,000 extra spans (with their narrative) would take well over 40 MB.
    assert!(
        large_kib < small_kib + 8 * 1024,
        "peak RSS grew from {small_kib} KiB to {large_kib} KiB"
    );
    assert!(small_kib > 4 * 1024, "{small_kib} KiB is not rdb's memory");
}

/// rdb makes most reprs itself (without reprlib's Python code); they must be exactly
/// what the helpers' `bounded_repr` (reprlib with rdb's bounds) gives.
#[test]
fn narrative_reprs_are_reprlibs() {
    let dir = tempfile::tempdir().unwrap();
    common::write(
        dir.path(),
        "reprs.py",
        "import collections, sys\n\
         class Plain: pass\n\
         class Loud:\n    def __repr__(self): return 'L' * 300\n\
         class DictLike(dict): pass\n\
         class list(list): pass\n\
         VALUES = [1, 10**80, -5, 1.5, True, None, 's' * 10, 's' * 300, 'é' * 200, b'x' * 300,\n\
         \x20         [1] * 20, (1, 2), {1: 2}, {1, 2}, frozenset(), collections.deque([1]),\n\
         \x20         Plain(), Loud(), DictLike(a=1), list([1] * 20), 3 + 4j, range(5), print,\n\
         \x20         Plain, 'x\\ny', 2**200]\n\
         def f(v):\n    return v\n\
         for v in VALUES:\n    f(v)\n\
         h = sys.modules['_rdb_helpers']\n\
         for v in VALUES:\n    print('call f(v=%s)' % h.bounded_repr(v))\n",
    );
    for config in [
        "",
        "[repr]\nmaxother = 9\nmaxstring = 7\nmaxlong = 5\nmaxlist = 2\n",
    ] {
        common::write(dir.path(), "c.toml", config);
        let run = trace(
            dir.path(),
            &["--config", "c.toml", "-o", "n.txt", "reprs.py"],
        );
        assert_eq!(run.status, 0, "{}", run.stderr);
        let narrative = std::fs::read_to_string(dir.path().join("n.txt")).unwrap();
        let told: Vec<&str> = narrative
            .lines()
            .filter_map(|l| l.strip_prefix("  "))
            .filter(|l| l.starts_with("call f("))
            .collect();
        let expected: Vec<&str> = run.stdout.lines().collect();
        assert_eq!(told.len(), 26, "{narrative}");
        assert_eq!(told, expected, "with {config:?}");
    }
}
