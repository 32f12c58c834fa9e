//! Every debugger command once: its names (pdb's exact spellings; pdb has no prefix
//! matching), a usage line and help text.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cmd {
    Help,
    Where,
    Down,
    Up,
    Break,
    TBreak,
    Clear,
    Disable,
    Enable,
    Ignore,
    Condition,
    Step,
    Next,
    Until,
    Jump,
    Return,
    Retval,
    Run,
    Continue,
    List,
    LongList,
    Args,
    P,
    PP,
    WhatIs,
    Source,
    Display,
    Undisplay,
    Alias,
    Unalias,
    Quit,
    Eof,
    Back,
    Forward,
    History,
    Narrative,
    Inspect,
}

pub struct Spec {
    pub cmd: Cmd,
    pub names: &'static [&'static str],
    pub usage: &'static str,
    pub help: &'static str,
}

/// In pdb's help order.
pub static COMMANDS: &[Spec] = &[
    Spec {
        cmd: Cmd::Help,
        names: &["help", "h"],
        usage: "h(elp)",
        help: "Without argument, print the list of available commands.\n\
               With a command name as argument, print help about that command.\n\
               \"help exec\" gives help on the ! command.",
    },
    Spec {
        cmd: Cmd::Where,
        names: &["where", "w", "bt"],
        usage: "w(here)",
        help: "Print a stack trace, with the most recent frame at the bottom.\n\
               An arrow indicates the \"current frame\", which determines the\n\
               context of most commands.  'bt' is an alias for this command.",
    },
    Spec {
        cmd: Cmd::Down,
        names: &["down", "d"],
        usage: "d(own) [count]",
        help: "Move the current frame count (default one) levels down in the\n\
               stack trace (to a newer frame).",
    },
    Spec {
        cmd: Cmd::Up,
        names: &["up", "u"],
        usage: "u(p) [count]",
        help: "Move the current frame count (default one) levels up in the\n\
               stack trace (to an older frame).",
    },
    Spec {
        cmd: Cmd::Break,
        names: &["break", "b"],
        usage: "b(reak) [ ([filename:]lineno | function) [, condition] ]",
        help: "Without argument, list all breaks.\n\n\
               With a line number argument, set a break at this line in the\n\
               current file.  With a function name, set a break at the first\n\
               executable line of that function.  If a second argument is\n\
               present, it is a string specifying an expression which must\n\
               evaluate to true before the breakpoint is honored.\n\n\
               The line number may be prefixed with a filename and a colon,\n\
               to specify a breakpoint in another file (probably one that\n\
               hasn't been loaded yet).  The file is searched for on\n\
               sys.path; the .py suffix may be omitted.",
    },
    Spec {
        cmd: Cmd::TBreak,
        names: &["tbreak"],
        usage: "tbreak [ ([filename:]lineno | function) [, condition] ]",
        help: "Same arguments as break, but sets a temporary breakpoint: it\n\
               is automatically deleted when first hit.",
    },
    Spec {
        cmd: Cmd::Clear,
        names: &["clear", "cl"],
        usage: "cl(ear) filename:lineno\ncl(ear) [bpnumber [bpnumber...]]",
        help: "With a space separated list of breakpoint numbers, clear\n\
               those breakpoints.  Without argument, clear all breaks (but\n\
               first ask confirmation).  With a filename:lineno argument,\n\
               clear all breaks at that line in that file.",
    },
    Spec {
        cmd: Cmd::Disable,
        names: &["disable"],
        usage: "disable bpnumber [bpnumber ...]",
        help: "Disables the breakpoints given as a space separated list of\n\
               breakpoint numbers.  Disabling a breakpoint means it cannot\n\
               cause the program to stop execution, but unlike clearing a\n\
               breakpoint, it remains in the list of breakpoints and can be\n\
               (re-)enabled.",
    },
    Spec {
        cmd: Cmd::Enable,
        names: &["enable"],
        usage: "enable bpnumber [bpnumber ...]",
        help: "Enables the breakpoints given as a space separated list of\n\
               breakpoint numbers.",
    },
    Spec {
        cmd: Cmd::Ignore,
        names: &["ignore"],
        usage: "ignore bpnumber [count]",
        help: "Set the ignore count for the given breakpoint number.  If\n\
               count is omitted, the ignore count is set to 0.  A breakpoint\n\
               becomes active when the ignore count is zero.  When non-zero,\n\
               the count is decremented each time the breakpoint is reached\n\
               and the breakpoint is not disabled and any associated\n\
               condition evaluates to true.",
    },
    Spec {
        cmd: Cmd::Condition,
        names: &["condition"],
        usage: "condition bpnumber [condition]",
        help: "Set a new condition for the breakpoint, an expression which\n\
               must evaluate to true before the breakpoint is honored.  If\n\
               condition is absent, any existing condition is removed; i.e.,\n\
               the breakpoint is made unconditional.",
    },
    Spec {
        cmd: Cmd::Step,
        names: &["step", "s"],
        usage: "s(tep)",
        help: "Execute the current line, stop at the first possible occasion\n\
               (either in a function that is called or in the current\n\
               function).",
    },
    Spec {
        cmd: Cmd::Next,
        names: &["next", "n"],
        usage: "n(ext)",
        help: "Continue execution until the next line in the current function\n\
               is reached or it returns.",
    },
    Spec {
        cmd: Cmd::Until,
        names: &["until", "unt"],
        usage: "unt(il) [lineno]",
        help: "Without argument, continue execution until the line with a\n\
               number greater than the current one is reached.  With a line\n\
               number, continue execution until a line with a number greater\n\
               or equal to that is reached.  In both cases, also stop when\n\
               the current frame returns.",
    },
    Spec {
        cmd: Cmd::Jump,
        names: &["jump", "j"],
        usage: "j(ump) lineno",
        help: "Set the next line that will be executed.  Only available in\n\
               the bottom-most frame.  This lets you jump back and execute\n\
               code again, or jump forward to skip code that you don't want\n\
               to run.\n\n\
               It should be noted that not all jumps are allowed -- for\n\
               instance it is not possible to jump into the middle of a\n\
               for loop or out of a finally clause.",
    },
    Spec {
        cmd: Cmd::Return,
        names: &["return", "r"],
        usage: "r(eturn)",
        help: "Continue execution until the current function returns.",
    },
    Spec {
        cmd: Cmd::Retval,
        names: &["retval", "rv"],
        usage: "retval",
        help: "Print the return value for the last return of a function.",
    },
    Spec {
        cmd: Cmd::Run,
        names: &["run", "restart"],
        usage: "run [args...]",
        help: "Restart the debugged python program. If a string is supplied\n\
               it is split with \"shlex\", and the result is used as the new\n\
               sys.argv.  History, breakpoints, actions and debugger options\n\
               are preserved.  \"restart\" is an alias for \"run\".",
    },
    Spec {
        cmd: Cmd::Continue,
        names: &["continue", "cont", "c"],
        usage: "c(ont(inue))",
        help: "Continue execution, only stop when a breakpoint is encountered.",
    },
    Spec {
        cmd: Cmd::List,
        names: &["list", "l"],
        usage: "l(ist) [first [,last] | .]",
        help: "List source code for the current file.  Without arguments,\n\
               list 11 lines around the current line or continue the previous\n\
               listing.  With . as argument, list 11 lines around the current\n\
               line.  With one argument, list 11 lines starting at that line.\n\
               With two arguments, list the given range; if the second\n\
               argument is less than the first, it is a count.\n\n\
               The current line in the current frame is indicated by \"->\".\n\
               If an exception is being debugged, the line where the\n\
               exception was originally raised or propagated is indicated by\n\
               \">>\", if it differs from the current line.",
    },
    Spec {
        cmd: Cmd::LongList,
        names: &["longlist", "ll"],
        usage: "longlist | ll",
        help: "List the whole source code for the current function or frame.",
    },
    Spec {
        cmd: Cmd::Args,
        names: &["args", "a"],
        usage: "a(rgs)",
        help: "Print the argument list of the current function.",
    },
    Spec {
        cmd: Cmd::P,
        names: &["p"],
        usage: "p expression",
        help: "Print the value of the expression.",
    },
    Spec {
        cmd: Cmd::PP,
        names: &["pp"],
        usage: "pp expression",
        help: "Pretty-print the value of the expression.",
    },
    Spec {
        cmd: Cmd::WhatIs,
        names: &["whatis"],
        usage: "whatis arg",
        help: "Print the type of the argument.",
    },
    Spec {
        cmd: Cmd::Source,
        names: &["source"],
        usage: "source expression",
        help: "Try to get source code for the given object and display it.",
    },
    Spec {
        cmd: Cmd::Display,
        names: &["display"],
        usage: "display [expression]",
        help: "Display the value of the expression if it changed, each time execution\n\
               stops in the current frame.\n\n\
               Without expression, list all display expressions for the current frame.",
    },
    Spec {
        cmd: Cmd::Undisplay,
        names: &["undisplay"],
        usage: "undisplay [expression]",
        help: "Do not display the expression any more in the current frame.\n\n\
               Without expression, clear all display expressions for the current frame.",
    },
    Spec {
        cmd: Cmd::Alias,
        names: &["alias"],
        usage: "alias [name [command [parameter parameter ...] ]]",
        help: "Create an alias called 'name' that executes 'command'.  The\n\
               command must *not* be enclosed in quotes.  Replaceable\n\
               parameters can be indicated by %1, %2, and so on, while %* is\n\
               replaced by all the parameters.  If no command is given, the\n\
               current alias for name is shown. If no name is given, all\n\
               aliases are listed.\n\
               \n\
               Aliases may be nested and can contain anything that can be\n\
               legally typed at the pdb prompt.  Note!  You *can* override\n\
               internal pdb commands with aliases!  Those internal commands\n\
               are then hidden until the alias is removed.  Aliasing is\n\
               recursively applied to the first word of the command line; all\n\
               other words in the line are left alone.\n\
               \n\
               As an example, here are two useful aliases (especially when\n\
               placed in the .pdbrc file):\n\
               \n\
               # Print instance variables (usage \"pi classInst\")\n\
               alias pi for k in %1.__dict__.keys(): print(\"%1.\",k,\"=\",%1.__dict__[k])\n\
               # Print instance variables in self\n\
               alias ps pi self",
    },
    Spec {
        cmd: Cmd::Unalias,
        names: &["unalias"],
        usage: "unalias name",
        help: "Delete the specified alias.",
    },
    Spec {
        cmd: Cmd::Quit,
        names: &["quit", "q", "exit"],
        usage: "q(uit)\nexit",
        help: "Quit from the debugger. The program being executed is aborted.",
    },
    Spec {
        cmd: Cmd::Back,
        names: &["back"],
        usage: "back [count]",
        help: "rdb extension: show the stop count (default one) stops before the one\n\
               shown, from the history of stops. Nothing is re-executed: the program\n\
               stays where it is, and a command that runs it returns to the present.",
    },
    Spec {
        cmd: Cmd::Forward,
        names: &["forward"],
        usage: "forward [count]",
        help: "rdb extension: show the stop count (default one) stops after the one\n\
               shown, up to the present.",
    },
    Spec {
        cmd: Cmd::History,
        names: &["history"],
        usage: "history",
        help: "rdb extension: list the stops kept in the history (the oldest are\n\
               dropped beyond the memory bound, --history-mb).",
    },
    Spec {
        cmd: Cmd::Narrative,
        names: &["narrative"],
        usage: "narrative [on | off | kinds]",
        help: "rdb extension: the story of the latest trace events while stepping, one\n\
               line each, indented by stack depth: call with the arguments, line with\n\
               its source, return with the value, exception. With kinds (for example\n\
               `narrative call,return`), only those events. In the line interface the\n\
               story is told from `narrative on` until `narrative off` (telling it\n\
               runs the arguments' __repr__, which pdb would not).",
    },
    Spec {
        cmd: Cmd::Inspect,
        names: &["inspect"],
        usage: "inspect",
        help: "rdb extension: the selected frame (f_back, f_code, f_lineno, f_lasti,\n\
               f_trace) and its code object (co_name, co_filename, co_firstlineno,\n\
               co_argcount, co_varnames, co_names, co_nlocals, co_flags decoded), then\n\
               the bytecode of the current line with --> at the instruction f_lasti\n\
               points to.",
    },
    Spec {
        cmd: Cmd::Eof,
        names: &["EOF"],
        usage: "EOF",
        help: "Handles the receipt of EOF as a command.",
    },
];

/// pdb's help for `!`, shown by `help exec`.
pub const HELP_EXEC: &str = "(!) statement\n\
Execute the (one-line) statement in the context of the current\n\
stack frame.  The exclamation point can be omitted unless the\n\
first word of the statement resembles a debugger command.  To\n\
assign to a global variable you must always prefix the command\n\
with a 'global' command, e.g.:\n\
(rdb) global list_options; list_options = ['-l']\n\
(rdb)";

/// The command a word names exactly, as pdb's `do_<word>` lookup.
pub fn lookup(word: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|s| s.names.contains(&word))
}

impl Spec {
    /// What `help <cmd>` prints: usage then the text, indented as pdb's docstrings.
    pub fn help_text(&self) -> String {
        let mut s = self.usage.to_string();
        for line in self.help.lines() {
            s.push('\n');
            if !line.is_empty() {
                s.push_str("        ");
                s.push_str(line);
            }
        }
        s
    }
}
