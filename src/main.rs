//! The `rdb` command line: `rdb [--batch] [-c CMD]... (script.py | -m module) [args...]`.

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
  -V, --version  show rdb's version and exit";

struct Cli {
    commands: Vec<String>,
    batch: bool,
    module: bool,
    history_limit: usize,
    present: bool,
    target: String,
    args: Vec<String>,
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
            "-c" | "--command" => match argv.next() {
                Some(c) => commands.push(c),
                None => bail!("option {arg} requires an argument"),
            },
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
    let cli = match parse_args(std::env::args().skip(1)) {
        Ok(Some(cli)) => cli,
        Ok(None) => return Ok(()),
        Err(e) => {
            eprintln!("rdb: {e}");
            std::process::exit(2);
        }
    };
    let target = if cli.module {
        Target::Module(cli.target)
    } else {
        match Target::script(&cli.target) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("{e}");
                std::process::exit(1);
            }
        }
    };
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
