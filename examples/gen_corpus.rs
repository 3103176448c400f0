//! A deterministic synthetic corpus for the benchmark: briefings of 600–1,500
//! words with 3–15 events of mixed date precision, 2–8 sources, 2–6 tags from
//! ~200, actors from a pool of N/5 with Zipf-like popularity, and code blocks
//! in ~5% of briefings.
//!
//! With `--images N`, the first N briefings each get a folder of their own
//! with an image beside them (two photos-like JPEGs, 2000 × 1333, for every
//! chart-like PNG, 1200 × 675), used as the lead image and as a captioned
//! figure. Their text is the same as without the flag (the images come
//! from a separate random stream), so `--images 0` is the same corpus
//! without images.
//!
//! `cargo run --release --example gen_corpus -- --briefings 10000 --seed 1 --out DIR [--images 300]`

use std::fmt::Write as _;
use std::path::PathBuf;

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// Zipf-like: index i with weight ~ 1/(i+1), by inverse transform on a harmonic table.
    fn zipf(&mut self, table: &[f64]) -> usize {
        let total = table.last().copied().unwrap_or(1.0);
        let x = (self.next() as f64 / u64::MAX as f64) * total;
        table.partition_point(|&c| c < x).min(table.len() - 1)
    }
}

const WORDS: &[&str] = &[
    "minerals",
    "export",
    "controls",
    "licence",
    "ministry",
    "processing",
    "refinery",
    "corridor",
    "port",
    "shipment",
    "agreement",
    "memorandum",
    "investment",
    "tariff",
    "supply",
    "chain",
    "magnet",
    "separation",
    "technology",
    "reserve",
    "province",
    "officials",
    "analysts",
    "reported",
    "signed",
    "announced",
    "denied",
    "expanded",
    "restricted",
    "negotiated",
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "that",
    "for",
    "with",
    "on",
    "as",
    "by",
    "its",
    "was",
    "were",
    "their",
    "which",
    "would",
    "could",
    "while",
    "after",
    "before",
    "between",
    "against",
    "under",
    "strategic",
    "regional",
    "partners",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        let w = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut c = w.chars();
            if let Some(f) = c.next() {
                s.extend(f.to_uppercase());
                s.push_str(c.as_str());
            }
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

fn date(rng: &mut Rng) -> String {
    let y = rng.range(2015, 2025);
    let m = rng.range(1, 12);
    let d = rng.range(1, 28);
    match rng.below(10) {
        0 => format!("{y}"),
        1..=3 => format!("{y}-{m:02}"),
        4 => format!(
            "{y}-{m:02}-{d:02}T{:02}:{:02}:00Z",
            rng.below(24),
            rng.below(60)
        ),
        _ => format!("{y}-{m:02}-{d:02}"),
    }
}

/// Writes briefing `b`'s image into `dir`: a JPEG for two in three, a PNG
/// for the others, with smooth gradients and some detail (as photos and
/// charts have). Returns its file name.
fn picture(dir: &std::path::Path, b: usize) -> String {
    let seed = (b as u32).wrapping_mul(2_654_435_761);
    let (name, result) = if b % 3 == 2 {
        let img = image::RgbImage::from_fn(1200, 675, |x, y| {
            // Bar heights from the briefing's own seed: every chart differs.
            let bar = ((x / 60) ^ seed).wrapping_mul(2_246_822_519) >> 29;
            if y > 600 - bar * 70 && x % 60 > 10 {
                image::Rgb([31, 42, 68])
            } else {
                image::Rgb([251, 249, 244])
            }
        });
        ("chart.png", img.save(dir.join("chart.png")))
    } else {
        let img = image::RgbImage::from_fn(2000, 1333, |x, y| {
            let wave = ((f64::from(x) / 97.0 + f64::from(seed % 13)).sin() * 40.0) as i32;
            let grain = ((x.wrapping_mul(31) ^ y.wrapping_mul(17) ^ seed) % 23) as i32;
            let c = |base: i32| (base + wave + grain).clamp(0, 255) as u8;
            image::Rgb([c((x / 10) as i32), c((y / 8) as i32), c(120)])
        });
        ("photo.jpg", img.save(dir.join("photo.jpg")))
    };
    if let Err(e) = result {
        eprintln!("cannot write an image in {}: {e}", dir.display());
        std::process::exit(1);
    }
    name.to_string()
}

fn main() {
    let mut briefings = 1000usize;
    let mut seed = 1u64;
    let mut out = PathBuf::from("corpus");
    let mut images = 0usize;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let v = args.next().unwrap_or_default();
        match a.as_str() {
            "--briefings" => briefings = v.parse().unwrap_or(briefings),
            "--seed" => seed = v.parse().unwrap_or(seed),
            "--out" => out = PathBuf::from(v),
            "--images" => images = v.parse().unwrap_or(images),
            _ => {
                eprintln!("usage: gen_corpus --briefings N --seed S --out DIR [--images N]");
                std::process::exit(2);
            }
        }
    }
    generate(briefings, seed, &out, images);
}

/// Writes the corpus of `briefings` briefings (the first `images` with an
/// image) under `out`; tests call it through `#[path]`.
pub fn generate(briefings: usize, seed: u64, out: &std::path::Path, images: usize) {
    let mut rng = Rng(seed);
    let n_actors = (briefings / 5).max(10);
    let harmonic: Vec<f64> = (0..n_actors)
        .scan(0.0, |acc, i| {
            *acc += 1.0 / (i as f64 + 1.0);
            Some(*acc)
        })
        .collect();
    let tags: Vec<String> = (0..200).map(|i| format!("topic {i}")).collect();
    let kinds = [
        "state",
        "organization",
        "company",
        "person",
        "group",
        "other",
    ];
    let content = out.join("content");
    let actors_dir = content.join("actors");
    let briefings_dir = content.join("briefings");
    for d in [&actors_dir, &briefings_dir] {
        if let Err(e) = std::fs::create_dir_all(d) {
            eprintln!("cannot create {}: {e}", d.display());
            std::process::exit(1);
        }
    }
    let write = |path: PathBuf, text: String| {
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    };
    write(
        out.join("site.toml"),
        "title = \"Synthetic Desk\"\nbase_url = \"https://example.org/\"\nnow = 2025-06-01\n[pagination]\nbriefings = 20\n[timeline]\nsplit_by_year_over = 500\n".into(),
    );
    for i in 0..n_actors {
        let kind = kinds[rng.below(kinds.len())];
        write(
            actors_dir.join(format!("actor-{i}.md")),
            format!("+++\nname = \"Actor {i}\"\nkind = \"{kind}\"\naliases = [\"A{i}\", \"Alias {i}\"]\n+++\n{}\n", sentence(&mut rng, 40)),
        );
    }
    for b in 0..briefings {
        let mut fm = String::new();
        let y = rng.range(2015, 2025);
        let (m, d) = (rng.range(1, 12), rng.range(1, 28));
        let _ = writeln!(
            fm,
            "+++\ntitle = \"Briefing {b}: {}\"\ndate = {y}-{m:02}-{d:02}",
            sentence(&mut rng, 6).trim_end_matches('.')
        );
        let n_tags = rng.range(2, 6);
        let t: Vec<String> = (0..n_tags)
            .map(|_| format!("\"{}\"", tags[rng.below(tags.len())]))
            .collect();
        let _ = writeln!(fm, "tags = [{}]", t.join(", "));
        let main_actors: Vec<String> = (0..rng.range(1, 3))
            .map(|_| format!("\"Actor {}\"", rng.zipf(&harmonic)))
            .collect();
        let _ = writeln!(fm, "actors = [{}]", main_actors.join(", "));
        let n_sources = rng.range(2, 8);
        for e in 0..rng.range(3, 15) {
            let start = date(&mut rng);
            let _ = writeln!(fm, "\n[[events]]\ndate = \"{start}\"\ntitle = \"Event {e} of briefing {b}\"\nid = \"e{e}\"");
            if rng.below(8) == 0 && !start.contains('T') {
                let _ = writeln!(
                    fm,
                    "end = \"{}\"",
                    &start[..4]
                        .parse::<usize>()
                        .map(|y| format!("{}", y + 1))
                        .unwrap_or_default()
                );
            }
            let ev_actors: Vec<String> = (0..rng.range(1, 4))
                .map(|_| format!("\"A{}\"", rng.zipf(&harmonic)))
                .collect();
            let _ = writeln!(
                fm,
                "actors = [{}]\nplace = \"Place {}\"\nsources = [\"s{}\"]",
                ev_actors.join(", "),
                rng.below(50),
                rng.below(n_sources)
            );
        }
        for s in 0..n_sources {
            let _ = writeln!(
                fm,
                "\n[[sources]]\nid = \"s{s}\"\ntitle = \"Source {s} of briefing {b}\"\npublisher = \"Publisher {}\"\nurl = \"https://news{}.example/story/{}\"\ndate = {y}-{m:02}-{d:02}",
                rng.below(60),
                rng.below(60),
                rng.below(briefings * 3)
            );
        }
        fm.push_str("+++\n");
        let words = rng.range(600, 1500);
        let mut body = String::new();
        let mut written = 0;
        let mut para = 0;
        while written < words {
            if para % 4 == 0 {
                let _ = writeln!(body, "## Section {para}\n");
            }
            let n = rng.range(60, 120).min(words - written).max(1);
            let mut p = sentence(&mut rng, n);
            p.push_str(&format!(" [@s{}]", rng.below(n_sources)));
            if rng.below(3) == 0 {
                p.push_str(&format!(" See [[Actor {}]].", rng.zipf(&harmonic)));
            }
            let _ = writeln!(body, "{p}\n");
            written += n;
            para += 1;
        }
        if rng.below(20) == 0 {
            body.push_str("```rust\nfn main() {\n    let minerals = [\"Sm\", \"Gd\", \"Tb\"];\n    println!(\"{}\", minerals.len());\n}\n```\n");
        }
        let name = format!("{y}-{m:02}-{d:02}-b{b}.md");
        if b < images {
            let dir = briefings_dir.join(format!("b{b}"));
            if let Err(e) = std::fs::create_dir_all(&dir) {
                eprintln!("cannot create {}: {e}", dir.display());
                std::process::exit(1);
            }
            let file = picture(&dir, b);
            let fm = fm.replacen(
                "\n",
                &format!("\nimage = \"{file}\"\nimage_alt = \"Picture {b}\"\nimage_credit = \"Credit: Synthetic Desk\"\n"),
                1,
            );
            body.push_str(&format!(
                "![Picture {b}]({file} \"Picture {b} in the text — Credit: Synthetic Desk\")\n"
            ));
            write(dir.join(name), format!("{fm}{body}"));
        } else {
            write(briefings_dir.join(name), format!("{fm}{body}"));
        }
    }
    eprintln!(
        "wrote {briefings} briefings and {n_actors} actors to {}",
        out.display()
    );
}
