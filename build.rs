//! Rebuilds the crate when the default theme changes. The theme is embedded
//! with `include_dir!`, and cargo does not see the files a macro reads:
//! without this, an edited template or strings file would leave the binary
//! (and the tests) drawing with the old one.

fn main() {
    println!("cargo:rerun-if-changed=themes/default");
}
