//! Output: where results go (atomically to a file, or to stdout) and their formats.

pub mod csv;
pub mod insights;
pub mod partial;
pub mod report;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A destination that is written whole or not at all.
///
/// A file is written to a temporary sibling and renamed into place on [`Output::commit`];
/// dropping an uncommitted output removes the temporary file, so a failed run never leaves
/// a half-written CSV where a spreadsheet could open it. Devices and pipes (`/dev/null`,
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
    },
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
                builder.prefix(".closeread-").suffix(".tmp");
                if let Some(permissions) = output_permissions(path) {
                    builder.permissions(permissions);
                }
                let temp = builder.tempfile_in(dir).map_err(|source| Error::Io {
                    path: path.to_owned(),
                    source,
                })?;
                Target::File {
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
            Target::File { temp, path } => {
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
}
