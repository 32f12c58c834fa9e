//! `rdb record` and `rdb replay --batch`, as a user runs them: the real binary records a
//! script, the replay walks it; forwards it prints what the live debugger prints.

mod common;
use common::{finish, rdb, rdb_command, write};

fn record(dir: &std::path::Path, script: &str) -> common::Run {
    let run = finish(rdb_command(dir, &["record", script]), "");
    assert_eq!(run.status, 0, "{}{}", run.stdout, run.stderr);
    run
}

fn replay(dir: &std::path::Path, file: &str, commands: &str) -> common::Run {
    finish(rdb_command(dir, &["replay", "--batch", file]), commands)
}

/// The stop lines of a transcript: `> file(line)func()`, `--Call--`, `--Return--`.
fn stops(transcript: &str) -> Vec<String> {
    transcript
        .lines()
        .map(|l| {
            l.trim_start_matches("(rdb) ")
                .trim_start_matches("(replay) ")
        })
        .filter(|l| l.starts_with("> ") || l.starts_with("--Call--") || l.starts_with("--Return--"))
        .map(str::to_string)
        .collect()
}

/// A folder with FAMILY as fam.py, recorded as fam.rdbrec.
fn recorded_family() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fam.py", FAMILY);
    record(dir.path(), "fam.py");
    dir
}

const FAMILY: &str = "def grandchild(items, k):\n    items.append(k)\n    total = sum(items)\n    return total\n\n\
def child(items, n):\n    label = 'child %d' % n\n    return grandchild(items, n * 10)\n\n\
def parent():\n    shared = []\n    for i in range(2):\n        child(shared, i)\n    return shared\n\nprint(parent())\n";

#[test]
fn record_writes_the_default_file_and_says_how_much() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "fam.py", FAMILY);
    let run = record(dir.path(), "fam.py");
    assert!(
        run.stdout.contains("[0, 10]"),
        "the program ran: {}",
        run.stdout
    );
    let summary = run.stderr.trim();
    assert!(
        summary.starts_with("rdb record: ") && summary.contains(" steps in fam.rdbrec ("),
        "{summary}"
    );
    assert!(dir.path().join("fam.rdbrec").exists());
}

#[test]
fn stepping_a_replay_forwards_prints_what_the_live_debugger_prints() {
    let dir = recorded_family();
    let total: usize = replay(dir.path(), "fam.rdbrec", "steps\n")
        .stdout
        .split("step 2 of ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    // from the first stop (step 2) to the module's return (the last step)
    let steps = "s\n".repeat(total - 2);
    let live = rdb(dir.path(), &["fam.py"], &steps);
    let replayed = replay(dir.path(), "fam.rdbrec", &steps);
    assert_eq!(replayed.status, 0, "{}", replayed.stderr);
    let (live, replayed) = (stops(&live.stdout), stops(&replayed.stdout));
    assert!(live.len() > 40, "{live:#?}");
    assert_eq!(replayed, live);
}

#[test]
fn reverse_step_goto_steps_and_the_recorded_state() {
    let dir = recorded_family();
    // step 25: grandchild's first line the second time round
    let run = replay(
        dir.path(),
        "fam.rdbrec",
        "steps\ngoto 25\nsteps\np items\na\nu\nu\np shared\np i\np items[0]\nu\nu\nd\n\
         rs\nsteps\ngoto 0\nc\nsteps\nretval\ns\nq\n",
    );
    let out = run.stdout;
    let said: Vec<&str> = out
        .lines()
        .map(|l| l.trim_start_matches("(replay) "))
        .collect();
    let has = |w: &str| said.contains(&w);
    let here = dir.path().display().to_string();
    assert!(
        has("step 2 of 33"),
        "the first stop is the script's first line: {out}"
    );
    assert!(has("step 25 of 33"), "{out}");
    assert!(has(&format!("> {here}/fam.py(2)grandchild()")), "{out}");
    assert!(has("[0]"), "p items: {out}");
    assert!(has("items = [0]") && has("k = 10"), "args: {out}");
    assert!(has(&format!("> {here}/fam.py(13)parent()")), "u u: {out}");
    assert!(has("1"), "p i in parent: {out}");
    assert!(has("*** Oldest frame"), "{out}");
    assert!(
        out.contains("*** a recording cannot evaluate \"items[0]\""),
        "{out}"
    );
    assert!(has("step 24 of 33"), "rs went one step back: {out}");
    assert!(
        out.contains("*** goto takes a step number from 1 to 33"),
        "{out}"
    );
    assert!(
        out.contains("The recording ends here (the program exited with status 0)"),
        "{out}"
    );
    assert!(
        has("step 33 of 33") && has("None"),
        "retval at the module's return: {out}"
    );
    assert!(has("*** The recording ends here"), "{out}");
}

#[test]
fn an_exception_unwinding_two_frames_and_a_thread_are_recorded() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "exc.py",
        "import threading\n\ndef inner():\n    raise ValueError('bad')\n\ndef outer():\n    inner()\n\n\
         def worker():\n    x = 'in thread'\n    return x\n\n\
         t = threading.Thread(target=worker)\nt.start()\nt.join()\ntry:\n    outer()\nexcept ValueError:\n    caught = True\n",
    );
    record(dir.path(), "exc.py");
    let run = replay(dir.path(), "exc.rdbrec", &"s\n".repeat(60));
    let out = run.stdout;
    let at = |w: &str| {
        out.find(w)
            .unwrap_or_else(|| panic!("missing {w:?}:\n{out}"))
    };
    // the thread's steps, in order, with its own stack
    assert!(
        at("worker()\n-> x = 'in thread'") < at("worker()->'in thread'"),
        "{out}"
    );
    // the exception in inner, then inner and outer unwound, then caught
    let raised = at("ValueError: bad");
    assert!(raised < at("inner()->None"), "{out}");
    assert!(at("inner()->None") < at("outer()->None"), "{out}");
    assert!(at("outer()->None") < at("-> caught = True"), "{out}");
}

#[test]
fn a_foreign_a_newer_or_a_cut_short_file_is_refused_in_one_line() {
    let dir = recorded_family();
    let whole = std::fs::read(dir.path().join("fam.rdbrec")).unwrap();
    std::fs::write(dir.path().join("cut.rdbrec"), &whole[..whole.len() / 2]).unwrap();
    let mut newer = whole.clone();
    newer[6] = 9;
    std::fs::write(dir.path().join("newer.rdbrec"), newer).unwrap();
    for (file, says) in [
        ("fam.py", "not an rdb recording"),
        (
            "newer.rdbrec",
            "recorded in format 9; this rdb reads format 1",
        ),
        ("cut.rdbrec", "cut short after"),
        ("missing.rdbrec", "No such file"),
    ] {
        let run = replay(dir.path(), file, "q\n");
        assert_eq!(run.status, 2, "{file}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{file}: {}", run.stderr);
        assert!(
            run.stderr.starts_with(&format!("rdb replay: {file}: ")) && run.stderr.contains(says),
            "{file}: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{}", run.stdout);
    }
    let run = finish(rdb_command(dir.path(), &["replay", "fam.rdbrec"]), "");
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("use rdb replay --batch fam.rdbrec"),
        "{}",
        run.stderr
    );
}

/// The commands a replay runs as the live debugger does (no evaluation, no jumps).
fn replayable(commands: &str) -> bool {
    const MOVES: &[&str] = &[
        "s", "step", "n", "next", "r", "return", "c", "cont", "continue", "unt", "until", "b",
        "break", "tbreak", "cl", "clear", "disable", "enable", "w", "where", "bt", "u", "up", "d",
        "down", "q", "quit", "a", "args", "l", "list", "ll", "longlist", "retval", "rv", "h",
        "help", "p", "pp",
    ];
    commands.lines().all(|line| {
        let line = line.trim();
        let word = line.split_whitespace().next().unwrap_or("");
        if line.is_empty() {
            return true;
        }
        if !MOVES.contains(&word) || line.contains(',') || line.contains(";;") {
            return false;
        }
        match word {
            // printing runs no code of the program's (no call, no assignment)
            "p" | "pp" => !line.contains('(') && !line.contains('='),
            // a line number, in this file or another: not a function's name
            "b" | "break" | "tbreak" => line.split_whitespace().nth(1).is_none_or(|a| {
                a.rsplit(':')
                    .next()
                    .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
            }),
            _ => true,
        }
    })
}

/// Stops up to the end of the first run, with the folder's path taken out.
fn first_run_stops(transcript: &str, dir: &std::path::Path) -> Vec<String> {
    let end = [
        "The program finished",
        "The recording ends here",
        "Uncaught exception",
    ]
    .iter()
    .filter_map(|m| transcript.find(m))
    .min()
    .unwrap_or(transcript.len());
    stops(&transcript[..end])
        .into_iter()
        .map(|l| without_addresses(&l.replace(&dir.display().to_string(), "CASE")))
        .collect()
}

/// Addresses (`0x7f…`, or their tail after a repr cut with `...`) as `xADDR`: they
/// differ from run to run.
fn without_addresses(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let hex = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_hexdigit())
            .count();
        if chars[i] == 'x' && hex >= 8 {
            out.push_str("xADDR");
            i += 1 + hex;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

#[test]
fn replaying_forwards_stops_where_the_live_run_stops_over_the_corpus() {
    let cases = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/pdb-cases");
    let mut compared = 0;
    let mut names: Vec<_> = std::fs::read_dir(&cases).unwrap().flatten().collect();
    names.sort_by_key(|e| e.file_name());
    for entry in names {
        let case = entry.path();
        let Ok(commands) = std::fs::read_to_string(case.join("commands")) else {
            continue;
        };
        let main = std::fs::read_to_string(case.join("main.py")).unwrap_or_default();
        // deterministic, single-threaded, no input
        if !replayable(&commands)
            || [
                "thread",
                "input(",
                "random",
                "time",
                "os.fork",
                "signal",
                "asyncio",
                "pdb",
                "breakpoint(",
                "settrace",
                "monitoring",
            ]
            .iter()
            .any(|w| main.contains(w))
        {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        for file in std::fs::read_dir(&case).unwrap().flatten() {
            if file.path().is_file() {
                std::fs::copy(file.path(), dir.path().join(file.file_name())).unwrap();
            }
        }
        let recorded = finish(rdb_command(dir.path(), &["record", "main.py"]), "");
        if !recorded.stderr.contains(" steps in main.rdbrec") {
            continue;
        }
        let live = rdb(dir.path(), &["main.py"], &commands);
        let live_stops = first_run_stops(&live.stdout, dir.path());
        // stops outside the recorded files (the standard library) are not recorded
        if live_stops
            .iter()
            .any(|s| s.starts_with("> ") && !s.starts_with("> CASE/"))
        {
            continue;
        }
        let replayed = replay(dir.path(), "main.rdbrec", &commands);
        assert_eq!(
            first_run_stops(&replayed.stdout, dir.path()),
            live_stops,
            "case {}:\n{}",
            case.display(),
            replayed.stdout
        );
        compared += 1;
    }
    eprintln!("{compared} cases compared");
    assert!(compared >= 30, "only {compared} cases compared");
}

#[test]
fn breakpoints_and_the_reverse_moves_over_a_recording() {
    let dir = recorded_family();
    // steps: 12 child's line 8, 13 grandchild's call, 15 and 26 grandchild's line 3
    let run = replay(
        dir.path(),
        "fam.rdbrec",
        "b 3\nc\nsteps\nc\nsteps\nrc\nsteps\nrr\nsteps\nrn\nsteps\nn\nsteps\nn\nsteps\nrn\nsteps\n\
         b 2, k > 1\nb nosuch.py:3\ncl 1\nc\n",
    );
    let out = run.stdout;
    let positions: Vec<&str> = out
        .lines()
        .filter_map(|l| l.trim_start_matches("(replay) ").strip_prefix("step "))
        .collect();
    assert_eq!(
        positions,
        [
            "15 of 33", "26 of 33", "15 of 33", "13 of 33", "12 of 33", "15 of 33", "16 of 33",
            "15 of 33"
        ],
        "{out}"
    );
    assert!(
        out.contains("*** a recording cannot evaluate conditions"),
        "{out}"
    );
    assert!(
        out.contains("*** 'nosuch.py' is not in the recording"),
        "{out}"
    );
    assert!(out.contains("Deleted breakpoint 1 at"), "{out}");
    assert!(
        out.contains("The recording ends here (the program exited with status 0)"),
        "{out}"
    );
}

/// `script` (of `source`) recorded in `dir`, and its replay open in the interface in
/// tmux at its first stop, with a breakpoint at line `line` set from the command line.
fn replay_in_tmux(
    dir: &std::path::Path,
    script: &str,
    source: &str,
    line: u32,
) -> common::tmux::Tmux {
    write(dir, script, source);
    record(dir, script);
    let rdb = env!("CARGO_BIN_EXE_rdb");
    let stem = script.trim_end_matches(".py");
    let tmux = common::tmux::Tmux::start(
        dir,
        &format!("XDG_CONFIG_HOME=./.config {rdb} replay {stem}.rdbrec; echo EXIT=$?; sleep 30"),
    );
    tmux.resize(150, 45);
    tmux.wait_for(&format!("{script}:1 <module>()"));
    tmux.keys(":");
    tmux.keys(&format!("b {line}"));
    tmux.keys("Enter");
    tmux.wait_for("Breakpoint 1 at");
    tmux
}

#[test]
fn the_interface_replays_a_recording_with_the_arrow_keys_and_the_frames_view() {
    let dir = tempfile::tempdir().unwrap();
    // a breakpoint from the command line, c to it, and the frames view there
    let tmux = replay_in_tmux(dir.path(), "fam.py", FAMILY, 3);
    tmux.keys("c");
    tmux.wait_for("fam.py:3 grandchild()");
    tmux.keys("F");
    tmux.wait_for_all(&[
        "grandchild(items=#1 [0], k=0)  line 3",
        "child(items=#1 [0], n=0)  line 8",
        "shared   #1 [0]",
    ]);
    // ← is the step before (grandchild's line 2), → the step after again; the status
    // line says which step of how many
    let step_of = |screen: &str| -> (usize, usize) {
        let at = screen
            .split(" step ")
            .nth(1)
            .expect("a step in the status line");
        let mut words = at.split_whitespace();
        let step = words.next().unwrap().parse().unwrap();
        assert_eq!(words.next(), Some("of"));
        (step, words.next().unwrap().parse().unwrap())
    };
    let (step, steps) = step_of(&tmux.screen());
    assert!(step > 1 && step < steps, "{step} of {steps}");
    tmux.keys("Left");
    let screen = tmux.wait_for("fam.py:2 grandchild()");
    assert_eq!(step_of(&screen), (step - 1, steps), "{screen}");
    tmux.keys("Right");
    tmux.wait_for("fam.py:3 grandchild()");
    // c to the second hit, C back to the first
    tmux.keys("c");
    tmux.wait_for("grandchild(items=#1 [0, 10], k=10)  line 3");
    tmux.keys("C");
    tmux.wait_for("grandchild(items=#1 [0], k=0)  line 3");
    // `clear` asks first, as pdb does
    tmux.keys(":");
    tmux.keys("clear");
    tmux.keys("Enter");
    tmux.wait_for("Clear all breaks? (y/n)");
    tmux.keys("y");
    tmux.wait_for("Deleted breakpoint 1 at");
    tmux.keys("q");
    tmux.wait_for("EXIT=0");
}

const ROUNDS: &str = "def show(n):\n    print('round', n)\n    return n * 2\n\n\
total = 0\nfor i in range(2):\n    total += show(i)\nprint('total', total)\n";

#[test]
fn replaying_forwards_writes_the_program_output_where_the_live_run_does() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "rounds.py", ROUNDS);
    record(dir.path(), "rounds.py");
    // the recording keeps the program's output at its steps: the source goes, the
    // replay stays the same
    let steps = "s\n".repeat(21);
    let live = rdb(dir.path(), &["rounds.py"], &steps);
    std::fs::remove_file(dir.path().join("rounds.py")).unwrap();
    let replayed = replay(dir.path(), "rounds.rdbrec", &steps);
    assert!(live.stdout.contains("round 1\n"), "{}", live.stdout);
    let replayed = replayed.stdout.replace("(replay) ", "(rdb) ");
    // up to the module's return, the last step: from there live pdb restarts
    let end = replayed.find("(rdb) *** The recording ends here").unwrap();
    assert_eq!(replayed[..end], live.stdout[..end]);
    assert!(
        replayed.contains("-> print('round', n)"),
        "the recorded source: {replayed}"
    );
}

#[test]
fn the_interface_shows_the_output_as_it_was_at_each_step() {
    let dir = tempfile::tempdir().unwrap();
    let tmux = replay_in_tmux(dir.path(), "rounds.py", ROUNDS, 3);
    // at the first return from show: the first round printed, the second not yet
    tmux.keys("c");
    let screen = tmux.wait_for_all(&["rounds.py:3 show()", "round 0"]);
    assert!(!screen.contains("round 1"), "{screen}");
    // back to the print: not written yet
    tmux.keys("Left");
    let screen = tmux.wait_for("rounds.py:2 show()");
    assert!(!screen.contains("round 0"), "{screen}");
    // End: everything the program wrote
    tmux.keys("End");
    tmux.wait_for_all(&["round 0", "round 1", "total 2"]);
    tmux.keys("q");
    tmux.wait_for("EXIT=0");
}

/// Each `worker(name=…)` stop of a replay stepped to the end, by the worker's name: the
/// stop's event and line, in the order shown.
fn worker_steps(out: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut by_name = std::collections::BTreeMap::<String, Vec<String>>::new();
    // after the first position: what each `s` printed, then what its `a` printed
    let chunks: Vec<&str> = out.split("(replay) ").skip(1).collect();
    for pair in chunks.chunks(2) {
        let (stop, args) = (pair[0], pair.get(1).copied().unwrap_or(""));
        let Some(place) = stop.lines().find(|l| l.starts_with("> ")) else {
            continue;
        };
        let Some(name) = args.strip_prefix("name = ") else {
            continue;
        };
        let line = place
            .split(".py(")
            .nth(1)
            .unwrap()
            .split(')')
            .next()
            .unwrap();
        let kind = if stop.starts_with("--Call--") {
            "call"
        } else if stop.starts_with("--Return--") {
            "return"
        } else {
            "line"
        };
        by_name
            .entry(name.trim().to_string())
            .or_default()
            .push(format!("{kind} {line}"));
    }
    by_name
}

#[test]
fn a_recording_of_threads_keeps_each_threads_steps_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let worker = "import threading\n\ndef worker(name):\n    for i in range(3):\n        x = (name, i)\n    return name\n\n";
    write(
        dir.path(),
        "threads.py",
        &format!(
            "{worker}ts = [threading.Thread(target=worker, args=(n,)) for n in 'AB']\n\
             for t in ts:\n    t.start()\nfor t in ts:\n    t.join()\n"
        ),
    );
    write(dir.path(), "alone.py", &format!("{worker}worker('C')\n"));
    record(dir.path(), "threads.py");
    record(dir.path(), "alone.py");
    // `s` then `a` at every step, to the end (`a` names the worker each stop is in)
    let commands = "s\na\n".repeat(120);
    let threads = worker_steps(&replay(dir.path(), "threads.rdbrec", &commands).stdout);
    let alone = worker_steps(&replay(dir.path(), "alone.rdbrec", &commands).stdout);
    // each thread's worker went through what one worker goes through alone, in order
    let expected = &alone["'C'"];
    assert!(expected.len() >= 9, "{alone:?}");
    assert_eq!(
        threads.keys().collect::<Vec<_>>(),
        ["'A'", "'B'"],
        "{threads:?}"
    );
    for steps in threads.values() {
        assert_eq!(steps, expected, "{threads:?}");
    }
}

#[test]
fn list_longlist_display_and_condition_read_the_recording_as_pdb_does() {
    let dir = recorded_family();
    // the same commands, live and replayed: the same transcript
    let commands = "b 2\nc\nl\nl\nl .\nl 1, 3\nll\ndisplay items\ndisplay k\ndisplay\nn\nn\nu\nll\nd\nundisplay k\nc\ncondition 1\n";
    let live = rdb(dir.path(), &["fam.py"], commands);
    let replayed = replay(dir.path(), "fam.rdbrec", commands);
    let replayed = replayed.stdout.replace("(replay) ", "(rdb) ");
    assert!(
        replayed.contains("  2 B->\t    items.append(k)"),
        "{replayed}"
    );
    // pdb shows no change of a list changed in place (the same object)
    assert!(replayed.contains("display items: []\n"), "{replayed}");
    assert!(!replayed.contains("[old: "), "{replayed}");
    assert_eq!(replayed, live.stdout);
    // a displayed name shown again where its value changed, in the same frame
    let commands = "b 13\nc\ndisplay i\nc\n";
    let live = rdb(dir.path(), &["fam.py"], commands);
    let replayed = replay(dir.path(), "fam.rdbrec", commands);
    let replayed = replayed.stdout.replace("(replay) ", "(rdb) ");
    assert!(replayed.contains("display i: 1  [old: 0]"), "{replayed}");
    assert_eq!(replayed, live.stdout);
    // what needs evaluating is refused, plainly
    let refused = replay(
        dir.path(),
        "fam.rdbrec",
        "b 3\ncondition 1 k > 0\ndisplay len(items)\ncondition\n",
    )
    .stdout;
    assert!(
        refused.contains("*** a recording cannot evaluate conditions"),
        "{refused}"
    );
    assert!(
        refused.contains("*** a recording cannot evaluate \"len(items)\""),
        "{refused}"
    );
    assert!(
        refused.contains("*** Breakpoint number expected"),
        "{refused}"
    );
}

/// The recorded program's output going to a pipe that closes (`| head -1`): the program
/// gets `BrokenPipeError`, errno and all, as under plain python.
#[test]
fn a_recorded_program_writing_to_a_closed_pipe_gets_broken_pipe_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "pipe.py",
        "import sys\ntry:\n    for i in range(200000):\n        print('line', i)\n\
         except BrokenPipeError as e:\n    open('caught.txt', 'w').write(f'{type(e).__name__} {e.errno}')\n    sys.stdout = None\n",
    );
    let out = std::process::Command::new("sh")
        .current_dir(dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join(".config"))
        .arg("-c")
        .arg(format!(
            "{} record pipe.py | head -1",
            env!("CARGO_BIN_EXE_rdb")
        ))
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "line 0\n");
    let caught = std::fs::read_to_string(dir.path().join("caught.txt")).unwrap_or_default();
    assert_eq!(
        caught,
        "BrokenPipeError 32",
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
