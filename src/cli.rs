//! The `rdb` command line: `rdb [--batch] [-c CMD]... (script.py | -m module) [args...]`,
//! and `rdb trace [options] (script.py | -m module) [args...]` — for both ways in: the
//! `rdb` binary and the `rdb` command of the Python package run the same `main`.

use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::py::Target;

/// Why the command line ends rdb before a program runs.
#[derive(Debug, thiserror::Error)]
enum End {
    /// A bad command line: said as `rdb: …`, status 2.
    #[error("{0}")]
    Usage(String),
    /// Already said (or nothing to say): the status.
    #[error("status {0}")]
    Status(i32),
}

type Result<T> = std::result::Result<T, End>;

macro_rules! bail {
    ($($t:tt)*) => {
        return Err(End::Usage(format!($($t)*)))
    };
}

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
  --config FILE  read the configuration from FILE instead of ~/.config/rdb/config.toml
  --print-config print the effective configuration (with every default) and exit
  --save-breakpoints
                 start with the breakpoints saved in ./.rdb-breakpoints.toml, and save
                 them there at the end
  -h, --help     show this help and exit
  -V, --version  show rdb's version and exit

rdb trace [options] [-m module | pyfile] [arg] ... runs the program to the end without
stopping and tells what it did (rdb trace --help).
rdb record [options] [-m module | pyfile] [arg] ... records every step of a run, and
rdb replay [--batch] FILE walks the recording forwards and backwards, rdb replay FILE
--html OUT.html writes it as one web page (rdb record --help).";

const RECORD_USAGE: &str = "\
usage: rdb record [options] [-m module | pyfile] [arg] ...
       rdb replay [--batch] FILE
       rdb replay FILE --html OUT.html

rdb record runs the program to the end without stopping and keeps every call, line,
return and exception event of the chosen files, with each frame's variables, in
FILE (default: the script's name with .rdbrec, in this folder). rdb replay --batch
walks it with pdb's moves (s, n, r, unt, c, b, tbreak, cl, disable, enable), their
reverses (rs, rn, rr, rc), goto N and steps, and reads it (w, u, d, a, p NAME, retval,
l, ll, display NAME, condition N); help lists them. Without --batch, the same in the full-screen interface (← → Home
End by step). --html writes one self-contained web page of the recording: the frames,
the source and the output at every step, with a slider and the same keys.

options:
  -o FILE              write the recording to FILE
  --include GLOB       record the files whose path or name matches (repeatable;
                       default: the files under the script's folder, not site-packages)
  --exclude GLOB       do not record the files whose path or name matches (repeatable)
  --config FILE        read the repr limits from FILE, not ~/.config/rdb/config.toml
  -h, --help           show this help and exit";

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
  --config FILE        read the repr limits from FILE, not ~/.config/rdb/config.toml
  -h, --help           show this help and exit";

struct Cli {
    commands: Vec<String>,
    batch: bool,
    module: bool,
    /// `--history-mb`, over the configuration's.
    history_limit: Option<usize>,
    present: bool,
    save_breakpoints: bool,
    config: Option<PathBuf>,
    target: String,
    args: Vec<String>,
}

/// The configuration file's settings, its errors reported on standard error (and
/// returned, for the interface to show). A named file that cannot be read ends rdb.
fn configuration(path: Option<&Path>, who: &str) -> Result<(Config, Vec<String>)> {
    match crate::config::load(path) {
        Ok((config, errors)) => {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            for e in &errors {
                eprintln!("{who}: {e}");
            }
            Ok((config, errors))
        }
        Err(e) => {
            eprintln!("{who}: {e}");
            Err(End::Status(2))
        }
    }
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
    opts: crate::trace::Options,
    config: Option<PathBuf>,
    module: bool,
    target: String,
    args: Vec<String>,
}

/// `rdb trace`'s options, or (not `tracing`) those of `rdb record`, which takes the
/// output file, the file choice and the configuration only.
fn parse_trace_args(
    mut argv: impl Iterator<Item = String>,
    usage: &str,
    tracing: bool,
) -> Result<Option<TraceCli>> {
    let mut o = crate::trace::Options::default();
    let mut module = false;
    let mut config = None;
    let target = loop {
        let Some(arg) = argv.next() else {
            bail!("no script given\n{usage}");
        };
        match arg.as_str() {
            "-h" | "--help" => {
                crate::out::print(&format!("{usage}\n"));
                return Ok(None);
            }
            "-o" => o.out = Some(option_value(&mut argv, &arg)?),
            "--config" => config = Some(option_value(&mut argv, &arg)?.into()),
            "--include" => o.include.push(option_value(&mut argv, &arg)?),
            "--exclude" => o.exclude.push(option_value(&mut argv, &arg)?),
            "-m" => module = true,
            a if !tracing && a.starts_with('-') && a != "-" => bail!("unknown option {a}\n{usage}"),
            "--chrome" => o.chrome = Some(option_value(&mut argv, &arg)?),
            "--zipkin" => o.zipkin = Some(option_value(&mut argv, &arg)?),
            "--zipkin-url" => o.zipkin_url = Some(option_value(&mut argv, &arg)?),
            "--events" => {
                o.events = crate::trace::Events::parse(&option_value(&mut argv, &arg)?)
                    .map_err(End::Usage)?
            }
            "--max-depth" => match option_value(&mut argv, &arg)?.parse::<usize>() {
                Ok(n) => o.max_depth = Some(n),
                Err(_) => bail!("option --max-depth requires a number"),
            },
            a if a.starts_with('-') && a != "-" => bail!("unknown option {a}\n{usage}"),
            _ => break arg,
        }
    };
    Ok(Some(TraceCli {
        opts: o,
        config,
        module,
        target,
        args: argv.collect(),
    }))
}

/// `rdb replay --batch FILE`.
fn replay(argv: impl Iterator<Item = String>) -> Result<i32> {
    let mut batch = false;
    let mut html = None;
    let mut file = None;
    let mut argv = argv.into_iter();
    while let Some(arg) = argv.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                crate::out::print(&format!("{RECORD_USAGE}\n"));
                return Ok(0);
            }
            "--batch" => batch = true,
            "--html" => match argv.next() {
                Some(out) => html = Some(out),
                None => bail!("--html needs the page's file name (--html OUT.html)"),
            },
            a if a.starts_with('-') => bail!("unknown option {a}\n{RECORD_USAGE}"),
            _ if file.is_some() => bail!("one recording at a time\n{RECORD_USAGE}"),
            _ => file = Some(arg),
        }
    }
    let Some(file) = file else {
        bail!("no recording given\n{RECORD_USAGE}");
    };
    if let Some(out) = html {
        return Ok(crate::replay::html::run(&file, &out));
    }
    if !batch {
        let (config, notices) = configuration(None, "rdb replay")?;
        let (mut options, _) =
            crate::ui::Options::from_config(&config, config.history_mb << 20, false);
        options.notices = notices;
        return Ok(crate::replay::tui::run(&file, options));
    }
    let stdin = std::io::stdin();
    Ok(crate::replay::batch::run(
        &file,
        stdin.lock(),
        std::io::stdout(),
    ))
}

fn target_of(module: bool, name: String) -> Result<Target> {
    if module {
        return Ok(Target::Module(name));
    }
    Target::script(&name).map_err(|e| {
        eprintln!("{e}");
        End::Status(1)
    })
}

fn parse_args(mut argv: impl Iterator<Item = String>) -> Result<Option<Cli>> {
    let mut commands = Vec::new();
    let mut batch = false;
    let mut history_limit = None;
    let mut present = false;
    let mut save_breakpoints = false;
    let mut config = None;
    let mut print_config = false;
    let mut read_rc = true;
    let mut module = false;
    let target = loop {
        let Some(arg) = argv.next() else {
            if print_config {
                return Err(print_configuration(config.as_deref()));
            }
            bail!("no script given\n{USAGE}");
        };
        match arg.as_str() {
            "-h" | "--help" => {
                crate::out::print(&format!("{USAGE}\n"));
                return Ok(None);
            }
            "-V" | "--version" => {
                crate::out::print(&format!(
                    "rdb {} ({})\n",
                    env!("CARGO_PKG_VERSION"),
                    crate::py::describe_python()
                ));
                return Ok(None);
            }
            "--batch" => batch = true,
            "--present" => present = true,
            "--no-rc" => read_rc = false,
            "--save-breakpoints" => save_breakpoints = true,
            "--print-config" => print_config = true,
            "--config" => config = Some(option_value(&mut argv, &arg)?.into()),
            "--history-mb" => match argv.next().and_then(|n| n.parse::<usize>().ok()) {
                Some(mb) => history_limit = Some(mb << 20),
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
    if print_config {
        return Err(print_configuration(config.as_deref()));
    }
    if read_rc {
        commands.splice(0..0, rc_lines());
    }
    Ok(Some(Cli {
        commands,
        batch,
        module,
        history_limit,
        present,
        save_breakpoints,
        config,
        target,
        args: argv.collect(),
    }))
}

/// `--print-config`: the effective configuration on standard output, its errors on
/// standard error; rdb then ends (status 1 if the file had errors).
fn print_configuration(path: Option<&Path>) -> End {
    let (mut config, mut errors) = match configuration(path, "rdb") {
        Ok(c) => c,
        Err(end) => return end,
    };
    let (_, theme_error) = crate::ui::Options::from_config(&config, 0, false);
    if let Some(e) = theme_error {
        eprintln!("rdb: {e}");
        errors.push(e.to_string());
        config.theme = crate::config::Theme::Bundled(crate::config::DEFAULT_THEME.into());
    }
    let themes = crate::ui::highlight::bundled_theme_names();
    let themes: Vec<&str> = themes.iter().map(String::as_str).collect();
    crate::out::print(&crate::config::render(&config, &themes));
    End::Status(i32::from(!errors.is_empty()))
}

/// The startup commands of `~/.pdbrc`, `./.pdbrc`, `~/.rdbrc` and `./.rdbrc`, in that
/// order (pdb reads the first two; `-c` commands come after all of them).
pub(crate) fn rc_lines() -> Vec<String> {
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

/// Runs the command line `argv` (without the program name); returns the exit status.
/// The interpreter is the caller's to end (`py::shutdown`).
pub fn main(argv: Vec<String>) -> i32 {
    match run(argv) {
        Ok(status) | Err(End::Status(status)) => status,
        Err(End::Usage(message)) => {
            eprintln!("{message}");
            2
        }
    }
}

/// `rdb trace`'s or `rdb record`'s command line read (None: help was asked for), the
/// configuration's repr limits, and the program to run.
fn observer(
    argv: impl Iterator<Item = String>,
    usage: &str,
    tracing: bool,
    who: &str,
) -> Result<Option<(TraceCli, crate::config::ReprLimits, Target)>> {
    let Some(cli) = parse_trace_args(argv, usage, tracing).map_err(|e| with_who(e, who))? else {
        return Ok(None);
    };
    crate::panic_report::install(|| {});
    let (config, _) = configuration(cli.config.as_deref(), who)?;
    let target = target_of(cli.module, cli.target.clone())?;
    Ok(Some((cli, config.repr, target)))
}

fn run(argv: Vec<String>) -> Result<i32> {
    let mut argv = argv.into_iter().peekable();
    let checked = || {
        crate::py::check_interpreter().map_err(|message| {
            eprintln!("{message}");
            End::Status(2)
        })
    };
    if argv.peek().map(String::as_str) == Some("trace") {
        argv.next();
        let Some((cli, repr, target)) = observer(argv, TRACE_USAGE, true, "rdb trace")? else {
            return Ok(0);
        };
        checked()?;
        let opts = crate::trace::Options { repr, ..cli.opts };
        return Ok(crate::trace::run(&target, &cli.args, opts));
    }
    if argv.peek().map(String::as_str) == Some("record") {
        argv.next();
        let Some((cli, repr, target)) = observer(argv, RECORD_USAGE, false, "rdb record")? else {
            return Ok(0);
        };
        checked()?;
        let opts = crate::record::Options {
            out: cli.opts.out,
            include: cli.opts.include,
            exclude: cli.opts.exclude,
            repr,
        };
        return Ok(crate::record::run(&target, &cli.args, opts));
    }
    if argv.peek().map(String::as_str) == Some("replay") {
        argv.next();
        return replay(argv).map_err(|e| with_who(e, "rdb replay"));
    }
    let Some(cli) = parse_args(argv).map_err(|e| with_who(e, "rdb"))? else {
        return Ok(0);
    };
    let (config, mut notices) = configuration(cli.config.as_deref(), "rdb")?;
    let target = target_of(cli.module, cli.target)?;
    checked()?;
    let session = crate::driver::Options {
        commands: cli.commands,
        history_limit: cli.history_limit.unwrap_or(config.history_mb << 20),
        repr: config.repr,
        // Absolute: the program may change directory before rdb saves them.
        saved_breakpoints: (cli.save_breakpoints || config.save_breakpoints).then(|| {
            let here = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            crate::session::saved_breaks::path_in(&here)
        }),
    };
    let status = if cli.batch {
        crate::panic_report::install(|| {});
        crate::batch::run(&target, &cli.args, session)
    } else {
        let (mut options, theme_error) =
            crate::ui::Options::from_config(&config, session.history_limit, cli.present);
        if let Some(e) = theme_error {
            eprintln!("rdb: {e}");
            notices.push(e.to_string());
        }
        options.notices = notices;
        crate::tui::run(&target, &cli.args, session, options)
    };
    Ok(status)
}

/// A usage error, said by `who`.
fn with_who(e: End, who: &str) -> End {
    match e {
        End::Usage(message) => End::Usage(format!("{who}: {message}")),
        other => other,
    }
}
