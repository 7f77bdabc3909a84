//! End-to-end tests of how entente fits a shell: completion scripts and `--help`.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_entente"))
        .env_remove("ENTENTE_DB")
        .args(args)
        .output()
        .expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

/// The subcommands `entente --help` lists (its "Commands:" block), `help` aside.
fn subcommands() -> Vec<String> {
    let out = run(&["--help"]);
    assert!(out.status.success());
    let help = stdout(&out);
    let block = help
        .split("Commands:\n")
        .nth(1)
        .and_then(|rest| rest.split("\n\n").next())
        .expect("a Commands: block");
    block
        .lines()
        // A wrapped description continues on a line indented further than the names.
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(String::from)
        .collect()
}

#[test]
fn every_subcommand_help_has_an_example() {
    let names = subcommands();
    for expected in [
        "ingest",
        "export",
        "extract",
        "meetings",
        "show",
        "completions",
    ] {
        assert!(names.iter().any(|name| name == expected), "{names:?}");
    }
    for name in &names {
        for flag in ["--help", "-h"] {
            let out = run(&[name, flag]);
            assert!(out.status.success(), "{name} {flag}");
            let help = stdout(&out);
            let example = help
                .split_once("Example")
                .map(|(_, rest)| rest)
                .unwrap_or_else(|| panic!("`entente {name} {flag}` has no example:\n{help}"));
            assert!(
                example.contains(&format!("entente {name}")),
                "the example of `{name}` runs it:\n{help}"
            );
        }
    }
}

#[test]
fn completion_scripts_know_the_subcommands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        assert!(out.stderr.is_empty(), "{shell}");
        let script = stdout(&out);
        for name in ["ingest", "export", "meetings", "completions"] {
            assert!(script.contains(name), "{shell} script lacks `{name}`");
        }
        // Options of subcommands and values of enumerations are completed too.
        assert!(script.contains("max-article-bytes"), "{shell}");
    }
}

#[test]
fn the_bash_script_parses() {
    let out = run(&["completions", "bash"]);
    assert!(out.status.success());
    let mut bash = Command::new("bash")
        .arg("-n")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bash runs");
    bash.stdin.take().unwrap().write_all(&out.stdout).unwrap();
    let checked = bash.wait_with_output().unwrap();
    assert!(
        checked.status.success(),
        "{}",
        String::from_utf8_lossy(&checked.stderr)
    );
    // And it defines the completion function it registers.
    let script = stdout(&out);
    assert!(script.contains("complete -F _entente"), "{script}");
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let out = run(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("tcsh"));
}
