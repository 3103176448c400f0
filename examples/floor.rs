//! The benchmark's floor: read every input file of a site and write the same
//! number of files and bytes as its built output, in parallel, doing no other
//! work. A build can't be faster than this on the same machine.
//!
//! `cargo run --release --example floor -- SITE_DIR BUILT_OUTPUT_DIR SCRATCH_DIR`

use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [site, built, scratch] = args.as_slice() else {
        eprintln!("usage: floor SITE_DIR BUILT_OUTPUT_DIR SCRATCH_DIR");
        std::process::exit(2);
    };
    // The shape of the output to imitate: relative paths and sizes.
    let shape: Vec<(PathBuf, u64)> = files(Path::new(built))
        .into_iter()
        .filter_map(|p| {
            let len = std::fs::metadata(&p).ok()?.len();
            Some((p.strip_prefix(built).ok()?.to_path_buf(), len))
        })
        .collect();
    let start = std::time::Instant::now();
    let inputs = files(&Path::new(site).join("content"));
    let read: u64 = inputs
        .par_iter()
        .map(|p| std::fs::read(p).map_or(0, |b| b.len() as u64))
        .sum();
    let out = Path::new(scratch);
    let _ = std::fs::remove_dir_all(out);
    let filler = vec![b'x'; shape.iter().map(|(_, l)| *l as usize).max().unwrap_or(0)];
    shape.par_iter().for_each(|(rel, len)| {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = std::fs::write(&path, &filler[..*len as usize]);
    });
    let written: u64 = shape.iter().map(|(_, l)| l).sum();
    println!(
        "floor: read {} files ({:.1} MB), wrote {} files ({:.1} MB) in {:.3} s",
        inputs.len(),
        read as f64 / 1e6,
        shape.len(),
        written as f64 / 1e6,
        start.elapsed().as_secs_f64()
    );
}
