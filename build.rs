//! Embeds the lexicons of every language folder under `lexicons/` (`es/`, `de/`, …) in the
//! binary, whichever categories each folder holds, so adding a language or a category needs no
//! code. English, at the top level, is listed in `src/lexicon/mod.rs`.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=lexicons");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let mut folders: Vec<_> = std::fs::read_dir(&root)
        .expect("lexicons/ is readable")
        .map(|entry| entry.expect("lexicons/ is readable").path())
        .filter(|path| path.is_dir())
        .collect();
    folders.sort();
    let mut code = String::from("&[\n");
    for folder in folders {
        let code_name = folder
            .file_name()
            .unwrap()
            .to_str()
            .expect("UTF-8 folder name");
        println!("cargo:rerun-if-changed={}", folder.display());
        let mut files: Vec<_> = std::fs::read_dir(&folder)
            .expect("language folder is readable")
            .map(|entry| entry.expect("language folder is readable").path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "txt"))
            .collect();
        files.sort();
        let language = folder.join("_language.txt");
        let language = if language.is_file() {
            format!("Some(include_str!({:?}))", language.display().to_string())
        } else {
            "None".to_owned()
        };
        writeln!(code, "    ({code_name:?}, {language}, &[").unwrap();
        for file in files {
            let stem = file.file_stem().unwrap().to_str().expect("UTF-8 file name");
            if stem.starts_with('_') {
                continue;
            }
            writeln!(
                code,
                "        ({stem:?}, include_str!({:?})),",
                file.display().to_string()
            )
            .unwrap();
        }
        code.push_str("    ]),\n");
    }
    code.push(']');
    let out =
        Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("languages.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
}
