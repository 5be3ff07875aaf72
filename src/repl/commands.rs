//! The slash commands: one table drives help, tab completion and dispatch; each line is parsed by a pure
//! function.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Help,
    Skip,
    Hint,
    Repeat,
    Answer,
    Score,
    Quit,
}

pub struct CommandSpec {
    pub name: &'static str,
    pub help: &'static str,
    pub command: Command,
}

pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec { name: "/help", help: "list these commands", command: Command::Help },
    CommandSpec { name: "/skip", help: "skip this question (it counts as unanswered)", command: Command::Skip },
    CommandSpec {
        name: "/hint",
        help: "reveal one point the interviewer is looking for (recorded)",
        command: Command::Hint,
    },
    CommandSpec { name: "/repeat", help: "show the current question again", command: Command::Repeat },
    CommandSpec {
        name: "/answer",
        help: "show the model answer of the last scored question",
        command: Command::Answer,
    },
    CommandSpec { name: "/score", help: "show the running summary", command: Command::Score },
    CommandSpec { name: "/quit", help: "save and leave (Ctrl-D does the same)", command: Command::Quit },
];

/// One submitted line or block of input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Answer(String),
    Command(Command),
    /// A line starting with `/` that names no command.
    Unknown(String),
    Empty,
}

pub fn parse(text: &str) -> Input {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Input::Empty;
    }
    if trimmed.starts_with('/') && !trimmed.contains(char::is_whitespace) {
        let word = trimmed.to_lowercase();
        return match COMMANDS.iter().find(|spec| spec.name == word) {
            Some(spec) => Input::Command(spec.command),
            None => Input::Unknown(trimmed.to_string()),
        };
    }
    Input::Answer(text.trim_end().to_string())
}

/// The commands whose names start with `prefix`.
pub fn completions(prefix: &str) -> Vec<&'static str> {
    COMMANDS.iter().map(|spec| spec.name).filter(|name| prefix.starts_with('/') && name.starts_with(prefix)).collect()
}

pub fn help() -> String {
    COMMANDS.iter().map(|spec| format!("  {:<8} {}\n", spec.name, spec.help)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_commands_answers_and_unknown_slashes() {
        assert_eq!(parse("/hint"), Input::Command(Command::Hint));
        assert_eq!(parse("  /QUIT \n"), Input::Command(Command::Quit));
        assert_eq!(parse("/frobnicate"), Input::Unknown("/frobnicate".into()));
        assert_eq!(parse("   \n "), Input::Empty);
        assert_eq!(parse("A tuple is immutable.\n"), Input::Answer("A tuple is immutable.".into()));
    }

    #[test]
    fn an_answer_that_starts_with_a_path_is_still_an_answer() {
        assert_eq!(
            parse("/usr/bin/python is the interpreter"),
            Input::Answer("/usr/bin/python is the interpreter".into())
        );
    }

    #[test]
    fn completes_command_prefixes_only() {
        assert_eq!(completions("/h"), ["/help", "/hint"]);
        assert!(completions("h").is_empty());
    }

    #[test]
    fn every_command_has_one_entry() {
        let mut names: Vec<_> = COMMANDS.iter().map(|c| c.name).collect();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len());
    }
}
