//! Output: where results go (atomically to a file, or to stdout) and their formats.

pub mod csv;
pub mod insights;
pub mod partial;
pub mod report;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::error::{Error, Result};
use crate::input::discover::{FileId, Source};

/// A destination that is written whole or not at all.
///
/// A file is written to a temporary sibling and renamed into place on [`Output::commit`];
/// dropping an uncommitted output removes the temporary file, so a failed run never leaves
/// a half-written CSV where a spreadsheet could open it, and so does SIGINT, SIGTERM or
/// SIGHUP (see [`Pending`]). SIGKILL or a full disk leave the old output as it was. Devices and pipes (`/dev/null`,
/// `/dev/stdout`, a FIFO) are written directly: renaming over them would replace them.
pub struct Output {
    target: Target,
}

enum Target {
    Stdout(BufWriter<io::Stdout>),
    Direct {
        out: BufWriter<std::fs::File>,
        path: PathBuf,
    },
    File {
        temp: BufWriter<tempfile::NamedTempFile>,
        path: PathBuf,
        _pending: Pending,
    },
}

/// Temporary files of outputs not yet committed, which a signal handler removes.
static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file listed in [`PENDING`] for as long as this lives.
struct Pending(PathBuf);

impl Pending {
    fn new(path: &Path) -> Pending {
        static HANDLER: Once = Once::new();
        HANDLER.call_once(remove_pending_on_signal);
        lock_pending().push(path.to_owned());
        Pending(path.to_owned())
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        lock_pending().retain(|path| *path != self.0);
    }
}

fn lock_pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    PENDING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// On SIGINT, SIGTERM or SIGHUP, removes the pending temporary files and then dies of the
/// signal as it would have without a handler (so a shell sees the usual status). Without
/// this, Ctrl-C during `-o` left a hidden `.closeread-*.tmp` of up to hundreds of MB.
#[cfg(unix)]
fn remove_pending_on_signal() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            for path in lock_pending().drain(..) {
                let _ = std::fs::remove_file(path);
            }
            let _ = signal_hook::low_level::emulate_default_handler(signal);
            std::process::exit(128 + signal);
        }
    });
}

#[cfg(not(unix))]
fn remove_pending_on_signal() {}

/// Prefix of temporary output files; the process id follows, so a later run can tell a
/// file left by a run that died from one being written now.
const TEMP_PREFIX: &str = ".closeread-";

/// Temporary files in the folder of `output` left by closeread runs that are no longer
/// running (killed, or the machine stopped), with what is known of their run.
pub fn stale_temp_files(output: Option<&Path>) -> Vec<(PathBuf, String)> {
    let Some(output) = output.filter(|path| path.as_os_str() != "-") else {
        return Vec::new();
    };
    let dir = match output.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let processes = Path::new("/proc/self")
        .exists()
        .then_some(Path::new("/proc"));
    let mut stale: Vec<(PathBuf, String)> = entries
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let name = entry.file_name().into_string().ok()?;
            let middle = name.strip_prefix(TEMP_PREFIX)?.strip_suffix(".tmp")?;
            let pid = middle.split_once('-').map_or(middle, |(pid, _)| pid);
            let note = match (pid.parse::<u32>(), processes) {
                (Ok(pid), _) if pid == std::process::id() => return None,
                (Ok(pid), Some(processes)) if processes.join(pid.to_string()).exists() => {
                    return None;
                }
                (Ok(pid), Some(_)) => format!("process {pid} is gone"),
                _ => "killed, or still running".to_owned(),
            };
            Some((entry.path(), note))
        })
        .collect();
    stale.sort();
    stale
}

impl Output {
    /// Opens `path`, or stdout for `None` or `-`.
    pub fn create(path: Option<&Path>) -> Result<Output> {
        let target = match path {
            None => Target::Stdout(BufWriter::with_capacity(1 << 16, io::stdout())),
            Some(path) if path.as_os_str() == "-" => {
                Target::Stdout(BufWriter::with_capacity(1 << 16, io::stdout()))
            }
            Some(path)
                if std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir()) =>
            {
                let file =
                    std::fs::OpenOptions::new()
                        .write(true)
                        .open(path)
                        .map_err(|source| Error::Io {
                            path: path.to_owned(),
                            source,
                        })?;
                Target::Direct {
                    out: BufWriter::with_capacity(1 << 16, file),
                    path: path.to_owned(),
                }
            }
            Some(path) => {
                let dir = match path.parent() {
                    Some(parent) if !parent.as_os_str().is_empty() => parent,
                    _ => Path::new("."),
                };
                let mut builder = tempfile::Builder::new();
                let prefix = format!("{TEMP_PREFIX}{}-", std::process::id());
                builder.prefix(&prefix).suffix(".tmp");
                if let Some(permissions) = output_permissions(path) {
                    builder.permissions(permissions);
                }
                let temp = builder.tempfile_in(dir).map_err(|source| Error::Io {
                    path: path.to_owned(),
                    source,
                })?;
                Target::File {
                    _pending: Pending::new(temp.path()),
                    temp: BufWriter::with_capacity(1 << 16, temp),
                    path: path.to_owned(),
                }
            }
        };
        Ok(Output { target })
    }

    /// Flushes and, for a file, renames it into place.
    pub fn commit(self) -> Result<()> {
        match self.target {
            Target::Stdout(mut out) => match out.flush() {
                Err(error) if error.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                other => other.map_err(|source| Error::Io {
                    path: "<stdout>".into(),
                    source,
                }),
            },
            Target::Direct { mut out, path } => {
                out.flush().map_err(|source| Error::Io { path, source })
            }
            Target::File { temp, path, .. } => {
                let io_error = |source| Error::Io {
                    path: path.clone(),
                    source,
                };
                let temp = temp
                    .into_inner()
                    .map_err(|error| io_error(error.into_error()))?;
                temp.as_file().sync_all().map_err(io_error)?;
                temp.persist(&path).map_err(|error| io_error(error.error))?;
                Ok(())
            }
        }
    }
}

/// The error of writing to `path` (standard output for `None`). A reader that closed the
/// pipe (`closeread … | head`) is not a failure: it has what it wanted.
pub fn write_error(path: Option<&Path>, source: io::Error) -> Error {
    match source.kind() {
        io::ErrorKind::BrokenPipe => Error::OutputClosed,
        _ => Error::Io {
            path: path.map_or_else(|| "<stdout>".into(), Path::to_owned),
            source,
        },
    }
}

/// Opens `path` like [`Output::create`], starting with a UTF-8 byte-order mark when `bom`
/// (so older Excel reads accents and emoji).
pub fn open(path: Option<&Path>, bom: bool) -> Result<Output> {
    let mut output = Output::create(path)?;
    if bom {
        output
            .write_all("\u{FEFF}".as_bytes())
            .map_err(|source| write_error(path, source))?;
    }
    Ok(output)
}

/// Writes `bytes` whole to `path` (standard output for `None` or `-`), after a UTF-8
/// byte-order mark when `bom`.
pub fn write_whole(path: Option<&Path>, bom: bool, bytes: &[u8]) -> Result<()> {
    let mut output = open(path, bom)?;
    output
        .write_all(bytes)
        .map_err(|source| write_error(path, source))?;
    output.commit()
}

/// Permissions for the finished file: those of the file it replaces, else the usual
/// `rw-r--r--` (a temporary file alone would be private to its owner).
fn output_permissions(path: &Path) -> Option<std::fs::Permissions> {
    if let Ok(meta) = std::fs::metadata(path) {
        return Some(meta.permissions());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        Some(std::fs::Permissions::from_mode(0o644))
    }
    #[cfg(not(unix))]
    {
        None
    }
}

/// What kind of closeread output `head` (the start of a decoded file) is, if it is one.
///
/// A CSV, partial or report left in an input folder would otherwise be read back as an
/// export: a report as 179 passages of HTML, a tag CSV as one passage per row.
pub fn own_output(head: &str) -> Option<&'static str> {
    let first_line = head.lines().next().unwrap_or_default();
    let csv_of =
        |columns: &str| first_line.starts_with(columns) && first_line.contains("lexicon_version");
    if csv_of("source,record,") {
        Some("tag CSV")
    } else if csv_of("period,start,end,") {
        Some("trends CSV")
    } else if csv_of("category,gold_column,") {
        Some("eval CSV")
    } else if head
        .trim_start()
        .starts_with(r#"{"kind":"closeread trends partial""#)
    {
        Some("trends partial")
    } else if first_line.eq_ignore_ascii_case("<!DOCTYPE html>")
        && head
            .get(..head.len().min(4096))
            .is_some_and(|start| start.contains("<title>closeread report</title>"))
    {
        Some("HTML report")
    } else if matches!(first_line, "closeread insights" | "# closeread insights") {
        Some("insights")
    } else {
        None
    }
}

/// Whether the file at `path` begins like one of closeread's outputs.
fn is_own_output(path: &Path) -> bool {
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| io::Read::read_to_end(&mut io::Read::take(file, 4096), &mut head))
        .is_ok_and(|_| {
            let head = head.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&head);
            own_output(&String::from_utf8_lossy(head)).is_some()
        })
}

/// Refuses an output file that is one of the run's inputs, before anything is read: the
/// finished output would replace it (`closeread tag chat.txt -o chat.txt`, through a
/// symbolic or hard link, or a file inside an input folder). `sources` are the discovered
/// inputs, `others` the other files and folders the run reads (lexicons, file lists).
///
/// One exception: an earlier output of closeread found in an input folder is skipped by
/// the run (see [`own_output`]), so writing the new output over it loses nothing.
pub fn refuse_overwriting_inputs(
    output: Option<&Path>,
    sources: &[Source],
    others: &[PathBuf],
) -> Result<()> {
    let Some(output) = output.filter(|path| path.as_os_str() != "-") else {
        return Ok(());
    };
    // Only a regular file is replaced; a device or pipe is written in place.
    if !std::fs::metadata(output).is_ok_and(|meta| meta.is_file()) {
        return Ok(());
    }
    let Some(target) = FileId::of(output) else {
        return Ok(());
    };
    let refuse = |input: &str| {
        Err(Error::Usage(format!(
            "the output {} is also an input ({input}): writing it would replace what is being read; choose another output file",
            output.display()
        )))
    };
    for source in sources {
        let path = source.path.as_deref().unwrap_or(Path::new("/dev/stdin"));
        if FileId::of(path).as_ref() == Some(&target)
            && (source.explicit || source.member.is_some() || !is_own_output(output))
        {
            return refuse(&source.name);
        }
    }
    for path in others {
        let clash = match std::fs::metadata(path) {
            Ok(meta) if meta.is_dir() => {
                let (Ok(folder), Ok(file)) =
                    (std::fs::canonicalize(path), std::fs::canonicalize(output))
                else {
                    continue;
                };
                file.starts_with(folder)
            }
            Ok(_) => FileId::of(path).as_ref() == Some(&target),
            Err(_) => false,
        };
        if clash {
            return refuse(&path.display().to_string());
        }
    }
    Ok(())
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.target {
            Target::Stdout(out) => out.write(buf),
            Target::Direct { out, .. } => out.write(buf),
            Target::File { temp, .. } => temp.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.target {
            Target::Stdout(out) => out.write_all(buf),
            Target::Direct { out, .. } => out.write_all(buf),
            Target::File { temp, .. } => temp.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Stdout(out) => out.flush(),
            Target::Direct { out, .. } => out.flush(),
            Target::File { temp, .. } => temp.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut output = Output::create(Some(&path)).unwrap();
        output.write_all(b"a,b\n").unwrap();
        assert!(!path.exists());
        output.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
    }

    #[test]
    fn devices_are_written_in_place_not_replaced() {
        let mut output = Output::create(Some(Path::new("/dev/null"))).unwrap();
        output.write_all(b"x").unwrap();
        output.commit().unwrap();
        let meta = std::fs::metadata("/dev/null").unwrap();
        assert!(!meta.is_file(), "/dev/null must stay a device");
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_readable_and_replaced_files_keep_their_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        Output::create(Some(&path)).unwrap().commit().unwrap();
        let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o644);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        Output::create(Some(&path)).unwrap().commit().unwrap();
        assert_eq!(mode(&path), 0o600);
    }

    #[test]
    fn dropped_output_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut output = Output::create(Some(&path)).unwrap();
        output.write_all(b"partial").unwrap();
        drop(output);
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn pending_temporary_files_are_listed_until_committed_or_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let listed = || {
            lock_pending()
                .iter()
                .any(|path| path.starts_with(dir.path()))
        };
        let output = Output::create(Some(&dir.path().join("a.csv"))).unwrap();
        assert!(listed());
        output.commit().unwrap();
        assert!(!listed());
        let output = Output::create(Some(&dir.path().join("b.csv"))).unwrap();
        assert!(listed());
        drop(output);
        assert!(!listed());
    }

    #[test]
    fn temporary_files_of_dead_runs_are_found() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("out.csv");
        // No process has this id (above Linux's pid_max).
        let dead = dir.path().join(".closeread-4294967-x1y2.tmp");
        std::fs::write(&dead, "partial").unwrap();
        std::fs::write(dir.path().join(".closeread-notes.txt"), "").unwrap();
        let own = Output::create(Some(&output)).unwrap();
        let stale = stale_temp_files(Some(&output));
        assert_eq!(stale.len(), 1, "{stale:?}");
        assert_eq!(stale[0].0, dead);
        drop(own);
    }
}
