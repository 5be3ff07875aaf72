//! Embeds every `rubrics/*.toml` file into the binary, so the built-in bank works from any directory.
use std::{env, fs, path::Path};

fn main() {
    // Read at run time: a build script compiled for a checkout elsewhere must not look there.
    let manifest_dir = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest_dir).join("rubrics");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .expect("rubrics/ directory")
        .map(|entry| entry.expect("readable rubrics/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    files.sort();
    let mut out =
        String::from("/// (file name, contents) of every built-in bank file.\npub const FILES: &[(&str, &str)] = &[\n");
    for path in files {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        out.push_str(&format!("    (\"rubrics/{name}\", include_str!({:?})),\n", path.display().to_string()));
    }
    out.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("builtin_bank.rs"), out).unwrap();
}
