//! The `hindsight` command line: parse arguments, run one command, map the
//! outcome to an exit code (0 ok, 1 findings, 2 usage or I/O error).

use clap::{CommandFactory, Parser, Subcommand};
use hindsight::color::{self, ColorChoice};
use hindsight::commands::{
    build, check, cli_docs, explain, first_steps, review, scaffold, search, serve, trends,
};
use std::path::PathBuf;
use std::process::ExitCode;

// Builds allocate and free millions of small strings (cache entries, pages,
// index terms); mimalloc does that markedly faster than the system allocator.
// Built without transparent huge pages (feature `no_thp`): with them, peak
// memory of a 1,000-postmortem build grew by a third for no speed.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "hindsight",
    // The package version and the commit it was built from (build.rs).
    version = env!("HINDSIGHT_VERSION"),
    about = "Turn a git repository of incident postmortems into a searchable static knowledge base"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour output: auto (a terminal, unless NO_COLOR is set), always or never
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    color: ColorChoice,
}

#[derive(Subcommand)]
enum Command {
    /// Build the static site from the working tree or a revision
    Build(build::BuildArgs),
    /// Build, serve the site on 127.0.0.1 and rebuild on every change (live reload)
    Serve(serve::ServeArgs),
    /// Search postmortems from the command line (the same ranking as the site's search)
    Search(search::SearchArgs),
    /// Print the Trends dashboard's numbers (the same as OUT/trends.json)
    Trends(trends::TrendsArgs),
    /// Lint postmortems: required sections, action items, timeline, blameless language, links, duplicates
    Check(check::CheckArgs),
    /// Show one postmortem as Hindsight read it: each value and where it came from, and what was not found
    Explain(explain::ExplainArgs),
    /// Print Markdown for a pull-request comment: findings and similar past incidents of each changed postmortem
    Review(review::ReviewArgs),
    /// Start a new postmortem from the template (today's date, a slug file name)
    New {
        /// Title of the incident
        title: String,
        /// Repository folder
        #[arg(long, default_value = ".")]
        repo: PathBuf,
    },
    /// Scaffold hindsight.toml, a postmortems/ folder with a template and a GitHub Actions workflow (runs `git init` if needed)
    Init {
        /// Folder to set up
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print a shell completion script, e.g. `hindsight completions bash > ~/.local/share/bash-completion/completions/hindsight`
    Completions {
        /// The shell to complete in
        shell: clap_complete::Shell,
    },
    /// Print the man page, or write one page per command into a folder
    Man {
        /// Write hindsight.1, hindsight-build.1, … into this folder instead
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if hindsight::timing::requested() {
        hindsight::timing::install();
    }
    color::set_choice(cli.color);
    let result = match cli.command {
        Command::Build(args) => build::run(&args).map(|report| {
            build::print_report(&report, args.quiet);
            report.exit_code()
        }),
        Command::Serve(args) => serve::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Trends(args) => trends::run(&args).and_then(|text| out(&text)),
        Command::Check(args) => check::run(&args),
        Command::Review(args) => review::run(&args).and_then(|text| out(&text)),
        Command::Explain(args) => explain::run(&args).and_then(|text| out(&text)),
        Command::New { title, repo } => {
            scaffold::new_postmortem(&repo, &title, chrono::Local::now().date_naive())
                .and_then(|p| out(&first_steps::new_message(&repo, &p)))
        }
        Command::Init { dir } => {
            scaffold::init(&dir).and_then(|done| out(&first_steps::init_message(&dir, &done)))
        }
        Command::Completions { shell } => {
            let mut text = Vec::new();
            cli_docs::completions(&mut Cli::command(), shell, &mut text);
            out(&String::from_utf8_lossy(&text))
        }
        Command::Man { out_dir: None } => {
            let mut text = Vec::new();
            cli_docs::man_page(Cli::command(), &mut text)
                .and_then(|()| out(&String::from_utf8_lossy(&text)))
        }
        Command::Man { out_dir: Some(dir) } => {
            cli_docs::man_pages(Cli::command(), &dir).and_then(|files| {
                let list: Vec<String> = files
                    .iter()
                    .map(|f| format!("wrote {}\n", f.display()))
                    .collect();
                out(&list.concat())
            })
        }
    };
    match result {
        Ok(code) => ExitCode::from(code as u8),
        // A reader that stopped early (`| head`) is not an error: exit
        // quietly, as ripgrep does.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Writes `text` to standard output; exit code 0.
fn out(text: &str) -> anyhow::Result<i32> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()?;
    Ok(0)
}

/// Whether the error is standard output closed by its reader.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
