//! The `girok` command: parses arguments, runs the library, prints
//! diagnostics, and turns the result into an exit status.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use girok::diag::{Diagnostics, Format};
use girok::model::entities::Kind;
use girok::Options;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "girok",
    version,
    about = "Build a static site from a briefing archive"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    /// Readable text, coloured on a terminal (set NO_COLOR to turn colour off).
    Human,
    /// One JSON document on standard output.
    Json,
}

#[derive(clap::Args)]
struct Common {
    /// The archive folder, holding site.yaml and content/.
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Include briefings marked `draft: true`.
    #[arg(long)]
    drafts: bool,
    /// How to print problems.
    #[arg(long, value_enum, default_value = "human")]
    format: OutputFormat,
    /// Show every warning (by default at most 20 of each kind are shown).
    #[arg(long)]
    all_warnings: bool,
    /// Render every page through the theme's Tera templates, even where
    /// girok has the built-in templates compiled (slower; the site is the
    /// same).
    #[arg(long)]
    tera: bool,
}

/// Warnings of one kind shown before the rest are counted in one line.
const WARNINGS_PER_KIND: usize = 20;

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder.
    Build {
        #[command(flatten)]
        common: Common,
        /// Where to write the site (default: output/ in the archive folder).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// Also print how long each step of the build took.
        #[arg(long)]
        timings: bool,
    },
    /// Check the archive and report every problem; writes nothing.
    Check {
        #[command(flatten)]
        common: Common,
    },
    /// Build, serve the site on this computer, and rebuild and reload the
    /// open pages whenever content, a theme or site.yaml changes.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Where to write the site (default: output/ in the archive folder).
        #[arg(long, short)]
        output: Option<PathBuf>,
        /// The port to serve on.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to serve on. The default serves this computer only;
        /// give e.g. 0.0.0.0 to let other machines of the network in.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
    },
    /// Start a new entry: writes content/<kind>s/<slug>.md with every field
    /// of the format explained, and never overwrites a file.
    New {
        /// What to start.
        #[arg(value_enum)]
        kind: NewKind,
        /// Its title (an actor's name), in quotes.
        title: String,
        /// The archive folder, holding site.yaml and content/.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The file name without .md (default: made from the title, after
        /// the date for a briefing).
        #[arg(long)]
        slug: Option<String>,
        /// The entry's date, YYYY-MM-DD (default: today).
        #[arg(long, value_parser = parse_date)]
        date: Option<chrono::NaiveDate>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum NewKind {
    /// A dated write-up (content/briefings/).
    Briefing,
    /// A reported episode of forced return (content/waves/).
    Wave,
    /// A government, ministry, UN body, NGO, media outlet or person (content/actors/).
    Actor,
    /// An entry of the bibliography (content/sources/).
    Source,
}

fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date of the form YYYY-MM-DD"))
}

fn format_of(f: OutputFormat) -> Format {
    match f {
        OutputFormat::Human => Format::Human,
        OutputFormat::Json => Format::Json,
    }
}

fn finish(diags: &Diagnostics, common: &Common, ok_line: Option<String>) -> ExitCode {
    let format = format_of(common.format);
    let limit = (!common.all_warnings).then_some(WARNINGS_PER_KIND);
    diags.emit(format, limit);
    let failed = diags.has_errors();
    if format == Format::Human {
        if failed {
            eprintln!("error: {}; nothing was written", diags.summary());
        } else if let Some(line) = ok_line {
            eprintln!("{line}");
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            common,
            output,
            timings,
        } => {
            let started = Instant::now();
            let opts = Options {
                root: common.root.clone(),
                output,
                drafts: common.drafts,
                tera: common.tera,
            };
            match girok::build(&opts) {
                Ok(report) => {
                    if timings {
                        for (step, took) in &report.timings {
                            eprintln!("{:>8.3} s  {step}", took.as_secs_f64());
                        }
                    }
                    let line = format!(
                        "built {} pages ({} files) into {} in {:.2} s; {}",
                        report.pages,
                        report.files,
                        report.output.display(),
                        started.elapsed().as_secs_f64(),
                        report.diagnostics.summary()
                    );
                    finish(&report.diagnostics, &common, Some(line))
                }
                Err(diags) => finish(&diags, &common, None),
            }
        }
        Command::Check { common } => {
            let opts = Options {
                root: common.root.clone(),
                output: None,
                drafts: common.drafts,
                tera: common.tera,
            };
            let diags = girok::check(&opts);
            let line = format!("checked: {}", diags.summary());
            finish(&diags, &common, Some(line))
        }
        Command::Serve {
            common,
            output,
            port,
            bind,
        } => {
            let opts = Options {
                root: common.root.clone(),
                output,
                drafts: common.drafts,
                tera: common.tera,
            };
            let addr = std::net::SocketAddr::new(bind, port);
            let format = format_of(common.format);
            let limit = (!common.all_warnings).then_some(WARNINGS_PER_KIND);
            let report = |o: &girok::live::Outcome, took: std::time::Duration| {
                o.diagnostics.emit(format, limit);
                let ms = took.as_secs_f64() * 1000.0;
                if !o.ok {
                    eprintln!(
                        "build failed ({}); still serving the last good site",
                        o.diagnostics.summary()
                    );
                } else if o.full {
                    eprintln!(
                        "built {} pages in {ms:.0} ms; {}",
                        o.pages.len(),
                        o.diagnostics.summary()
                    );
                } else {
                    eprintln!(
                        "rebuilt {} pages, wrote {} files in {ms:.0} ms; {}",
                        o.pages.len(),
                        o.written,
                        o.diagnostics.summary()
                    );
                }
            };
            let ready = |at: std::net::SocketAddr| {
                eprintln!("serving http://{at}/ (Ctrl-C stops)");
            };
            match girok::serve::run(opts, addr, &report, ready) {
                Ok(()) => ExitCode::SUCCESS,
                Err(d) => {
                    let mut diags = Diagnostics::new();
                    diags.push(d);
                    diags.emit(format, None);
                    ExitCode::FAILURE
                }
            }
        }
        Command::New {
            kind,
            title,
            root,
            slug,
            date,
        } => {
            let entry = girok::new::NewEntry {
                kind: match kind {
                    NewKind::Briefing => Kind::Briefing,
                    NewKind::Wave => Kind::Wave,
                    NewKind::Actor => Kind::Actor,
                    NewKind::Source => Kind::Source,
                },
                title,
                slug,
                date: date.unwrap_or_else(|| chrono::Local::now().date_naive()),
            };
            match girok::new::create(&root, &entry) {
                Ok(rel) => {
                    println!("{}", root.join(&rel).display());
                    eprintln!("wrote {rel}: fill in the fields it lists, then run girok check");
                    ExitCode::SUCCESS
                }
                Err(d) => {
                    let mut diags = Diagnostics::new();
                    diags.push(d);
                    diags.emit(Format::Human, None);
                    ExitCode::FAILURE
                }
            }
        }
    }
}
