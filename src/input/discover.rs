//! Discovery: turn the command-line inputs into a sorted list of sources.

use std::path::{Path, PathBuf};

use crate::error::Error;

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path as shown in output; `<stdin>` for standard input.
    pub name: String,
    pub path: Option<PathBuf>,
    /// Named on the command line (rather than found in a folder): a binary file is then an
    /// error, not something to pass over.
    pub explicit: bool,
}

impl Source {
    pub fn stdin() -> Source {
        Source {
            name: "<stdin>".to_owned(),
            path: None,
            explicit: true,
        }
    }

    pub fn file(path: PathBuf, explicit: bool) -> Source {
        Source {
            name: path.display().to_string(),
            path: Some(path),
            explicit,
        }
    }
}

/// Expands files, folders (recursively, hidden entries skipped) and `-` into sources.
///
/// Sources are ordered by argument, and by sorted path within a folder, so output order
/// never depends on the file system or thread timing. Paths that cannot be read are
/// returned as errors beside the sources that can.
pub fn discover(inputs: &[PathBuf]) -> (Vec<Source>, Vec<Error>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for input in inputs {
        if input.as_os_str() == "-" {
            sources.push(Source::stdin());
            continue;
        }
        match std::fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walk(input, &mut sources, &mut errors),
            Ok(_) => sources.push(Source::file(input.clone(), true)),
            Err(source) => errors.push(Error::Io {
                path: input.clone(),
                source,
            }),
        }
    }
    (sources, errors)
}

fn walk(root: &Path, sources: &mut Vec<Source>, errors: &mut Vec<Error>) {
    let walker = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                sources.push(Source::file(entry.into_path(), false));
            }
            Ok(_) => {}
            Err(error) => errors.push(Error::Input {
                path: error.path().unwrap_or(root).to_owned(),
                message: error.to_string(),
            }),
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_are_walked_sorted_and_hidden_entries_skipped() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.txt", "a.txt", ".hidden.txt", "sub/c.txt", ".git/x.txt"] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        let (sources, errors) = discover(&[dir.path().to_owned()]);
        assert!(errors.is_empty());
        let names: Vec<_> = sources
            .iter()
            .map(|s| {
                s.path
                    .as_ref()
                    .unwrap()
                    .strip_prefix(dir.path())
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [PathBuf::from("a.txt"), "b.txt".into(), "sub/c.txt".into()]
        );
    }

    #[test]
    fn missing_paths_are_errors_naming_the_path() {
        let (sources, errors) = discover(&["no/such/file.txt".into()]);
        assert!(sources.is_empty());
        assert!(errors[0].to_string().starts_with("no/such/file.txt: "));
    }
}
