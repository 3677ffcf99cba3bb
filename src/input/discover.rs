//! Discovery: turn the command-line inputs into a sorted list of sources.

use std::cmp::{Ordering, Reverse};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use super::archive;
use crate::error::Error;

/// One input to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Path as shown in output; `<stdin>` for standard input.
    pub name: String,
    pub path: Option<PathBuf>,
    /// Named on the command line (rather than found in a folder or an archive): a binary
    /// file is then an error, not something to pass over.
    pub explicit: bool,
    /// For a member of the zip archive at `path`, the member's name inside it.
    pub member: Option<String>,
    /// Why discovery passes this input over unread (a FIFO, a symbolic-link loop, an unsafe
    /// zip member name, a file already read): the run counts it as skipped with the reason.
    pub skipped: Option<String>,
}

impl Source {
    pub fn stdin() -> Source {
        Source {
            name: "<stdin>".to_owned(),
            path: None,
            explicit: true,
            member: None,
            skipped: None,
        }
    }

    pub fn file(path: PathBuf, explicit: bool) -> Source {
        Source {
            name: path.display().to_string(),
            path: Some(path),
            explicit,
            member: None,
            skipped: None,
        }
    }

    /// An input found but not to be read, for the summary to count with its reason.
    pub fn skipped(path: PathBuf, reason: String) -> Source {
        Source {
            skipped: Some(reason),
            ..Source::file(path, false)
        }
    }

    /// A member of a zip archive, named `archive.zip:member/path` in output.
    pub fn member(archive: &Path, member: String) -> Source {
        Source {
            name: format!("{}:{member}", archive.display()),
            path: Some(archive.to_owned()),
            explicit: false,
            member: Some(member),
            skipped: None,
        }
    }

    /// The conversation this source belongs to, so that turn-taking runs on across the
    /// files of one thread: the folder of Meta's split `message_N.json` files, the source
    /// itself otherwise.
    pub fn conversation(&self) -> &str {
        let file = self
            .name
            .rsplit(['/', '\\', ':'])
            .next()
            .unwrap_or_default();
        match thread_part(file) {
            Some(_) => &self.name[..self.name.len() - file.len()],
            None => &self.name,
        }
    }

    /// The path whose name describes the content: the member's inside an archive, the
    /// file's otherwise (empty for standard input). Detection and dated file names use it.
    pub fn content_path(&self) -> PathBuf {
        match (&self.member, &self.path) {
            (Some(member), _) => PathBuf::from(member),
            (None, Some(path)) => path.clone(),
            (None, None) => PathBuf::new(),
        }
    }
}

/// Expands files, folders (recursively, hidden entries skipped), zip archives (every file
/// inside, in place) and `-` into sources.
///
/// Sources are ordered by argument, and by sorted path within a folder or an archive (see
/// [`compare_names`]), so output order never depends on the file system or thread timing.
/// Paths that cannot be read are returned as errors beside the sources that can.
///
/// In folders, symbolic links are followed, and a link that loops back to a folder above
/// it, a broken link, and FIFOs, sockets and devices are sources marked skipped with the
/// reason; so is a file reached a second time (through a link, or named twice), whose
/// counts would otherwise be added twice. Nothing found is dropped without a count.
pub fn discover(inputs: &[PathBuf]) -> (Vec<Source>, Vec<Error>) {
    let mut found = Found::default();
    for input in inputs {
        if input.as_os_str() == "-" {
            found.sources.push(Source::stdin());
            continue;
        }
        match std::fs::metadata(input) {
            Ok(meta) if meta.is_dir() => walk(input, &mut found),
            Ok(_) => found.file(input.clone(), true),
            Err(source) => found.errors.push(Error::Io {
                path: input.clone(),
                source,
            }),
        }
    }
    (found.sources, found.errors)
}

/// The identity of a file, the same through every link to it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FileId {
    #[cfg(unix)]
    id: (u64, u64),
    #[cfg(not(unix))]
    id: PathBuf,
}

impl FileId {
    pub(crate) fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(FileId {
                id: (meta.dev(), meta.ino()),
            })
        }
        #[cfg(not(unix))]
        {
            Some(FileId {
                id: std::fs::canonicalize(path).ok()?,
            })
        }
    }
}

/// What discovery found so far, and the files it has seen (by identity, so a file reached
/// through a link is known).
#[derive(Default)]
struct Found {
    sources: Vec<Source>,
    errors: Vec<Error>,
    seen: std::collections::HashMap<FileId, String>,
}

impl Found {
    /// A regular file (or a zip archive to expand), unless it was seen before.
    fn file(&mut self, path: PathBuf, explicit: bool) {
        if let Some(id) = FileId::of(&path) {
            let name = path.display().to_string();
            if let Some(first) = self.seen.get(&id) {
                let reason = format!("the same file as {first}, already read");
                self.sources.push(Source::skipped(path, reason));
                return;
            }
            self.seen.insert(id, name);
        }
        if archive::is_zip(&path) {
            expand_zip(&path, self);
        } else {
            self.sources.push(Source::file(path, explicit));
        }
    }
}

fn walk(root: &Path, found: &mut Found) {
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by(|a, b| compare_names(a.file_name(), b.file_name()))
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) if entry.file_type().is_file() => found.file(entry.into_path(), false),
            Ok(entry) => {
                let reason = special_file(&entry.file_type());
                found
                    .sources
                    .push(Source::skipped(entry.into_path(), reason.to_owned()));
            }
            Err(error) => {
                let path = error.path().unwrap_or(root).to_owned();
                let broken = std::fs::symlink_metadata(&path)
                    .is_ok_and(|meta| meta.file_type().is_symlink())
                    && std::fs::metadata(&path).is_err();
                let reason = match error.loop_ancestor() {
                    Some(ancestor) => format!(
                        "symbolic link loop back to {}; its contents are read there",
                        ancestor.display()
                    ),
                    None if broken => "broken symbolic link: what it points to is missing".into(),
                    None => {
                        found.errors.push(Error::Input {
                            path,
                            message: error.to_string(),
                        });
                        continue;
                    }
                };
                found.sources.push(Source::skipped(path, reason));
            }
        }
    }
}

/// What a file that is neither a regular file nor a folder is, as a reason to skip it:
/// reading a FIFO found in a folder could wait for ever, a device never end.
fn special_file(file_type: &std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a FIFO (named pipe), not a file";
        } else if file_type.is_socket() {
            return "a socket, not a file";
        } else if file_type.is_block_device() || file_type.is_char_device() {
            return "a device, not a file";
        }
    }
    let _ = file_type;
    "not a regular file"
}

/// One source per file in the archive, ordered as a folder walk would order them.
fn expand_zip(path: &Path, found: &mut Found) {
    match archive::members(path) {
        Ok(mut members) => {
            members.sort_by(|a, b| {
                let key = |name| name_key(name);
                a.name.split('/').map(key).cmp(b.name.split('/').map(key))
            });
            found
                .sources
                .extend(members.into_iter().map(|member| Source {
                    skipped: member.skipped,
                    ..Source::member(path, member.name)
                }));
        }
        Err(source) => found.errors.push(Error::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

fn is_hidden(name: &OsStr) -> bool {
    name.to_str().is_some_and(|name| name.starts_with('.'))
}

/// Orders the names in one folder: by name, except that the files of a thread that Meta's
/// exporter split up (`message_1.json` newest, then `message_2.json`, … `message_10.json`
/// oldest) come by descending number, compared as numbers, so that one conversation reads
/// oldest file first, in order, as one chronological conversation.
fn compare_names(a: &OsStr, b: &OsStr) -> Ordering {
    match (a.to_str(), b.to_str()) {
        (Some(a), Some(b)) => name_key(a).cmp(&name_key(b)),
        _ => a.cmp(b),
    }
}

fn name_key(name: &str) -> (&str, Reverse<u64>, &str) {
    match thread_part(name) {
        Some(number) => ("message_.json", Reverse(number), name),
        None => (name, Reverse(0), name),
    }
}

/// The number of a Messenger or Instagram thread file, `message_N.json`.
fn thread_part(name: &str) -> Option<u64> {
    let number = name.strip_prefix("message_")?.strip_suffix(".json")?;
    if number.is_empty() || !number.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    number.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_thread_files_share_their_folder_as_conversation() {
        let archive = Path::new("export.zip");
        let member = |name: &str| Source::member(archive, name.to_owned());
        let file = |name: &str| Source::file(PathBuf::from(name), false);
        assert_eq!(
            member("inbox/kit_1/message_2.json").conversation(),
            "export.zip:inbox/kit_1/"
        );
        assert_eq!(
            file("inbox/kit_1/message_10.json").conversation(),
            file("inbox/kit_1/message_1.json").conversation()
        );
        assert_ne!(
            file("inbox/kit_1/message_1.json").conversation(),
            file("inbox/ana_2/message_1.json").conversation()
        );
        assert_eq!(file("chats/kit.txt").conversation(), "chats/kit.txt");
        assert_eq!(file("message_x.json").conversation(), "message_x.json");
    }

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
    fn split_messenger_threads_come_oldest_file_first() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "inbox/kit/message_1.json",
            "inbox/kit/message_2.json",
            "inbox/kit/message_10.json",
            "inbox/kit/photos/1.jpg",
            "inbox/kit/message_x.json",
            "inbox/ana/message_1.json",
        ] {
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "{}").unwrap();
        }
        let (sources, _) = discover(&[dir.path().to_owned()]);
        let names: Vec<String> = sources
            .iter()
            .map(|s| {
                let path = s.path.as_ref().unwrap().strip_prefix(dir.path()).unwrap();
                path.to_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(
            names,
            [
                "inbox/ana/message_1.json",
                "inbox/kit/message_10.json",
                "inbox/kit/message_2.json",
                "inbox/kit/message_1.json",
                "inbox/kit/message_x.json",
                "inbox/kit/photos/1.jpg",
            ]
        );
    }

    #[test]
    fn zip_archives_become_one_source_per_member_in_folder_order() {
        use std::io::Write;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.zip");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        for name in [
            "b/message_1.json",
            "_chat.txt",
            "b/message_2.json",
            "a.txt",
            "b.txt",
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(b"x").unwrap();
        }
        zip.finish().unwrap();
        let (sources, errors) = discover(std::slice::from_ref(&path));
        assert!(errors.is_empty());
        let names: Vec<&str> = sources
            .iter()
            .map(|s| s.member.as_deref().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "_chat.txt",
                "a.txt",
                "b/message_2.json",
                "b/message_1.json",
                "b.txt"
            ]
        );
        assert_eq!(sources[0].name, format!("{}:_chat.txt", path.display()));
        assert_eq!(sources[2].content_path(), Path::new("b/message_2.json"));
        assert!(sources.iter().all(|s| !s.explicit));
    }

    #[test]
    fn missing_paths_are_errors_naming_the_path() {
        let (sources, errors) = discover(&["no/such/file.txt".into()]);
        assert!(sources.is_empty());
        assert!(errors[0].to_string().starts_with("no/such/file.txt: "));
    }
}
