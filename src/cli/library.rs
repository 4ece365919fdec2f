//! `carryout library`, `verify`, `contents` and `extract`: the backup folder, read back.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::Failed;
use carryout::library::{self, Export, FileStatus, Library, Manifest};
use carryout::progress::ProgressEvent;
use indicatif::{ProgressBar, ProgressStyle};

/// Where the backups are.
#[derive(clap::Args)]
pub struct BackupDir {
    /// The backup folder [default: "Carryout" in your Documents folder]
    #[arg(long, value_name = "DIR")]
    backup_dir: Option<PathBuf>,
}

impl BackupDir {
    /// The folder named on the command line, if any.
    pub fn given(&self) -> Option<PathBuf> {
        self.backup_dir.clone()
    }

    pub fn path(&self) -> Result<PathBuf, Failed> {
        match &self.backup_dir {
            Some(dir) => Ok(dir.clone()),
            None => library::default_backup_dir()
                .ok_or_else(|| "no home folder found: pass --backup-dir".into()),
        }
    }

    fn exports(&self) -> Result<Vec<Export>, Failed> {
        Ok(library::exports(&self.path()?)?)
    }
}

#[derive(clap::Args)]
pub struct ListArgs {
    #[command(flatten)]
    dir: BackupDir,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    dir: BackupDir,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ContentsArgs {
    /// An export folder (with a manifest.json) or one archive in it.
    path: PathBuf,
    /// Also count the records of each JSON file (reads them; slower).
    #[arg(long)]
    records: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct ExtractArgs {
    /// An export folder (every archive is extracted) or one archive in it.
    path: PathBuf,
}

pub fn list(args: &ListArgs) -> Result<(), Failed> {
    let exports = args.dir.exports()?;
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        serde_json::to_writer_pretty(&mut out, &exports)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else if exports.is_empty() {
        writeln!(out, "no exports in {}", args.dir.path()?.display())
    } else {
        exports.iter().try_for_each(|export| {
            let m = &export.manifest;
            writeln!(
                out,
                "{:<36} {:<22} {:>3} files {:>12}  {}",
                m.groups.join(","),
                m.export_time
                    .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
                    .unwrap_or_default(),
                m.files.len(),
                human_size(m.total_size()),
                export.path.display()
            )
        })
    };
    quiet_pipe(written)
}

/// What `verify --json` prints: the report, and the receipts that could not be read.
#[derive(serde::Serialize)]
struct VerifyOutput<'a> {
    #[serde(flatten)]
    report: &'a library::VerifyReport,
    unreadable_receipts: &'a [library::UnreadableReceipt],
}

pub fn verify(args: &VerifyArgs) -> Result<(), Failed> {
    let Library {
        exports,
        unreadable,
    } = library::scan(&args.dir.path()?)?;
    let total: u64 = exports.iter().map(|e| e.manifest.total_size()).sum();
    let bar = bar(
        total,
        "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
        args.json,
    );
    let sink = |event: ProgressEvent| {
        if let ProgressEvent::Verify { done, .. } = event {
            bar.set_position(done);
        }
    };
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let report = library::verify(&exports, threads, &sink);
    bar.finish_and_clear();
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        let output = VerifyOutput {
            report: &report,
            unreadable_receipts: &unreadable,
        };
        serde_json::to_writer_pretty(&mut out, &output)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        write_report(&mut out, &report, &unreadable)
    };
    quiet_pipe(written)?;
    if !unreadable.is_empty() {
        Err("some receipts could not be read: their files were not checked".into())
    } else if report.all_ok() {
        Ok(())
    } else {
        Err("some files differ from their receipts".into())
    }
}

/// `verify`'s text: refused receipts, then a line per file, then the counts.
fn write_report(
    out: &mut impl Write,
    report: &library::VerifyReport,
    unreadable: &[library::UnreadableReceipt],
) -> std::io::Result<()> {
    for receipt in unreadable {
        writeln!(out, "REFUSED  {}", receipt.error)?;
    }
    for file in &report.files {
        let status = match file.status {
            FileStatus::Ok => "ok",
            FileStatus::Changed => "CHANGED",
            FileStatus::Missing => "MISSING",
        };
        writeln!(
            out,
            "{status:<8} {}",
            file.export.join(&file.name).display()
        )?;
    }
    let refused = match unreadable.len() {
        0 => String::new(),
        n => format!(", {n} receipts refused"),
    };
    writeln!(
        out,
        "{} ok, {} changed, {} missing{refused}",
        report.ok, report.changed, report.missing
    )
}

pub fn contents(args: &ContentsArgs) -> Result<(), Failed> {
    let archives = archives_at(&args.path)?;
    let mut listing = Vec::new();
    for archive in &archives {
        let options = library::ListOptions {
            count_records: args.records,
            ..library::ListOptions::default()
        };
        let entries = library::list_archive(archive, &options)?;
        listing.push((archive, entries));
    }
    let mut out = std::io::stdout().lock();
    let written = if args.json {
        let value: Vec<_> = listing
            .iter()
            .map(|(archive, entries)| serde_json::json!({"archive": archive, "entries": entries}))
            .collect();
        serde_json::to_writer_pretty(&mut out, &value)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out))
    } else {
        listing.iter().try_for_each(|(archive, entries)| {
            writeln!(out, "{}", archive.display())?;
            entries.iter().try_for_each(|e| {
                let records = match (e.records, e.not_counted) {
                    (Some(n), _) => format!("  {n} records"),
                    (None, Some(why)) => format!("  records not counted: {}", not_counted(why)),
                    (None, None) => String::new(),
                };
                writeln!(out, "  {:>12}  {}{records}", human_size(e.size), e.name)
            })
        })
    };
    quiet_pipe(written)
}

fn not_counted(why: library::NotCounted) -> &'static str {
    match why {
        library::NotCounted::TooLarge => "too large",
        library::NotCounted::Suspicious => "inflates suspiciously far (a zip bomb?)",
        library::NotCounted::OverTotal => "the listing already read its most",
        library::NotCounted::Unreadable => "not valid JSON",
    }
}

pub fn extract(args: &ExtractArgs) -> Result<(), Failed> {
    for archive in archives_at(&args.path)? {
        let bar = bar(0, "{msg} {bar:40} {pos}/{len} files", false);
        bar.set_message(
            archive
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
        );
        let sink = |event: ProgressEvent| {
            if let ProgressEvent::Extract { done, total, .. } = event {
                bar.set_length(total);
                bar.set_position(done);
            }
        };
        let target = library::extract_archive(&archive, &library::ReadLimits::default(), &sink)?;
        bar.finish_and_clear();
        println!("{}", target.display());
    }
    Ok(())
}

/// The archives of an export folder (from its receipt), or the one archive named.
fn archives_at(path: &Path) -> Result<Vec<PathBuf>, Failed> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let manifest = Manifest::read(path)
        .map_err(|e| format!("{} is not an export folder: {e}", path.display()))?;
    Ok(manifest.files.iter().map(|f| path.join(&f.name)).collect())
}

pub(super) fn bar(len: u64, template: &str, hidden: bool) -> ProgressBar {
    if hidden {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar
}

pub fn human_size(bytes: u64) -> String {
    indicatif::HumanBytes(bytes).to_string()
}

pub fn quiet_pipe(result: std::io::Result<()>) -> Result<(), Failed> {
    match result {
        // A closed pipe (`carryout library | head`) is not worth a message.
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
