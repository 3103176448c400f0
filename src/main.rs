//! The `dossier` command line: parses flags with clap and calls the library.
//! Exit status: 0 success, 1 content or template errors, 2 usage errors.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dossier::content::date::PartialDate;
use dossier::diagnostic::Diagnostics;
use dossier::BuildOptions;

/// Rendering allocates many small strings and maps per page; mimalloc's
/// per-thread free lists handle that with less work than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its place in `mi_option_e`, which
/// `libmimalloc-sys` does not name for mimalloc 3).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A build frees and reallocates the same few hundred megabytes of page
/// strings many times over. By default mimalloc hands freed memory back to
/// the kernel after 10 ms, and the kernel then zeroes it again on the next
/// touch: at 10,000 briefings that was about a tenth of the build's CPU
/// time. Keeping freed memory for reuse costs a few percent more peak memory.
fn keep_freed_memory() {
    // SAFETY: runs first in `main`, before any other thread; setting an
    // option only stores its value.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

#[derive(Parser)]
#[command(
    name = "dossier",
    version,
    about = "A static site generator for briefings: events, actors, sources and one timeline."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// What `dossier new` writes besides a briefing.
#[derive(Subcommand)]
enum NewKind {
    /// Write a new place profile under content/places/.
    Place {
        /// The place's name.
        name: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into public/ (or output_dir).
    Build {
        /// The site folder (with site.toml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site, instead of output_dir.
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish under this URL instead of base_url.
        #[arg(long)]
        base_url: Option<String>,
        /// Include briefings and pages marked draft = true.
        #[arg(long)]
        drafts: bool,
        /// Replace an output folder that is not empty and was not made by
        /// dossier (never the site itself, its sources, or a file).
        #[arg(long)]
        force: bool,
    },
    /// Build, serve on localhost, rebuild on every change and reload the browser.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything a build would, writing nothing; exit 1 on any error.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// `human` (default) or `json`.
        #[arg(long, default_value = "human", value_parser = ["human", "json"])]
        format: String,
        #[arg(long)]
        drafts: bool,
    },
    /// Write a new briefing under content/briefings/ with every field shown
    /// (or, with `new place "Name"`, a place profile under content/places/).
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    New {
        #[command(subcommand)]
        what: Option<NewKind>,
        /// The briefing's title.
        #[arg(required = true)]
        title: Option<String>,
        /// Publication date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Create a new site in DIR with the default theme.
    Init { dir: PathBuf },
    /// Language server for editors, on stdin/stdout (see docs/editors.md).
    Lsp {
        /// The site folder (default: the editor's workspace folder).
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Internal: delete a previous output folder handed over by `build`
    /// (the build writes the folder's token to this command's stdin).
    #[command(name = "__remove-old-output", hide = true)]
    RemoveOldOutput { dir: PathBuf },
}

/// Deletes the previous output in a detached process, so the build returns as
/// soon as the new output is in place (deleting thousands of files can take
/// seconds). The process is told the folder's one-time token on its stdin,
/// so it deletes only what this build handed it. If that process dies, the
/// next build removes the folder.
fn remove_in_background(old: &std::path::Path) {
    use std::io::Write as _;
    let spawned = dossier::output::ownership::hand_over(old).and_then(|token| {
        let mut child = std::process::Command::new(std::env::current_exe()?)
            .arg("__remove-old-output")
            .arg(old)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let mut stdin = child.stdin.take().ok_or(std::io::ErrorKind::BrokenPipe)?;
        stdin.write_all(token.as_bytes())
    });
    if spawned.is_err() {
        let _ = std::fs::remove_dir_all(old);
    }
}

/// `__remove-old-output`: reads the token from stdin (none from a terminal)
/// and deletes `dir` only if a build handed it over with that token.
fn remove_old_output(dir: &std::path::Path) -> ExitCode {
    use std::io::Read as _;
    let mut token = String::new();
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let _ = stdin.take(256).read_to_string(&mut token);
    }
    match dossier::output::ownership::remove_handed(dir, &token) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}\n  = hint: this command is internal to `dossier build`; delete folders yourself");
            ExitCode::from(2)
        }
    }
}

/// 2 when the command was asked wrongly (a flag, the site or output
/// folder), else 1.
fn failure(diags: &Diagnostics) -> ExitCode {
    ExitCode::from(if diags.is_usage() { 2 } else { 1 })
}

fn print_diagnostics(diags: &Diagnostics) {
    let text = diags.render();
    if !text.is_empty() {
        eprint!("{text}");
    }
}

fn main() -> ExitCode {
    keep_freed_memory();
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => {
            let opts = BuildOptions {
                root,
                output,
                base_url,
                drafts,
                live_reload: false,
                progress: std::io::stderr().is_terminal(),
                keep_old_output: true,
                force,
            };
            match dossier::build(&opts) {
                Ok(report) => {
                    print_diagnostics(&report.diagnostics);
                    eprintln!("{}", report.summary());
                    if let Some(old) = &report.old_output {
                        remove_in_background(old);
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    print_diagnostics(&diags);
                    eprintln!(
                        "build failed: {} error{}, {} warning{}; the output folder was not changed",
                        diags.error_count(),
                        if diags.error_count() == 1 { "" } else { "s" },
                        diags.warning_count(),
                        if diags.warning_count() == 1 { "" } else { "s" }
                    );
                    failure(&diags)
                }
            }
        }
        Command::Check {
            root,
            format,
            drafts,
        } => {
            let opts = BuildOptions {
                root,
                drafts,
                ..Default::default()
            };
            let diags = dossier::check(&opts);
            if format == "json" {
                println!("{}", diags.to_json());
            } else {
                print_diagnostics(&diags);
                eprintln!(
                    "{} error(s), {} warning(s)",
                    diags.error_count(),
                    diags.warning_count()
                );
            }
            if diags.has_errors() {
                failure(&diags)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Serve {
            root,
            port,
            bind,
            drafts,
        } => {
            let opts = BuildOptions {
                root,
                drafts,
                ..Default::default()
            };
            match dossier::serve::run(opts, &bind, port) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(e.exit_code())
                }
            }
        }
        Command::New {
            what: Some(NewKind::Place { name, root }),
            ..
        } => match dossier::scaffold::new_place(&root, &name) {
            Ok(path) => {
                println!("{}", path.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
        Command::New {
            title, date, root, ..
        } => {
            let title = title.unwrap_or_default();
            let date = match date {
                Some(d) => match PartialDate::parse(&d) {
                    Ok(p) => p,
                    Err(e) => {
                        eprintln!("error: {}\n  = hint: {}", e.message, e.hint);
                        return ExitCode::from(2);
                    }
                },
                None => dossier::today(),
            };
            match dossier::scaffold::new_briefing(&root, &title, &date) {
                Ok(path) => {
                    println!("{}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Lsp { root } => match dossier::lsp::run(root) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("error: dossier lsp: {e}");
                ExitCode::from(1)
            }
        },
        Command::RemoveOldOutput { dir } => remove_old_output(&dir),
        Command::Init { dir } => match dossier::scaffold::init(&dir) {
            Ok(files) => {
                println!(
                    "created a new site in {} ({} files)",
                    dir.display(),
                    files.len()
                );
                println!("next: cd {} && dossier serve", dir.display());
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::from(1)
            }
        },
    }
}
