//! `rdb --batch` driven as a user drives it: the program's environment, pdb's messages,
//! bad input, virtualenvs, and the binary starting from a plain environment.

mod common;

use common::{finish, python_minor, rdb, rdb_command, write};

const SHOW_ENV: &str = "\
import sys, os
print('argv', sys.argv)
print('name', __name__)
print('file', __file__)
print('path0', sys.path[0])
print('exe-exists', os.path.exists(sys.executable))
";

#[test]
fn script_runs_as_main_with_its_argv_file_and_path() {
    let dir = tempfile::tempdir().unwrap();
    let script = write(dir.path(), "sub/show.py", SHOW_ENV);
    let real = std::fs::canonicalize(&script).unwrap();
    let run = rdb(
        dir.path(),
        &["-c", "c", "sub/show.py", "one", "two words"],
        "q\n",
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    let out = &run.stdout;
    assert!(
        out.contains("argv ['sub/show.py', 'one', 'two words']"),
        "{out}"
    );
    assert!(out.contains("name __main__"), "{out}");
    assert!(out.contains(&format!("file {}", real.display())), "{out}");
    assert!(
        out.contains(&format!("path0 {}", real.parent().unwrap().display())),
        "{out}"
    );
    assert!(out.contains("exe-exists True"), "{out}");
    assert!(
        out.contains("The program finished and will be restarted"),
        "{out}"
    );
}

#[test]
fn first_stop_is_the_first_line_in_pdb_format() {
    let dir = tempfile::tempdir().unwrap();
    let script = write(dir.path(), "a.py", "x = 1\ny = 2\n");
    let real = std::fs::canonicalize(&script).unwrap();
    let run = rdb(dir.path(), &["a.py"], "n\np x\n");
    let want = format!(
        "> {f}(1)<module>()\n-> x = 1\n(rdb) > {f}(2)<module>()\n-> y = 2\n(rdb) 1\n(rdb) \n",
        f = real.display()
    );
    assert_eq!(run.stdout, want);
    assert_eq!(run.status, 0);
}

#[test]
fn module_mode_runs_like_python_dash_m() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pkg/__init__.py", "");
    write(
        dir.path(),
        "pkg/tool.py",
        "import sys\nprint('tool', __name__, sys.argv[1:])\n",
    );
    let run = rdb(dir.path(), &["-c", "c", "-m", "pkg.tool", "x"], "q\n");
    assert!(
        run.stdout.contains("tool __main__ ['x']"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    let missing = rdb(dir.path(), &["-m", "no_such_module"], "q\n");
    assert_eq!(missing.status, 1);
    assert!(
        missing.stderr.contains("No module named"),
        "{}",
        missing.stderr
    );
}

#[test]
fn breakpoint_commands_print_pdbs_messages() {
    let dir = tempfile::tempdir().unwrap();
    let script = write(
        dir.path(),
        "m.py",
        "def f(a):\n    # note\n    return a\n\nf(1)\n",
    );
    let f = std::fs::canonicalize(&script)
        .unwrap()
        .display()
        .to_string();
    let cmds = "b 3\nb 2\nb 99\nb f, a > 0\nb nosuch\nb\ndisable 1\nenable 1\nignore 1 2\n\
                condition 2\ncl 9\ncl x\ntbreak 5\ncl 3\n";
    let run = rdb(dir.path(), &["m.py"], cmds);
    // From 3.13 pdb puts a function's breakpoint on its first executable line.
    let fline = if python_minor() >= 13 { 3 } else { 1 };
    let want = [
        format!("Breakpoint 1 at {f}:3"),
        "*** Blank or comment".into(),
        "End of file".into(),
        format!("Breakpoint 2 at {f}:{fline}"),
        "*** The specified object 'nosuch' is not a function or was not found along sys.path."
            .into(),
        "Num Type         Disp Enb   Where".into(),
        format!("1   breakpoint   keep yes   at {f}:3"),
        format!("2   breakpoint   keep yes   at {f}:{fline}"),
        "\tstop only if a > 0".into(),
        format!("Disabled breakpoint 1 at {f}:3"),
        format!("Enabled breakpoint 1 at {f}:3"),
        "Will ignore next 2 crossings of breakpoint 1.".into(),
        "Breakpoint 2 is now unconditional.".into(),
        "*** Breakpoint number 9 out of range".into(),
        "*** Non-numeric breakpoint number x".into(),
        format!("Breakpoint 3 at {f}:5"),
        format!("Deleted breakpoint 3 at {f}:5"),
    ];
    let lines: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.trim_start_matches("(rdb) "))
        .collect();
    for w in &want {
        assert!(
            lines.contains(&w.as_str()),
            "missing {w:?} in\n{}",
            run.stdout
        );
    }
}

#[test]
fn inspection_commands_and_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "m.py",
        "def f(a, *rest, key=3, **kw):\n    b = [a] * 3\n    return b\n\nf(7)\n",
    );
    let cmds = "b 3\nc\nargs\np b\npp b\nwhatis f\nwhatis a\np nosuch\nnosuch\n!a = 8\np a\n\
                u x\nd\nu\nl 1,2\nd\nhelp next\nhelp nosuch\nunt x\nj x\nretval\n!b = 'changed'\nr\nretval\n";
    let run = rdb(dir.path(), &["m.py"], cmds);
    for w in [
        "a = 7",
        "rest = ()",
        "key = 3",
        "kw = {}",
        "[7, 7, 7]",
        "Function f",
        "<class 'int'>",
        "*** NameError: name 'nosuch' is not defined",
        "8",
        "*** Invalid frame count (x)",
        "*** Newest frame",
        "  1  \tdef f(a, *rest, key=3, **kw):",
        // help comes from this Python's pdb: 3.12+ says "Usage: n(ext)", indented by 6
        "n(ext)",
        "Continue execution until the next line in the current function",
        "*** No help for 'nosuch'",
        "*** Error in argument: 'x'",
        "*** The 'jump' command requires a line number",
        "*** Not yet returned!",
        // an assignment to a local is seen by the running code
        "'changed'",
    ] {
        assert!(
            run.stdout
                .lines()
                .map(|l| l.trim_start_matches("(rdb) "))
                .any(|l| l == w || l.trim().trim_start_matches("Usage: ") == w),
            "missing {w:?} in\n{}",
            run.stdout
        );
    }
}

#[test]
fn bad_scripts_give_one_clear_error_and_status_1() {
    let dir = tempfile::tempdir().unwrap();
    let missing = rdb(dir.path(), &["nosuch.py"], "");
    assert_eq!(missing.status, 1);
    assert_eq!(missing.stderr.trim(), "Error: nosuch.py does not exist");

    std::fs::create_dir(dir.path().join("adir")).unwrap();
    let directory = rdb(dir.path(), &["adir"], "");
    assert_eq!(directory.status, 1);
    assert_eq!(directory.stderr.trim(), "Error: adir is a directory");

    write(dir.path(), "bad.py", "x = 1\nif x\n    pass\n");
    let syntax = rdb(dir.path(), &["bad.py"], "");
    assert_eq!(syntax.status, 1);
    assert!(
        syntax.stderr.contains("bad.py\", line 2"),
        "{}",
        syntax.stderr
    );
    // 3.10's parser names what is missing; 3.9's does not.
    let message = if python_minor() >= 10 {
        "SyntaxError: expected ':'"
    } else {
        "SyntaxError: invalid syntax"
    };
    assert!(syntax.stderr.contains(message), "{}", syntax.stderr);
    assert!(syntax.stderr.contains('^'), "{}", syntax.stderr);
    assert!(!syntax.stderr.contains("panicked"));

    std::fs::write(dir.path().join("bin.py"), b"\x7fELF\x00\x01\x02").unwrap();
    let binary = rdb(dir.path(), &["bin.py"], "");
    assert_eq!(binary.status, 1);
    assert!(binary.stderr.contains("bin.py"), "{}", binary.stderr);
    assert_eq!(binary.stderr.trim().lines().count(), 1, "{}", binary.stderr);

    let usage = rdb(dir.path(), &[], "");
    assert_eq!(usage.status, 2);
    assert!(usage.stderr.contains("usage: rdb"), "{}", usage.stderr);
    let option = rdb(dir.path(), &["--frobnicate", "x.py"], "");
    assert_eq!(option.status, 2);
    assert!(option
        .stderr
        .starts_with("rdb: unknown option --frobnicate"));
}

#[test]
fn empty_script_runs_and_finishes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "empty.py", "");
    let run = rdb(dir.path(), &["empty.py"], "");
    assert_eq!(run.status, 0, "{}", run.stderr);
    if python_minor() <= 10 {
        // 3.9 and 3.10 report a line event for an empty module, and pdb stops there
        let file = dir.path().join("empty.py").canonicalize().unwrap();
        assert_eq!(
            run.stdout,
            format!("> {}(1)<module>()\n(rdb) \n", file.display())
        );
        return;
    }
    // pdb restarts such a program forever; rdb says so once and ends.
    assert_eq!(
        run.stdout,
        "The program finished without reaching a line to stop at\n"
    );
}

#[test]
fn uncaught_exception_prints_traceback_and_enters_post_mortem() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "boom.py", "def f():\n    return 1 / 0\n\nf()\n");
    let run = rdb(dir.path(), &["boom.py"], "c\np 'pm'\nq\n");
    assert_eq!(run.status, 0);
    assert!(
        run.stderr.contains("Traceback (most recent call last):"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("ZeroDivisionError: division by zero"));
    assert!(
        !run.stderr.contains("rdb"),
        "rdb's own frames leak: {}",
        run.stderr
    );
    let out = &run.stdout;
    assert!(
        out.contains("Uncaught exception. Entering post mortem debugging"),
        "{out}"
    );
    assert!(out.contains("boom.py(2)f()\n-> return 1 / 0"), "{out}");
    assert!(out.contains("'pm'"));
    // `q` at the post-mortem prompt: pdb before 3.13 says so and restarts; 3.13's ends.
    if python_minor() < 13 {
        assert!(out.contains("Post mortem debugger finished. The "), "{out}");
    } else {
        assert!(!out.contains("Post mortem debugger finished"), "{out}");
        assert!(out.trim_end().ends_with("'pm'\n(rdb)"), "{out}");
    }
}

#[test]
fn sys_exit_is_reported_with_its_status() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "ex.py", "import sys\nsys.exit('bye now')\n");
    let run = rdb(dir.path(), &["ex.py"], "c\n");
    assert!(
        run.stdout
            .contains("The program exited via sys.exit(). Exit status: bye now"),
        "{}",
        run.stdout
    );
    assert_eq!(run.status, 0);
}

#[test]
fn builtin_breakpoint_stops_whatever_pythonbreakpoint_says() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bp.py",
        "x = 1\nbreakpoint()\nx = 2\nprint('end', x)\n",
    );
    let mut cmd = rdb_command(dir.path(), &["--batch", "bp.py"]);
    cmd.env("PYTHONBREAKPOINT", "0");
    let run = finish(cmd, "c\np x\nc\n");
    // From 3.13 pdb stops at the next instruction, still on the `breakpoint()` line.
    let want = if python_minor() >= 13 {
        "bp.py(2)<module>()\n-> breakpoint()\n(rdb) 1"
    } else {
        "bp.py(3)<module>()\n-> x = 2\n(rdb) 1"
    };
    assert!(run.stdout.contains(want), "{}", run.stdout);
    assert!(run.stdout.contains("end 2"));
}

#[test]
fn starts_from_a_plain_environment_without_library_paths() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "p.py", "import json\nprint(json.dumps([1]))\n");
    let mut cmd = rdb_command(dir.path(), &["--batch", "-c", "c", "p.py"]);
    cmd.env_clear().env("PATH", "/usr/bin:/bin");
    let run = finish(cmd, "q\n");
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("[1]"), "{}{}", run.stdout, run.stderr);
}

#[test]
fn active_virtualenv_packages_are_importable() {
    let dir = tempfile::tempdir().unwrap();
    let venv = dir.path().join("venv");
    let python = env!("RDB_PYTHON_EXECUTABLE");
    let made = std::process::Command::new(python)
        .args(["-m", "venv", "--without-pip"])
        .arg(&venv)
        .status()
        .unwrap();
    assert!(made.success());
    let site = std::fs::read_dir(venv.join("lib"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
        .join("site-packages");
    write(&site, "venv_only_mod.py", "WHERE = 'from the venv'\n");
    write(
        dir.path(),
        "use.py",
        "import sys\nimport venv_only_mod\nprint(venv_only_mod.WHERE, sys.prefix)\n",
    );

    let mut cmd = rdb_command(dir.path(), &["--batch", "-c", "c", "use.py"]);
    cmd.env("VIRTUAL_ENV", &venv);
    let run = finish(cmd, "q\n");
    let prefix = venv.display().to_string();
    assert!(
        run.stdout.contains(&format!("from the venv {prefix}")),
        "{}{}",
        run.stdout,
        run.stderr
    );

    // The venv's python first on PATH, as after `source venv/bin/activate` minus the variable.
    let mut cmd = rdb_command(dir.path(), &["--batch", "-c", "c", "use.py"]);
    cmd.env("PATH", format!("{}/bin:/usr/bin:/bin", prefix));
    let run = finish(cmd, "q\n");
    assert!(
        run.stdout.contains("from the venv"),
        "{}{}",
        run.stdout,
        run.stderr
    );

    // Without the venv the module is not importable: the test can fail.
    let run = rdb(dir.path(), &["-c", "c", "use.py"], "q\n");
    assert!(
        run.stderr.contains("No module named 'venv_only_mod'"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_virtualenv_of_another_python_is_refused_in_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let minor = common::python_minor();
    let other = format!("3.{}.0", minor + 1);
    // What rdb reads of a venv: its pyvenv.cfg (as `python -m venv` writes it).
    let venv = dir.path().join("other-venv");
    write(
        &venv,
        "pyvenv.cfg",
        &format!("home = /nowhere/bin\ninclude-system-site-packages = false\nversion = {other}\n"),
    );
    write(dir.path(), "prog.py", "print('ran')\n");
    for via_path in [false, true] {
        let mut cmd = rdb_command(dir.path(), &["--batch", "prog.py"]);
        if via_path {
            write(&venv, "bin/python3", "");
            cmd.env("PATH", format!("{}/bin:/usr/bin:/bin", venv.display()));
        } else {
            cmd.env("VIRTUAL_ENV", &venv);
        }
        let run = finish(cmd, "c\n");
        assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{}", run.stderr);
        assert!(
            lines[0].contains(&format!("Python {other}")),
            "{}",
            lines[0]
        );
        assert!(
            lines[0].contains(&format!("built for Python 3.{minor}.")),
            "{}",
            lines[0]
        );
    }
    // --version names the Python this rdb runs.
    let run = finish(rdb_command(dir.path(), &["--version"]), "");
    assert_eq!(run.status, 0);
    assert!(
        run.stdout
            .starts_with(&format!("rdb 0.1.0 (CPython 3.{minor}.")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(env!("RDB_PYTHON_EXECUTABLE")),
        "{}",
        run.stdout
    );
}

/// Another build of the same libpython (same soname, another patch version): the
/// system's, when it has one.
fn another_libpython(minor: u32) -> Option<std::path::PathBuf> {
    let soname = format!("libpython3.{minor}.so.1.0");
    let ours = std::path::Path::new(env!("RDB_PYTHON_EXECUTABLE"))
        .parent()?
        .parent()?
        .join("lib")
        .join(&soname)
        .canonicalize()
        .ok();
    [
        "/usr/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu",
        "/usr/lib64",
        "/usr/lib",
    ]
    .iter()
    .map(|d| std::path::Path::new(d).join(&soname))
    .find(|p| p.exists() && p.canonicalize().ok() != ours)
    .and_then(|p| p.parent().map(|d| d.to_path_buf()))
}

#[test]
fn another_libpython_is_refused_in_one_line() {
    let minor = common::python_minor();
    let Some(lib_dir) = another_libpython(minor) else {
        eprintln!("no other libpython3.{minor} on this machine: nothing to load instead");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "prog.py", "print('ran')\n");
    let mut cmd = rdb_command(dir.path(), &["--batch", "prog.py"]);
    cmd.env("LD_LIBRARY_PATH", &lib_dir);
    let run = finish(cmd, "c\n");
    assert_eq!(run.status, 2, "{}{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].contains(&format!("built against Python 3.{minor}.")),
        "{}",
        lines[0]
    );
}

#[test]
fn ctrl_c_pauses_a_running_program_like_pdb() {
    use std::io::{Read, Write};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "spin.py",
        "i = 0\nprint('looping', flush=True)\nwhile True:\n    i += 1\n",
    );
    let mut child = rdb_command(dir.path(), &["--batch", "spin.py"])
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let reader = {
        let seen = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 {
                    break;
                }
                seen.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        })
    };
    let wait_for = |text: &str| {
        let start = Instant::now();
        while !seen.lock().unwrap().contains(text) {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "never saw {text:?} in {}",
                seen.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    stdin.write_all(b"c\n").unwrap();
    wait_for("looping");
    std::thread::sleep(Duration::from_millis(200));
    // SAFETY: sending a signal to our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
    wait_for("Program interrupted. (Use 'cont' to resume).");
    stdin.write_all(b"p i > 0\nq\n").unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    reader.join().unwrap();
    let out = seen.lock().unwrap().clone();
    assert!(out.contains("spin.py("), "{out}");
    assert!(out.contains("(rdb) True"), "{out}");
    assert_eq!(status.code(), Some(0), "{out}");
}

#[test]
fn back_forward_and_history_show_past_stops_without_running() {
    let dir = tempfile::tempdir().unwrap();
    let script = write(
        dir.path(),
        "h.py",
        "def f(x):\n    y = x * 2\n    return y\n\na = f(1)\nb = f(a)\n",
    );
    let f = std::fs::canonicalize(&script)
        .unwrap()
        .display()
        .to_string();
    let run = rdb(
        dir.path(),
        &["h.py"],
        "s\ns\ns\ns\ns\nback 2\nhistory\nforward 9\nforward\nback\np y\nn\n",
    );
    let out = run.stdout.replace("(rdb) ", "");
    for want in [
        format!("> {f}(2)f()\n-> y = x * 2\nhistory 4/6 (past)"),
        format!("->    4  line        {f}(2)f()"),
        "6 stops kept, about ".to_string(),
        " KB; 0 older stops dropped".to_string(),
        format!("> {f}(3)f()->2\n-> return y\nhistory 6/6"),
        "*** Already at the present".to_string(),
        // A command typed in the past runs in the present, and says so.
        "history 5/6 (past)\nBack to the present: the command runs there (history does not re-execute).\n2\n".to_string(),
        format!("2\n> {f}(6)<module>()"),
    ] {
        assert!(out.contains(&want), "missing {want:?} in\n{out}");
    }
}

#[test]
fn narrative_tells_calls_lines_returns_and_exceptions() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "n.py",
        "def gen(n):\n    for i in range(n):\n        yield i * 10\n\n\
         def boom(x):\n    raise ValueError(x)\n\n\
         total = sum(gen(2))\ntry:\n    boom('bad')\nexcept ValueError:\n    pass\n",
    );
    let steps = "s\n".repeat(40);
    let run = rdb(
        dir.path(),
        &["n.py"],
        &format!("narrative on\n{steps}narrative\n"),
    );
    let out = run.stdout.replace("(rdb) ", "");
    let story = out
        .split_once("line 5  def boom(x):")
        .map(|(_, s)| s)
        .unwrap_or(&out);
    for want in [
        "line 8  total = sum(gen(2))",
        "  call gen(n=2)",
        "  line 2  for i in range(n):",
        "  line 3  yield i * 10",
        "  return 0",
        "  return 10",
        "  return None",
        "line 10  boom('bad')",
        "  call boom(x='bad')",
        "  line 6  raise ValueError(x)",
        "  exception ValueError('bad')",
        "exception ValueError('bad')",
        "line 11  except ValueError:",
    ] {
        assert!(
            story.contains(&format!("\n{want}\n")),
            "missing {want:?} in\n{story}"
        );
    }
    let calls = rdb(
        dir.path(),
        &["n.py"],
        &format!("narrative on\n{steps}narrative call,return\n"),
    );
    let tail = calls.stdout.rsplit("(rdb) ").nth(1).unwrap_or_default();
    assert!(
        tail.contains("call gen(n=2)") && !tail.contains("line 2"),
        "{tail}"
    );
}

#[test]
fn inspector_matches_what_python_reports_for_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let source = "def f(a, b=2, *rest, k=1, **kw):\n    c = a + len(rest)\n    return c\n\nf(1)\n";
    write(dir.path(), "ins.py", source);
    let run = rdb(dir.path(), &["ins.py"], "b 2\nc\ninspect\n");
    let got: Vec<String> = run
        .stdout
        .lines()
        .map(|l| l.trim_start_matches("(rdb) ").to_string())
        .collect();
    // Python's own answers for the same code object and line.
    let script = format!(
        "import dis\nns = {{}}\nexec(compile({source:?}, 'ins.py', 'exec'), ns)\n\
         co = ns['f'].__code__\n\
         print('co_argcount:', co.co_argcount)\nprint('co_kwonlyargcount:', co.co_kwonlyargcount)\n\
         print('co_nlocals:', co.co_nlocals)\nprint('co_varnames:', co.co_varnames)\n\
         print('co_names:', co.co_names)\nprint('co_firstlineno:', co.co_firstlineno)\n\
         flags = [n for b, n in sorted(dis.COMPILER_FLAG_NAMES.items()) if co.co_flags & b]\n\
         print('co_flags: 0x%x %s' % (co.co_flags, ' | '.join(flags)))\n\
         ops = []\nline = None\n\
         for i in dis.get_instructions(co):\n\
         \x20   n = getattr(i, 'line_number', None)\n\
         \x20   if n is None and not isinstance(i.starts_line, bool) and i.starts_line is not None: n = i.starts_line\n\
         \x20   line = n if n is not None else line\n\
         \x20   if line == 2: ops.append(i.opname)\n\
         print('ops:', ' '.join(ops))\n"
    );
    let out = std::process::Command::new(env!("RDB_PYTHON_EXECUTABLE"))
        .args(["-c", &script])
        .output()
        .unwrap();
    let python = String::from_utf8_lossy(&out.stdout);
    for want in python.lines().filter(|l| !l.starts_with("ops:")) {
        assert!(
            got.iter().any(|g| g == want),
            "rdb lacks {want:?}:\n{}",
            run.stdout
        );
    }
    let ops = python
        .lines()
        .find_map(|l| l.strip_prefix("ops: "))
        .unwrap();
    let got_ops: Vec<&str> = got
        .iter()
        .filter(|l| l.starts_with("-->") || l.starts_with("   "))
        .filter_map(|l| l[3..].split_whitespace().nth(1))
        .collect();
    assert_eq!(got_ops.join(" "), ops, "{}", run.stdout);
    assert!(got.iter().any(|l| l == "f_lineno: 2"));
    assert!(got
        .iter()
        .any(|l| l.starts_with("f_back: <module>() at ins.py:5")));
    assert!(
        got.iter().any(|l| l.starts_with("-->")),
        "f_lasti marked:\n{}",
        run.stdout
    );
}

#[test]
fn forked_children_and_multiprocessing_workers_run_undebugged() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "fork.py",
        "import os, multiprocessing\n\
         def work(tag):\n    value = tag * 2\n    return value\n\
         if __name__ == '__main__':\n\
         \x20   pid = os.fork()\n\
         \x20   if pid == 0:\n\
         \x20       print('child', work(21), flush=True)\n\
         \x20       os._exit(0)\n\
         \x20   os.waitpid(pid, 0)\n\
         \x20   with multiprocessing.get_context('fork').Pool(2) as pool:\n\
         \x20       print('pool', pool.map(work, [1, 2, 3]), flush=True)\n\
         \x20   print('parent', work(5))\n",
    );
    let run = rdb(dir.path(), &["fork.py"], "b work\nc\np tag\nc\n");
    let out = &run.stdout;
    assert!(out.contains("child 42"), "{out}");
    assert!(out.contains("pool [2, 4, 6]"), "{out}");
    // The only stop in `work` is the parent's own call.
    assert_eq!(out.matches("fork.py(3)work()").count(), 1, "{out}");
    assert!(out.contains("(rdb) 5\n"), "{out}");
    assert!(out.contains("parent 10"), "{out}");
}

/// Before 3.12 rdb's tracer is the trace function `sys.gettrace()` returns; from 3.12 it
/// is a sys.monitoring tool, and `sys.gettrace()` is None (as with pdb's monitoring backend).
#[test]
fn breakpoints_survive_the_program_resetting_its_trace_function() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "st.py",
        "import sys\ndef f(x):\n    y = x + 1\n    return y\n\
         print('tracer set:', sys.gettrace() is not None or sys.version_info >= (3, 12))\n\
         sys.settrace(sys.gettrace())\nprint(f(1))\nprint(f(2))\n",
    );
    let run = rdb(dir.path(), &["st.py"], "b 3\nc\np x\nc\np x\nc\n");
    let out = &run.stdout;
    assert!(out.contains("tracer set: True"), "{out}");
    assert_eq!(out.matches("st.py(3)f()").count(), 2, "{out}");
    assert!(
        out.contains("(rdb) 1\n") && out.contains("(rdb) 2\n"),
        "{out}"
    );
}

#[test]
fn recursion_error_a_thousand_frames_deep_gives_a_walkable_post_mortem() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "deep.py",
        "def down(n):\n    return down(n + 1)\n\ndown(0)\n",
    );
    let run = rdb(dir.path(), &["deep.py"], "c\nw\np n\nu 500\np n\nq\n");
    assert!(run.stderr.contains("RecursionError"), "{}", run.stderr);
    let out = &run.stdout;
    assert!(out.contains("Uncaught exception. Entering post mortem debugging"));
    let frames = out.matches("deep.py(2)down()").count();
    assert!(frames > 900, "{frames} frames in `where`");
    let values: Vec<i64> = out
        .lines()
        .filter_map(|l| l.strip_prefix("(rdb) ")?.trim().parse().ok())
        .collect();
    assert_eq!(values.len(), 2, "{values:?}");
    assert_eq!(values[0] - values[1], 500, "{values:?}");
}

#[test]
fn ctrl_c_twice_interrupts_a_program_stuck_in_c_code() {
    use std::io::{Read, Write};
    use std::time::{Duration, Instant};

    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "nap.py",
        "import time\nprint('sleeping', flush=True)\ntime.sleep(60)\nprint('woke')\n",
    );
    let started = Instant::now();
    let mut child = rdb_command(dir.path(), &["--batch", "nap.py"])
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0
                || tx
                    .send(String::from_utf8_lossy(&buf[..n]).into_owned())
                    .is_err()
            {
                break;
            }
        }
    });
    let mut seen = String::new();
    let mut wait_for = |text: &str| {
        while !seen.contains(text) {
            match rx.recv_timeout(Duration::from_secs(20)) {
                Ok(chunk) => seen.push_str(&chunk),
                Err(_) => panic!("never saw {text:?} in {seen}"),
            }
        }
        seen.clone()
    };
    stdin.write_all(b"c\n").unwrap();
    wait_for("sleeping");
    std::thread::sleep(Duration::from_millis(200));
    for _ in 0..2 {
        // SAFETY: sending a signal to our own child process.
        unsafe { libc::kill(child.id() as i32, libc::SIGINT) };
        std::thread::sleep(Duration::from_millis(100));
    }
    let out = wait_for("KeyboardInterrupt");
    stdin.write_all(b"q\n").unwrap();
    drop(stdin);
    assert_eq!(child.wait().unwrap().code(), Some(0));
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "the sleep was not interrupted"
    );
    assert!(!out.contains("woke"), "{out}");
}

#[test]
fn a_breakpoint_in_a_thread_stops_in_that_thread() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "thr.py",
        "import threading\ndef worker(n):\n    total = n * 2\n    return total\n\
         t = threading.Thread(target=worker, args=(21,))\nt.start()\nt.join()\nprint('joined')\n",
    );
    let run = rdb(
        dir.path(),
        &["thr.py"],
        "b worker\nc\np n\nw\nn\np total\nc\n",
    );
    let out = &run.stdout;
    assert!(
        out.contains("thr.py(3)worker()\n-> total = n * 2\n(rdb) 21\n"),
        "{out}"
    );
    // The stack is the thread's own, from threading's bootstrap down to worker.
    assert!(out.contains("threading.py("), "{out}");
    assert!(!out.contains("thr.py(7)<module>()"), "{out}");
    assert!(out.contains("(rdb) 42\n"), "{out}");
    assert!(out.contains("joined"), "{out}");
}

#[test]
fn rc_files_run_at_the_first_stop_unless_no_rc() {
    let dir = tempfile::tempdir().unwrap();
    let home = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "rc.py",
        "a = 1\nb = 2\nc = 3\nprint(a + b + c)\n",
    );
    write(
        home.path(),
        ".pdbrc",
        "# from home\nb 3\nalias twice p 2 * %1\n",
    );
    write(dir.path(), ".rdbrc", "c\n");
    let mut cmd = rdb_command(dir.path(), &["--batch", "rc.py"]);
    cmd.env("HOME", home.path());
    let run = finish(cmd, "p b\ntwice a\nq\n");
    assert!(
        run.stdout
            .contains("rc.py(3)<module>()\n-> c = 3\n(rdb) 2\n(rdb) 2\n"),
        "{}",
        run.stdout
    );
    let mut cmd = rdb_command(dir.path(), &["--batch", "--no-rc", "rc.py"]);
    cmd.env("HOME", home.path());
    let run = finish(cmd, "q\n");
    assert!(run.stdout.contains("rc.py(1)<module>()"), "{}", run.stdout);
    assert!(!run.stdout.contains("Breakpoint 1"), "{}", run.stdout);
}

#[test]
fn listing_source_display_and_clear_all_print_exactly_what_pdb_prints() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "more.py",
        "def f(a):\n    x = a\n    x = x + 1\n    return x\n\nf(1)\n",
    );
    let commands = "b 3\nc\ndisplay x\nll\nl .\nsource f\nn\ndisplay\nundisplay x\ncl\ny\nb\nq\n";
    let ours = rdb(dir.path(), &["more.py"], commands).stdout;
    let pdb = std::process::Command::new(env!("RDB_PYTHON_EXECUTABLE"))
        .args(["-m", "pdb", "more.py"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(commands.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    let theirs = String::from_utf8_lossy(&pdb.stdout).replace("(Pdb) ", "(rdb) ");
    assert_eq!(ours, theirs);
    assert!(ours.contains("display x: 2  [old: 1]"), "{ours}");
}

#[test]
fn p_and_bang_of_code_that_hangs_raises_or_prints_answer_and_go_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "h.py",
        "def spin():\n    while True:\n        pass\ndef noisy():\n    print('from noisy')\n    return 5\nx = 1\nprint('end', x)\n",
    );
    let run = rdb(
        dir.path(),
        &["h.py"],
        "until 7\np spin()\n!spin()\np noisy()\np 1/0\nn\np x\nc\n",
    );
    let out = &run.stdout;
    let timeout = "*** rdb.Timeout: it ran past rdb's time limit and was interrupted";
    assert_eq!(out.matches(timeout).count(), 2, "{out}");
    assert!(out.contains("from noisy\n5\n"), "{out}");
    assert!(
        out.contains("*** ZeroDivisionError: division by zero"),
        "{out}"
    );
    assert!(out.contains("(rdb) 1\n"), "{out}");
    // The run goes on at full speed and restarts as usual.
    assert!(
        out.contains("end 1\nThe program finished and will be restarted"),
        "{out}"
    );
    assert_eq!(out.matches("h.py(1)<module>()").count(), 2, "{out}");
}

/// From 3.12 rdb is a sys.monitoring tool, so a program's own `sys.settrace` tracer and
/// rdb's breakpoints both work. On 3.11 there is one trace function per thread: rdb's
/// frame-evaluation hook puts rdb's back when a frame that can stop runs, so rdb's
/// breakpoints work and the program's tracer sees events until then.
#[test]
fn a_program_with_its_own_tracer_keeps_rdbs_breakpoints() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "own.py",
        "import sys\nseen = []\ndef mytrace(frame, event, arg):\n    seen.append(event)\n    return mytrace\n\
         def f(x):\n    y = x + 1\n    return y\nsys.settrace(mytrace)\nprint(f(1))\nprint(f(2))\n\
         sys.settrace(None)\nprint('own tracer saw events:', len(seen) > 0)\n",
    );
    let run = rdb(dir.path(), &["own.py"], "b 8\nc\np x\nc\np x\nc\n");
    let out = &run.stdout;
    assert!(out.contains("own tracer saw events: True"), "{out}");
    assert_eq!(out.matches("own.py(8)f()").count(), 2, "{out}");
    assert!(
        out.contains("(rdb) 1\n") && out.contains("(rdb) 2\n"),
        "{out}"
    );
}

#[test]
fn latin1_and_bom_sources_list_their_characters() {
    let dir = tempfile::tempdir().unwrap();
    common::write_latin1_and_bom_sources(dir.path());
    let run = rdb(dir.path(), &["lat.py"], "l\nc\n");
    assert!(
        run.stdout.contains("  2  ->\tname = \"café\""),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(rdb) café\n"), "{}", run.stdout);
    let run = rdb(dir.path(), &["bom.py"], "l\nq\n");
    assert!(
        run.stdout.contains("  1  ->\tword = \"naïve\""),
        "{}",
        run.stdout
    );
}

/// rdb imports what pdb has imported (so `s` onto `import glob` goes on, as in pdb), but
/// a module of the program's own folder with a standard name is the program's, as under
/// plain python, for the script's folder and for `-m` from the current one.
#[test]
fn the_programs_own_modules_win_over_the_ones_rdb_imported() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "code.py", "WHO = 'my code.py'\n");
    write(
        dir.path(),
        "string/__init__.py",
        "WHO = 'my string package'\n",
    );
    write(
        dir.path(),
        "main.py",
        "import code\nimport string\nimport glob\nprint(code.WHO, '|', string.WHO, '|', glob.glob.__module__)\n",
    );
    for args in [&["main.py"][..], &["-m", "main"][..]] {
        let run = rdb(dir.path(), args, "c\nq\n");
        assert!(
            run.stdout.contains("my code.py | my string package | glob"),
            "{args:?}: {}{}",
            run.stdout,
            run.stderr
        );
    }
    let run = rdb(dir.path(), &["main.py"], "n\nn\ns\nq\n");
    assert!(
        run.stdout.contains("main.py(4)<module>()"),
        "s onto `import glob` goes to the next line, as in pdb:\n{}",
        run.stdout
    );
}

/// Code typed at a stop in a thread the program started is bounded too.
#[test]
fn code_that_hangs_at_a_stop_in_another_thread_is_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "t.py",
        "import threading\n\
         def spin():\n    while True:\n        pass\n\
         def work(s):\n    n = len(s)\n    return n\n\
         t = threading.Thread(target=work, args=('w' * 50,))\nt.start()\nt.join()\nprint('joined')\n",
    );
    let run = rdb(dir.path(), &["t.py"], "b 7\nc\np spin()\n!spin()\np n\nc\n");
    let out = &run.stdout;
    let timeout = "*** rdb.Timeout: it ran past rdb's time limit and was interrupted";
    assert!(out.contains("t.py(7)work()"), "{out}");
    assert_eq!(out.matches(timeout).count(), 2, "{out}");
    assert!(out.contains("(rdb) 50\n"), "{out}");
    assert!(out.contains("joined"), "{out}");
}

/// `rdb --batch … | head`: when the reader of the transcript goes away, rdb ends quietly
/// with the status of a process killed by SIGPIPE, not with an internal-error report.
#[test]
fn a_reader_that_goes_away_ends_the_session_quietly() {
    use std::io::{BufRead, Write};
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "loop.py", "for i in range(3):\n    x = i\n");
    let mut child = rdb_command(dir.path(), &["--batch", "loop.py"])
        .spawn()
        .unwrap();
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    stdout.read_line(&mut first).unwrap();
    assert!(first.contains("loop.py(1)<module>()"), "{first}");
    drop(stdout);
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all("n\n".repeat(50).as_bytes());
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(141), "{stderr}");
    assert!(!stderr.contains("internal error"), "{stderr}");
}

/// pdb's own crashes that rdb does not copy (the differential corpus cannot compare
/// these on 3.11/3.12, see tests/pdb-cases-failing): rdb does what 3.13's pdb does.
#[test]
fn exit_inside_interact_leaves_the_console_and_the_session_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "m.py",
        "def work():\n    x = 1\n    return x\n\nwork()\nprint('after work')\n",
    );
    let run = rdb(
        dir.path(),
        &["m.py"],
        "b 3\nc\ninteract\nx * 10\ny = 5\nexit()\np x\np 'still here'\nc\nq\n",
    );
    assert!(run.stdout.contains("10\n"), "{}", run.stdout);
    assert!(run.stdout.contains("'still here'"), "{}", run.stdout);
    assert!(run.stdout.contains("after work"), "{}", run.stdout);
    assert!(
        !run.stderr.contains("I/O operation on closed file"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("I/O operation on closed file"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_syntax_error_raised_at_run_time_gets_a_post_mortem() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.py", "import ast\nast.literal_eval('')\n");
    let run = rdb(dir.path(), &["m.py"], "c\nw\nq\n");
    assert!(
        run.stdout
            .contains("Uncaught exception. Entering post mortem debugging"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("literal_eval"), "{}", run.stdout);
}

/// While only module bodies and functions can stop, dead frames run with no
/// frame-evaluation hook (3.9-3.11: `src/py/aside.rs`; on 3.11 a function that may stop
/// is wired instead, `aside_tripwire.rs`), so CPython specialises and inlines their
/// calls as it does undebugged; 3.11 does not while any hook is set, which the program
/// can see in its adaptive bytecode. With a breakpoint in a generator the hook stays.
#[test]
fn dead_frames_are_specialised_unless_a_generator_can_stop() {
    if python_minor() < 11 {
        return; // no adaptive bytecode to look at
    }
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "import dis",
        "def callee(x):",
        "    return x + 1",
        "def work():",
        "    t = 0",
        "    for i in range(1000):",
        "        t += callee(i)",
        "    return t",
        "def report(x):",
        "    return x",
        "def numbers():",
        "    yield 1",
        "work()",
        "ops = {i.opname for i in dis.get_instructions(work, adaptive=True)}",
        "print('specialised', 'CALL_PY_EXACT_ARGS' in ops)",
        "report(1)",
        "print(list(numbers()))",
        "print('end')",
    ];
    write(dir.path(), "a.py", &(lines.join("\n") + "\n"));
    let line = |text: &str| lines.iter().position(|l| *l == text).unwrap() + 1;
    let plain = std::process::Command::new(env!("RDB_PYTHON_EXECUTABLE"))
        .arg("a.py")
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&plain.stdout).contains("specialised True"));
    let hook_stays = python_minor() == 11;
    for (breakpoint, specialised) in [
        (line("print('end')"), true),
        (line("    return x"), true),
        (line("    yield 1"), !hook_stays),
    ] {
        let run = rdb(dir.path(), &["a.py"], &format!("b {breakpoint}\nc\nq\n"));
        assert_eq!(run.status, 0, "{}", run.stderr);
        let want = format!("specialised {}", if specialised { "True" } else { "False" });
        assert!(run.stdout.contains(&want), "b {breakpoint}: {}", run.stdout);
    }
}

/// A function wired during the main thread's hook-free run (3.11) and called by another
/// thread meanwhile stops in that thread, and still stops when the main thread calls it
/// (pdb traces the main thread alone, so this is rdb's own).
#[test]
fn a_function_that_may_stop_stops_in_another_thread_and_in_the_main_one() {
    let dir = tempfile::tempdir().unwrap();
    let lines = [
        "import threading",
        "def report(value):",
        "    result = value * 2",
        "    return result",
        "def fib(n):",
        "    return n if n < 2 else fib(n - 1) + fib(n - 2)",
        "def worker():",
        "    report(100)",
        "def churn():",
        "    t = threading.Thread(target=worker)",
        "    t.start()",
        "    t.join()",
        "    return report(fib(10))",
        "print(churn())",
    ];
    write(dir.path(), "a.py", &(lines.join("\n") + "\n"));
    let run = rdb(
        dir.path(),
        &["a.py"],
        "b 3\nc\np ('@@', value)\nc\np ('@@', value)\nc\nq\n",
    );
    assert_eq!(run.status, 0, "{}", run.stderr);
    assert!(run.stdout.contains("('@@', 100)"), "{}", run.stdout);
    assert!(run.stdout.contains("('@@', 55)"), "{}", run.stdout);
    assert!(run.stdout.contains("110"), "{}", run.stdout);
}
