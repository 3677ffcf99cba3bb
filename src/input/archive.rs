//! Zip archives, read in place: which members are worth reading, and one member's bytes as
//! a stream, never unpacked to disk.
//!
//! WhatsApp for iOS shares a chat as a zip of `_chat.txt` and its media; Telegram and Meta
//! ("Download your information") exports often arrive zipped whole. Discovery turns every
//! member into a source of its own, named `archive.zip:member/path`, which is then detected
//! and parsed like a file.

use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use zip::ZipArchive;

/// Decompressed bytes handed over per block, and blocks buffered ahead of the reader: enough
/// to keep decoding busy, little enough that a large member costs a few hundred KiB.
const BLOCK_LEN: usize = 64 * 1024;
const BLOCKS_AHEAD: usize = 4;
/// Members up to this size are decompressed at once from the archive already open; larger
/// ones stream through a helper thread (see [`MemberStream`]).
const IN_MEMORY_MAX: u64 = 8 << 20;

thread_local! {
    /// The archive whose members were read last. Its members are consecutive sources, and
    /// reading the central directory again for each would cost time quadratic in their
    /// number (minutes for a few thousand notes).
    static LAST: RefCell<Option<(PathBuf, ZipArchive<BufReader<File>>)>> =
        const { RefCell::new(None) };
}

/// Extensions of attachments that chat exports carry beside the text (lower case).
const MEDIA_EXTENSIONS: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "webp", "heic", "heif", "bmp", "tif", "tiff", "svg", "mp4", "mov",
    "m4v", "avi", "mkv", "webm", "3gp", "opus", "ogg", "oga", "mp3", "m4a", "aac", "wav", "amr",
    "flac", "caf", "pdf", "vcf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "pkpass", "tgs",
    "thumb",
];

/// Whether `path` names a zip archive.
pub fn is_zip(path: &Path) -> bool {
    path.extension()
        .and_then(|ext| ext.to_str())
        .is_some_and(|ext| ext.eq_ignore_ascii_case("zip"))
}

/// Why a file found in a folder or an archive is passed over by its name alone: an
/// attachment (photo, voice note, video, document), or an archive inside an archive.
pub fn skip_reason(name: &Path) -> Option<&'static str> {
    let ext = name.extension()?.to_str()?.to_ascii_lowercase();
    if MEDIA_EXTENSIONS.contains(&ext.as_str()) {
        Some("media")
    } else if ext == "zip" {
        Some("zip inside a zip; unpack the outer one to read it")
    } else {
        None
    }
}

fn open(archive: &Path) -> io::Result<ZipArchive<BufReader<File>>> {
    let file = File::open(archive)?;
    ZipArchive::new(BufReader::new(file)).map_err(|error| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not a readable zip archive: {error}"),
        )
    })
}

/// A file inside an archive, and why it is passed over unread, if it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub name: String,
    pub skipped: Option<String>,
}

/// The archive's files, in the archive's order; folders, hidden entries and macOS's
/// `__MACOSX/` resource forks left out, as a folder walk leaves out hidden files.
///
/// Members with an unsafe name (`../x`, `a/../../b.txt`, an absolute path) or a name that
/// several entries share are listed as skipped with the reason, never read: nothing in an
/// archive vanishes from the summary. (Zips are read in place and never unpacked, so an
/// unsafe name could do no harm here, but it marks an archive not made by an export.)
pub fn members(archive: &Path) -> io::Result<Vec<Member>> {
    let zip = open(archive)?;
    // `..` is no hidden part: such a name is counted as unsafe below.
    let hidden = |name: &str| {
        !unsafe_name(name)
            && name
                .split('/')
                .any(|part| part.starts_with('.') || part == "__MACOSX")
    };
    let copies = File::open(archive)
        .and_then(|mut file| entry_names(&mut file))
        .map(|names| name_counts(names, zip.len()))
        .unwrap_or_default();
    let mut members = Vec::new();
    for name in zip.file_names() {
        if name.ends_with('/') || hidden(name) {
            continue;
        }
        let (count, skipped) = match copies.get(name) {
            Some(&count) if count > 1 => (
                count,
                Some(format!(
                    "{count} entries of the archive have this name; which one is meant cannot be told"
                )),
            ),
            _ => (
                1,
                unsafe_name(name).then(|| {
                    "unsafe name (it leads out of the archive's folder, or is an absolute path); not read"
                        .to_owned()
                }),
            ),
        };
        for _ in 0..count {
            members.push(Member {
                name: name.to_owned(),
                skipped: skipped.clone(),
            });
        }
    }
    Ok(members)
}

/// A member name that would lead outside the folder it were unpacked into: a `..` part,
/// or an absolute path (`/x`, `\\x`, `C:x`), with either kind of slash.
fn unsafe_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    name.starts_with(['/', '\\'])
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
        || name.contains('\0')
        || name.split(['/', '\\']).any(|part| part == "..")
}

/// How many entries carry each name, when the central directory has more entries than the
/// `unique` names the zip crate keeps (it keeps the last of equal names); empty otherwise.
fn name_counts(names: Vec<String>, unique: usize) -> std::collections::HashMap<String, usize> {
    let mut counts = std::collections::HashMap::new();
    if names.len() > unique {
        for name in names {
            *counts.entry(name).or_insert(0) += 1;
        }
    }
    counts
}

/// The name of every entry of the central directory, duplicates included, read from the
/// end-of-central-directory record. An archive this cannot read (ZIP64, data before the
/// archive) is an error, and then duplicates go unnoticed, as they did before.
fn entry_names(file: &mut File) -> io::Result<Vec<String>> {
    use std::io::{Seek, SeekFrom};
    let invalid = || io::Error::new(io::ErrorKind::InvalidData, "central directory not found");
    let len = file.seek(SeekFrom::End(0))?;
    let tail_len = len.min(22 + 0xFFFF);
    file.seek(SeekFrom::Start(len - tail_len))?;
    let mut tail = Vec::new();
    file.take(tail_len).read_to_end(&mut tail)?;
    let end = memchr::memmem::rfind(&tail, b"PK\x05\x06").ok_or_else(invalid)?;
    let record = tail.get(end..end + 22).ok_or_else(invalid)?;
    let u16_at = |bytes: &[u8], at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]);
    let u32_at = |bytes: &[u8], at: usize| {
        u32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
    };
    let (entries, size, offset) = (u16_at(record, 10), u32_at(record, 12), u32_at(record, 16));
    if entries == u16::MAX || offset == u32::MAX || u64::from(offset) + u64::from(size) > len {
        return Err(invalid());
    }
    file.seek(SeekFrom::Start(offset.into()))?;
    let mut directory = Vec::new();
    file.take(size.into()).read_to_end(&mut directory)?;
    let mut names = Vec::with_capacity(entries.into());
    let mut at = 0;
    for _ in 0..entries {
        let header = directory.get(at..at + 46).ok_or_else(invalid)?;
        if !header.starts_with(b"PK\x01\x02") {
            return Err(invalid());
        }
        let name_len = usize::from(u16_at(header, 28));
        let extra_len = usize::from(u16_at(header, 30));
        let comment_len = usize::from(u16_at(header, 32));
        let name = directory
            .get(at + 46..at + 46 + name_len)
            .ok_or_else(invalid)?;
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(names)
}

/// One member's decompressed bytes, to read as a source.
pub fn open_member(archive: &Path, member: &str) -> io::Result<Box<dyn Read + Send>> {
    LAST.with_borrow_mut(|last| {
        if last.as_ref().is_none_or(|(path, _)| path != archive) {
            *last = None;
            *last = Some((archive.to_owned(), open(archive)?));
        }
        let Some((_, zip)) = last.as_mut() else {
            unreachable!("the archive was just opened");
        };
        let mut file = zip.by_name(member).map_err(io::Error::from)?;
        let mut bytes = Vec::with_capacity(file.size().min(IN_MEMORY_MAX) as usize);
        (&mut file)
            .take(IN_MEMORY_MAX + 1)
            .read_to_end(&mut bytes)?;
        let reader: Box<dyn Read + Send> = if bytes.len() as u64 <= IN_MEMORY_MAX {
            Box::new(io::Cursor::new(bytes))
        } else {
            Box::new(MemberStream::open(archive, member)?)
        };
        Ok(reader)
    })
}

/// Streams one large member's decompressed bytes.
///
/// The zip crate's member reader borrows its archive, and a source reader must own what it
/// reads, so a helper thread decompresses the member into a small bounded channel. The
/// thread ends when the member does or when this reader is dropped.
struct MemberStream {
    blocks: mpsc::Receiver<io::Result<Vec<u8>>>,
    block: Vec<u8>,
    at: usize,
    done: bool,
}

impl MemberStream {
    fn open(archive: &Path, member: &str) -> io::Result<MemberStream> {
        let mut zip = open(archive)?;
        if zip.index_for_name(member).is_none() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("no member {member} in the archive"),
            ));
        }
        let member = member.to_owned();
        let (sender, blocks) = mpsc::sync_channel(BLOCKS_AHEAD);
        std::thread::spawn(move || {
            let mut file = match zip.by_name(&member) {
                Ok(file) => file,
                Err(error) => {
                    let _ = sender.send(Err(io::Error::from(error)));
                    return;
                }
            };
            loop {
                let mut block = vec![0; BLOCK_LEN];
                // An empty block marks the end, so a vanished thread is never mistaken for
                // the end of the member.
                let message = match file.read(&mut block) {
                    Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                    Err(error) => Err(error),
                    Ok(len) => {
                        block.truncate(len);
                        Ok(block)
                    }
                };
                let last = !matches!(&message, Ok(block) if !block.is_empty());
                if sender.send(message).is_err() || last {
                    return;
                }
            }
        });
        Ok(MemberStream {
            blocks,
            block: Vec::new(),
            at: 0,
            done: false,
        })
    }
}

impl Read for MemberStream {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.block.len() && !self.done && !buf.is_empty() {
            match self.blocks.recv() {
                Ok(Ok(block)) if block.is_empty() => self.done = true,
                Ok(Ok(block)) => {
                    self.block = block;
                    self.at = 0;
                }
                Ok(Err(error)) => {
                    self.done = true;
                    return Err(error);
                }
                Err(_) => {
                    self.done = true;
                    return Err(io::Error::other("zip member reader stopped unexpectedly"));
                }
            }
        }
        let len = (self.block.len() - self.at).min(buf.len());
        buf[..len].copy_from_slice(&self.block[self.at..self.at + len]);
        self.at += len;
        Ok(len)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    fn write_zip(path: &Path, members: &[(&str, &[u8])]) {
        let mut zip = zip::ZipWriter::new(File::create(path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        for (name, bytes) in members {
            if name.ends_with('/') {
                zip.add_directory(*name, options).unwrap();
            } else {
                zip.start_file(*name, options).unwrap();
                zip.write_all(bytes).unwrap();
            }
        }
        zip.finish().unwrap();
    }

    #[test]
    fn members_leave_out_folders_and_hidden_entries() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("export.zip");
        write_zip(
            &path,
            &[
                ("_chat.txt", b"x"),
                ("media/", b""),
                ("media/IMG_1.jpg", b"\xFF\xD8"),
                ("__MACOSX/._chat.txt", b"\x00"),
                (".DS_Store", b"\x00"),
            ],
        );
        let names: Vec<String> = members(&path)
            .unwrap()
            .into_iter()
            .map(|m| m.name)
            .collect();
        assert_eq!(names, ["_chat.txt", "media/IMG_1.jpg"]);
    }

    #[test]
    fn unsafe_and_duplicated_names_are_listed_as_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odd.zip");
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        for name in [
            "ok.txt",
            "../x.txt",
            "a/../../b.txt",
            "/etc/c.txt",
            "..\\d.txt",
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(b"hello\n").unwrap();
        }
        zip.finish().unwrap();
        let listed = members(&path).unwrap();
        let skipped: Vec<&str> = listed
            .iter()
            .filter(|m| m.skipped.is_some())
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(listed.len(), 5);
        assert_eq!(
            skipped,
            ["../x.txt", "a/../../b.txt", "/etc/c.txt", "..\\d.txt"]
        );

        // The zip crate refuses to write a name twice, so the second is renamed in the bytes.
        let path = dir.path().join("twice.zip");
        let mut zip = zip::ZipWriter::new(File::create(&path).unwrap());
        for name in ["chat.txt", "chat.tx2", "other.txt"] {
            zip.start_file(name, options).unwrap();
            zip.write_all(b"hello\n").unwrap();
        }
        zip.finish().unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        let at: Vec<usize> = memchr::memmem::find_iter(&bytes, b"chat.tx2").collect();
        assert_eq!(at.len(), 2, "local header and central directory");
        for at in at {
            bytes[at + 7] = b't';
        }
        std::fs::write(&path, bytes).unwrap();
        let listed = members(&path).unwrap();
        assert_eq!(listed.len(), 3, "{listed:?}");
        let twice: Vec<&Member> = listed.iter().filter(|m| m.name == "chat.txt").collect();
        assert_eq!(twice.len(), 2);
        assert!(
            twice
                .iter()
                .all(|m| m.skipped.as_deref().unwrap().starts_with("2 entries"))
        );
        assert_eq!(listed.iter().filter(|m| m.skipped.is_none()).count(), 1);
    }

    #[test]
    fn a_large_member_streams_whole_and_in_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.zip");
        let text: Vec<u8> = (0..BLOCK_LEN * 9 + 17).map(|i| (i % 251) as u8).collect();
        write_zip(&path, &[("a.txt", &text)]);
        let mut read = Vec::new();
        MemberStream::open(&path, "a.txt")
            .unwrap()
            .read_to_end(&mut read)
            .unwrap();
        assert_eq!(read, text);
        let mut read = Vec::new();
        open_member(&path, "a.txt")
            .unwrap()
            .read_to_end(&mut read)
            .unwrap();
        assert_eq!(read, text);
        // Dropping a reader early stops its thread without harm.
        let mut reader = MemberStream::open(&path, "a.txt").unwrap();
        reader.read_exact(&mut [0; 10]).unwrap();
        drop(reader);
    }

    #[test]
    fn missing_members_and_broken_archives_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.zip");
        write_zip(&path, &[("a.txt", b"x")]);
        assert!(MemberStream::open(&path, "b.txt").is_err());
        assert!(open_member(&path, "b.txt").is_err());
        let broken = dir.path().join("broken.zip");
        std::fs::write(&broken, b"PK\x03\x04 not really").unwrap();
        let error = members(&broken).unwrap_err();
        assert!(error.to_string().starts_with("not a readable zip archive"));
    }

    #[test]
    fn media_and_nested_archives_are_known_by_name() {
        assert_eq!(skip_reason(Path::new("x/IMG_0001.JPG")), Some("media"));
        assert_eq!(skip_reason(Path::new("00000012-AUDIO.opus")), Some("media"));
        assert!(skip_reason(Path::new("inner.zip")).is_some());
        assert_eq!(skip_reason(Path::new("_chat.txt")), None);
        assert_eq!(skip_reason(Path::new("README")), None);
    }
}
