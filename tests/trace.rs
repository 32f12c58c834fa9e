//! `rdb trace`: the narrative, and the Chrome and Zipkin files checked against their
//! formats (the Zipkin list by `zipkin_v2_problems`, the rules of Zipkin's v2 span
//! model written out here), with spans nested inside their parents' time.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde_json::{json, Map, Value};

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

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

/// The top-level fields of a Zipkin v2 span (the model of `POST /api/v2/spans`).
const SPAN_FIELDS: [&str; 13] = [
    "traceId",
    "name",
    "parentId",
    "id",
    "kind",
    "timestamp",
    "duration",
    "debug",
    "shared",
    "localEndpoint",
    "remoteEndpoint",
    "annotations",
    "tags",
];

fn is_lower_hex(s: &str, lengths: &[usize]) -> bool {
    lengths.contains(&s.len()) && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_positive_integer(v: &Value) -> bool {
    v.as_u64().is_some_and(|n| n >= 1)
}

/// What is wrong with an endpoint (`serviceName`, `ipv4`, `ipv6`, `port`).
fn endpoint_problems(field: &str, v: &Value, needs_service: bool) -> Vec<String> {
    let Some(e) = v.as_object() else {
        return vec![format!("{field} is not an object: {v}")];
    };
    let mut problems = Vec::new();
    match e.get("serviceName") {
        Some(Value::String(_)) => {}
        None if !needs_service => {}
        other => problems.push(format!("{field}.serviceName is not a string: {other:?}")),
    }
    for (key, value) in e {
        let fine = match key.as_str() {
            "serviceName" => true,
            "ipv4" | "ipv6" => value.is_string(),
            "port" => value.as_u64().is_some_and(|p| p <= 65535),
            _ => {
                problems.push(format!("{field} has an unknown field {key:?}"));
                true
            }
        };
        if !fine {
            problems.push(format!("{field}.{key} has the wrong type: {value}"));
        }
    }
    problems
}

/// What is wrong with a Zipkin v2 list of spans, one line per problem ("span 3: ...").
/// Every span has a `traceId` (16 or 32 lower-hex digits), an `id` (16), a `name`, a
/// positive integer `timestamp` and `duration` (microseconds) and a `localEndpoint`
/// with a `serviceName`; a `parentId` is 16 lower-hex digits, a `kind` one of Zipkin's
/// four, `tags` an object of strings, and no other top-level field than Zipkin's.
fn zipkin_v2_problems(spans: &Value) -> Vec<String> {
    let Some(spans) = spans.as_array() else {
        return vec![format!("the span list is not a JSON array: {spans}")];
    };
    let mut problems = Vec::new();
    for (n, span) in spans.iter().enumerate() {
        let mut problem = |what: String| problems.push(format!("span {n}: {what}"));
        let Some(span) = span.as_object() else {
            problem(format!("not an object: {span}"));
            continue;
        };
        let hex = |field: &str, lengths: &[usize]| {
            span.get(field)
                .map(|v| v.as_str().is_some_and(|s| is_lower_hex(s, lengths)))
        };
        if hex("traceId", &[16, 32]) != Some(true) {
            problem(format!(
                "traceId is not 16 or 32 lower-hex digits: {:?}",
                span.get("traceId")
            ));
        }
        if hex("id", &[16]) != Some(true) {
            problem(format!(
                "id is not 16 lower-hex digits: {:?}",
                span.get("id")
            ));
        }
        if hex("parentId", &[16]) == Some(false) {
            problem(format!(
                "parentId is not 16 lower-hex digits: {}",
                span["parentId"]
            ));
        }
        if !span.get("name").is_some_and(Value::is_string) {
            problem(format!("name is not a string: {:?}", span.get("name")));
        }
        for field in ["timestamp", "duration"] {
            if !span.get(field).is_some_and(is_positive_integer) {
                problem(format!(
                    "{field} is not a positive integer: {:?}",
                    span.get(field)
                ));
            }
        }
        if let Some(kind) = span.get("kind") {
            if !matches!(
                kind.as_str(),
                Some("CLIENT" | "SERVER" | "PRODUCER" | "CONSUMER")
            ) {
                problem(format!("kind is not one of Zipkin's: {kind}"));
            }
        }
        for field in ["debug", "shared"] {
            if span.get(field).is_some_and(|v| !v.is_boolean()) {
                problem(format!("{field} is not a boolean: {}", span[field]));
            }
        }
        match span.get("localEndpoint") {
            Some(e) => endpoint_problems("localEndpoint", e, true)
                .into_iter()
                .for_each(&mut problem),
            None => problem("no localEndpoint".into()),
        }
        if let Some(e) = span.get("remoteEndpoint") {
            endpoint_problems("remoteEndpoint", e, false)
                .into_iter()
                .for_each(&mut problem);
        }
        if let Some(a) = span.get("annotations") {
            let fine = a.as_array().is_some_and(|a| {
                a.iter().all(|a| {
                    a.as_object().is_some_and(|a| {
                        a.len() == 2
                            && a.get("timestamp").is_some_and(Value::is_u64)
                            && a.get("value").is_some_and(Value::is_string)
                    })
                })
            });
            if !fine {
                problem(format!(
                    "annotations are not a list of {{timestamp, value}}: {a}"
                ));
            }
        }
        if let Some(tags) = span.get("tags") {
            match tags.as_object() {
                Some(tags) => {
                    for (key, value) in tags {
                        if !value.is_string() {
                            problem(format!("tag {key:?} is not a string: {value}"));
                        }
                    }
                }
                None => problem(format!("tags is not an object: {tags}")),
            }
        }
        for key in span.keys() {
            if !SPAN_FIELDS.contains(&key.as_str()) {
                problem(format!("unknown field {key:?}"));
            }
        }
    }
    problems
}

/// Each rule of `zipkin_v2_problems` catches what breaks it.
#[test]
fn the_zipkin_checks_catch_broken_spans() {
    let good = json!({
        "traceId": "00000000000000010000000000000002",
        "id": "00000000000000ab",
        "parentId": "00000000000000aa",
        "name": "fib",
        "kind": "SERVER",
        "timestamp": 1_700_000_000_000_000u64,
        "duration": 12,
        "debug": false,
        "shared": true,
        "localEndpoint": {"serviceName": "prog.py"},
        "remoteEndpoint": {"ipv4": "127.0.0.1", "port": 9411},
        "annotations": [{"timestamp": 1, "value": "start"}],
        "tags": {"file": "prog.py", "line": "2"},
    });
    assert_eq!(
        zipkin_v2_problems(&json!([good.clone()])),
        Vec::<String>::new()
    );
    let short = json!({"traceId": "0123456789abcdef", "id": "0123456789abcdef", "name": "m",
        "timestamp": 5, "duration": 1, "localEndpoint": {"serviceName": "s"}});
    assert_eq!(zipkin_v2_problems(&json!([short])), Vec::<String>::new());
    let broken: [(&str, Value, &str); 20] = [
        ("traceId", json!("0123456789ABCDEF"), "traceId"),
        ("traceId", json!("0123456789abcde"), "traceId"),
        ("id", json!("00000000000000000000000000000001"), "id is not"),
        ("id", json!(17), "id is not"),
        ("parentId", json!("xyz"), "parentId"),
        ("name", json!(3), "name"),
        ("timestamp", json!(0), "timestamp"),
        ("timestamp", json!(1.5), "timestamp"),
        ("duration", json!(-4), "duration"),
        ("duration", json!("12"), "duration"),
        ("kind", json!("INTERNAL"), "kind"),
        ("debug", json!("yes"), "debug"),
        ("localEndpoint", json!({"serviceName": 7}), "serviceName"),
        ("localEndpoint", json!({}), "serviceName"),
        (
            "localEndpoint",
            json!({"serviceName": "s", "host": "h"}),
            "unknown field \"host\"",
        ),
        ("remoteEndpoint", json!({"port": "80"}), "port"),
        ("annotations", json!([{"value": "x"}]), "annotations"),
        ("tags", json!({"line": 2}), "tag \"line\""),
        ("tags", json!(["a"]), "tags is not"),
        ("callStack", json!([]), "unknown field \"callStack\""),
    ];
    for (field, value, says) in broken {
        let mut span = good.as_object().unwrap().clone();
        span.insert(field.into(), value.clone());
        let problems = zipkin_v2_problems(&json!([span]));
        assert!(
            problems.len() == 1
                && problems[0].starts_with("span 0: ")
                && problems[0].contains(says),
            "{field} = {value}: {problems:?}"
        );
    }
    for field in [
        "traceId",
        "id",
        "name",
        "timestamp",
        "duration",
        "localEndpoint",
    ] {
        let mut span: Map<String, Value> = good.as_object().unwrap().clone();
        span.remove(field);
        let problems = zipkin_v2_problems(&json!([good, span]));
        assert!(
            problems.len() == 1
                && problems[0].starts_with("span 1: ")
                && problems[0].contains(field),
            "without {field}: {problems:?}"
        );
    }
    assert_eq!(zipkin_v2_problems(&json!({"spans": []})).len(), 1);
    assert_eq!(
        zipkin_v2_problems(&json!([1])),
        vec!["span 0: not an object: 1"]
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
    let chrome = read_json(&dir.path().join("c.json"));
    let chrome = chrome["traceEvents"].as_array().expect("traceEvents");
    let spans = read_json(&dir.path().join("z.json"));
    let problems = zipkin_v2_problems(&spans);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let spans = spans.as_array().unwrap();
    let calls = std::fs::read_to_string(dir.path().join("n.txt"))
        .unwrap()
        .lines()
        .filter(|l| l.trim_start().starts_with("call "))
        .count();
    assert!(
        chrome.len() == spans.len() && spans.len() == calls && calls > 20,
        "{} events, {} spans, {calls} calls",
        chrome.len(),
        spans.len()
    );
    for e in chrome {
        assert!(
            e["ph"] == "X" && e["ts"].is_u64() && e["dur"].is_u64(),
            "{e}"
        );
        assert!(
            ["name", "pid", "tid", "args"]
                .iter()
                .all(|k| e.get(k).is_some()),
            "{e}"
        );
        assert!(e["args"]["location"].as_str().unwrap().contains(':'), "{e}");
    }
    let tids: HashSet<String> = chrome.iter().map(|e| e["tid"].to_string()).collect();
    assert_eq!(tids.len(), 2, "one track per thread");
    let names: HashSet<&str> = spans.iter().map(|s| s["name"].as_str().unwrap()).collect();
    for name in ["fib", "work", "risky", "<module>"] {
        assert!(names.contains(name), "{name} in {names:?}");
    }
    assert!(spans
        .iter()
        .all(|s| s["localEndpoint"]["serviceName"] == "prog.py"));
    let traces: HashSet<&str> = spans
        .iter()
        .map(|s| s["traceId"].as_str().unwrap())
        .collect();
    assert_eq!(traces.len(), 1, "{traces:?}");
    let by_id: HashMap<&str, &Value> = spans
        .iter()
        .map(|s| (s["id"].as_str().unwrap(), s))
        .collect();
    let time = |s: &Value| {
        (
            s["timestamp"].as_u64().unwrap(),
            s["duration"].as_u64().unwrap(),
        )
    };
    for s in spans {
        if let Some(parent) = s.get("parentId") {
            let p = by_id[parent.as_str().unwrap()];
            let ((start, dur), (p_start, p_dur)) = (time(s), time(p));
            assert!(p_start <= start, "{p}\n{s}");
            assert!(start + dur <= p_start + p_dur + 1, "{p}\n{s}");
            assert_eq!(s["tags"]["thread"], p["tags"]["thread"]);
        }
    }
    // Balanced per thread: intervals of one track never cross.
    for tid in &tids {
        let mut track: Vec<(u64, u64)> = chrome
            .iter()
            .filter(|e| &e["tid"].to_string() == tid)
            .map(|e| {
                let (ts, dur) = (e["ts"].as_u64().unwrap(), e["dur"].as_u64().unwrap());
                (ts, ts + dur)
            })
            .collect();
        // By start, the longer first.
        track.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
        let mut open: Vec<u64> = Vec::new();
        for (start, end) in track {
            while open.last().is_some_and(|&e| e <= start) {
                open.pop();
            }
            assert!(open.last().is_none_or(|&e| end <= e), "crossing spans");
            open.push(end);
        }
    }
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
    let spans: Value = serde_json::from_str(&body).unwrap();
    let problems = zipkin_v2_problems(&spans);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(spans.as_array().unwrap().len() > 20);
    // No spans file is left behind.
    let leftovers = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(Result::ok)
        .any(|e| e.file_name().to_string_lossy().starts_with("rdb-zipkin-"));
    assert!(!leftovers);
}

/// The peak resident memory of `rdb trace ARGS` in `dir`, in KiB, as the traced script
/// itself reads it at its end from `/proc/self/status` (`VmHWM`, written to `hwm.txt`),
/// and rdb's exit status. Not `wait4`'s `ru_maxrss`: that is the largest of every memory
/// image the child had, and its first one, before `exec`, was this test process's own
/// (a fork, or vfork's shared image), whose size depends on what the tests running
/// beside this one hold. `VmHWM` is the peak of rdb's image alone, since `exec`.
fn peak_rss_kib(dir: &Path, args: &[&str]) -> (u64, i32) {
    let _ = std::fs::remove_file(dir.join("hwm.txt"));
    let mut cmd = common::rdb_command(dir, &["trace"]);
    cmd.args(args);
    let run = common::finish(cmd, "");
    let hwm = std::fs::read_to_string(dir.join("hwm.txt"))
        .unwrap_or_else(|e| panic!("no hwm.txt ({e}): {}", run.stderr));
    // "VmHWM:\t   17104 kB"
    let kib = hwm
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{hwm:?}"));
    (kib, run.status)
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
         for i in range(int(sys.argv[1])):\n    total += leaf(i, 'x' * 30)\n\
         for line in open('/proc/self/status'):\n    if line.startswith('VmHWM:'):\n\
         \x20       with open('hwm.txt', 'w') as out:\n            out.write(line)\n",
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
