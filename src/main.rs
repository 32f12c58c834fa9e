//! The `rdb` command line: `rdb [--batch] [-c CMD]... (script.py | -m module) [args...]`,
//! and `rdb trace [options] (script.py | -m module) [args...]`.

use anyhow::{bail, Result};

use rdb::py::Target;

const USAGE: &str = "\
usage: rdb [--batch] [-c command] ... [-m module | pyfile] [arg] ...

Debug the Python program given by pyfile, or the module given with -m, stopping at
its first line as pdb does.

options:
  --batch        read pdb commands from standard input and print pdb's transcript
  -c command     run a debugger command at the first stop (repeatable), as pdb's -c
  -m module      run a library module as a script, as python -m
  --history-mb N keep at most about N MB of past stops for stepping back (default 256)
  --present      start the interface in presentation mode (for a projector; P toggles)
  --no-rc        do not read ~/.pdbrc, ./.pdbrc, ~/.rdbrc, ./.rdbrc
  -h, --help     show this help and exit
  -V, --version  show rdb's version and exit

rdb trace [options] [-m module | pyfile] [arg] ... runs the program to the end without
stopping and tells what it did (rdb trace --help).";

const TRACE_USAGE: &str = "\
usage: rdb trace [options] [-m module | pyfile] [arg] ...

Run the program to the end without stopping, and write the narrative of its calls
(with arguments), returns (with values) and exceptions, and its calls as spans.

options:
  -o FILE              write the narrative to FILE instead of standard output
  --events LIST        the events told, from call,return,line,exception
                       (default call,return,exception)
  --include GLOB       trace the files whose path or name matches (repeatable;
                       default: the files under the script's folder, not site-packages)
  --exclude GLOB       do not trace the files whose path or name matches (repeatable)
  --max-depth N        tell and record calls at most N deep
  --chrome FILE        write Chrome trace-event JSON (opens in Perfetto, chrome://tracing)
  --zipkin FILE        write Zipkin v2 JSON spans
  --zipkin-url URL     POST the spans to a Zipkin collector (http://host:9411), and
                       report its HTTP status
  -h, --help           show this help and exit";

struct Cli {
    commands: Vec<String>,
    batch: bool,
    module: bool,
    history_limit: usize,
    present: bool,
    target: String,
    args: Vec<String>,
}

/// The argument an option takes: the next word.
fn option_value(argv: &mut impl Iterator<Item = String>, name: &str) -> Result<String> {
    match argv.next() {
        Some(v) => Ok(v),
        None => bail!("option {name} requires an argument"),
    }
}

/// `rdb trace`'s command line: options, `-m`, the target, its arguments.
struct TraceCli {
    opts: rdb::trace::Options,
    module: bool,
    target: String,
    args: Vec<String>,
}

fn parse_trace_args(mut argv: impl Iterator<Item = String>) -> Result<Option<TraceCli>> {
    let mut o = rdb::trace::Options::default();
    let mut module = false;
    let target = loop {
        let Some(arg) = argv.next() else {
            bail!("no script given\n{TRACE_USAGE}");
        };
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{TRACE_USAGE}");
                return Ok(None);
            }
            "-o" => o.out = Some(option_value(&mut argv, &arg)?),
            "--chrome" => o.chrome = Some(option_value(&mut argv, &arg)?),
            "--zipkin" => o.zipkin = Some(option_value(&mut argv, &arg)?),
            "--zipkin-url" => o.zipkin_url = Some(option_value(&mut argv, &arg)?),
            "--include" => o.include.push(option_value(&mut argv, &arg)?),
            "--exclude" => o.exclude.push(option_value(&mut argv, &arg)?),
            "--events" => {
                o.events = rdb::trace::Events::parse(&option_value(&mut argv, &arg)?)
                    .map_err(anyhow::Error::msg)?
            }
            "--max-depth" => match option_value(&mut argv, &arg)?.parse::<usize>() {
                Ok(n) => o.max_depth = Some(n),
                Err(_) => bail!("option --max-depth requires a number"),
            },
            "-m" => module = true,
            a if a.starts_with('-') && a != "-" => bail!("unknown option {a}\n{TRACE_USAGE}"),
            _ => break arg,
        }
    };
    Ok(Some(TraceCli {
        opts: o,
        module,
        target,
        args: argv.collect(),
    }))
}

fn target_of(module: bool, name: String) -> Target {
    if module {
        return Target::Module(name);
    }
    match Target::script(&name) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Option<Cli>> {
    let mut commands = Vec::new();
    let mut batch = false;
    let mut history_limit = rdb::history::DEFAULT_LIMIT;
    let mut present = false;
    let mut read_rc = true;
    let mut module = false;
    let target = loop {
        let Some(arg) = argv.next() else {
            bail!("no script given\n{USAGE}");
        };
        match arg.as_str() {
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(None);
            }
            "-V" | "--version" => {
                println!("rdb {}", env!("CARGO_PKG_VERSION"));
                return Ok(None);
            }
            "--batch" => batch = true,
            "--present" => present = true,
            "--no-rc" => read_rc = false,
            "--history-mb" => match argv.next().and_then(|n| n.parse::<usize>().ok()) {
                Some(mb) => history_limit = mb << 20,
                None => bail!("option --history-mb requires a number of megabytes"),
            },
            "-c" | "--command" => commands.push(option_value(&mut argv, &arg)?),
            "-m" => module = true,
            a if a.starts_with("-c") && a.len() > 2 => commands.push(a[2..].to_string()),
            a if a.starts_with("--command=") => commands.push(a["--command=".len()..].to_string()),
            a if a.starts_with('-') && a != "-" => bail!("unknown option {a}\n{USAGE}"),
            _ => break arg,
        }
    };
    if read_rc {
        commands.splice(0..0, rc_lines());
    }
    Ok(Some(Cli {
        commands,
        batch,
        module,
        history_limit,
        present,
        target,
        args: argv.collect(),
    }))
}

/// The startup commands of `~/.pdbrc`, `./.pdbrc`, `~/.rdbrc` and `./.rdbrc`, in that
/// order (pdb reads the first two; `-c` commands come after all of them).
fn rc_lines() -> Vec<String> {
    let home = std::env::var_os("HOME").map(std::path::PathBuf::from);
    let here = std::path::PathBuf::from(".");
    let mut files = Vec::new();
    for name in [".pdbrc", ".rdbrc"] {
        files.extend(home.iter().map(|h| h.join(name)));
        files.push(here.join(name));
    }
    files
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .flat_map(|text| text.lines().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

fn main() -> Result<()> {
    let mut argv = std::env::args().skip(1).peekable();
    if argv.peek().map(String::as_str) == Some("trace") {
        argv.next();
        let cli = match parse_trace_args(argv) {
            Ok(Some(cli)) => cli,
            Ok(None) => return Ok(()),
            Err(e) => {
                eprintln!("rdb trace: {e}");
                std::process::exit(2);
            }
        };
        rdb::panic_report::install(|| {});
        let target = target_of(cli.module, cli.target);
        let status = rdb::trace::run(&target, &cli.args, cli.opts);
        std::process::exit(status);
    }
    let cli = match parse_args(argv) {
        Ok(Some(cli)) => cli,
        Ok(None) => return Ok(()),
        Err(e) => {
            eprintln!("rdb: {e}");
            std::process::exit(2);
        }
    };
    let target = target_of(cli.module, cli.target);
    let status = if cli.batch {
        rdb::panic_report::install(|| {});
        rdb::batch::run(&target, &cli.args, cli.commands, cli.history_limit)
    } else {
        let options = rdb::ui::Options {
            history_limit: cli.history_limit,
            present: cli.present,
        };
        rdb::tui::run(&target, &cli.args, cli.commands, options)
    };
    std::process::exit(status);
}
