//! pdb's aliases: `alias`/`unalias`, and `precmd`'s expansion of the first word of each
//! line (before `;;` splits it), with 3.13's argument checks where 3.13 has them.

use std::collections::BTreeMap;

use super::Session;
use crate::py;

/// An alias that expands to itself (`alias a a`) makes pdb loop forever; rdb stops here.
const MAX_EXPANSIONS: usize = 100;

/// `precmd`'s alias expansion of `line`, or pdb's error message.
pub(super) fn expand(aliases: &BTreeMap<String, String>, line: &str) -> Result<String, String> {
    let mut line = line.to_string();
    let mut args: Vec<String> = line.split_whitespace().map(String::from).collect();
    let mut expansions = 0;
    while let Some(body) = args.first().and_then(|a| aliases.get(a)) {
        expansions += 1;
        if expansions > MAX_EXPANSIONS {
            return Err(format!("Alias '{}' expands to itself", args[0]));
        }
        line = if py::PDB_CHECKS_ALIAS_ARGUMENTS {
            substitute_checked(body, &args)?
        } else {
            let mut line = body.clone();
            for (i, arg) in args.iter().enumerate().skip(1) {
                line = line.replace(&format!("%{i}"), arg);
            }
            line
        };
        line = line.replace("%*", &args[1..].join(" "));
        args = line.split_whitespace().map(String::from).collect();
    }
    Ok(line)
}

/// 3.13: `%1`…`%9` must each have an argument, and without `%*` no argument may be left.
fn substitute_checked(body: &str, args: &[String]) -> Result<String, String> {
    let mut line = body.to_string();
    for idx in 1..10 {
        let param = format!("%{idx}");
        if line.contains(&param) {
            let Some(arg) = args.get(idx) else {
                return Err(format!("Not enough arguments for alias '{}'", args[0]));
            };
            line = line.replace(&param, arg);
        } else if !line.contains("%*") {
            if idx < args.len() {
                return Err(format!("Too many arguments for alias '{}'", args[0]));
            }
            break;
        }
    }
    Ok(line)
}

impl Session {
    pub(super) fn do_alias(&mut self, arg: &str) {
        let args: Vec<&str> = arg.split_whitespace().collect();
        match args.as_slice() {
            [] => {
                let listing: Vec<String> = self
                    .aliases
                    .iter()
                    .map(|(name, body)| format!("{name} = {body}"))
                    .collect();
                for line in listing {
                    self.message(&line);
                }
            }
            [name] => match self.aliases.get(*name) {
                Some(body) => {
                    let line = format!("{name} = {body}");
                    self.message(&line);
                }
                None if py::PDB_REPORTS_UNKNOWN_ALIAS => {
                    self.error(&format!("Unknown alias '{name}'"))
                }
                None => {
                    self.aliases.insert(name.to_string(), String::new());
                }
            },
            [name, body @ ..] => {
                let body = body.join(" ");
                if py::PDB_CHECKS_ALIAS_ARGUMENTS && !body.contains("%*") {
                    let present: Vec<bool> =
                        (1..10).map(|i| body.contains(&format!("%{i}"))).collect();
                    if present.windows(2).any(|w| !w[0] && w[1]) {
                        self.error("Replaceable parameters must be consecutive");
                        return;
                    }
                }
                self.aliases.insert(name.to_string(), body);
            }
        }
    }

    pub(super) fn do_unalias(&mut self, arg: &str) {
        if let Some(name) = arg.split_whitespace().next() {
            self.aliases.remove(name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_replaces_parameters_and_recurses_on_the_first_word() {
        let mut aliases = BTreeMap::new();
        aliases.insert("pi".to_string(), "p %1.__dict__".to_string());
        aliases.insert("ps".to_string(), "pi self".to_string());
        aliases.insert("all".to_string(), "p (%*)".to_string());
        aliases.insert("loop".to_string(), "loop again".to_string());
        assert_eq!(expand(&aliases, "ps").unwrap(), "p self.__dict__");
        assert_eq!(expand(&aliases, "all 1, 2").unwrap(), "p (1, 2)");
        assert_eq!(expand(&aliases, "n").unwrap(), "n");
        assert!(expand(&aliases, "loop").is_err());
    }
}
