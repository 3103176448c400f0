//! Draws the example site's two images, so that nothing in it is copied
//! from elsewhere:
//!
//! - `rare-earth-strata.png` (1600 × 900), the lead image of the analysis
//!   briefing: ore-bearing layers in cross-section under a pale sky;
//! - `briefings-by-month.png` (1200 × 600), a bar chart of how many of the
//!   example briefings fall in each month from June 2024 to November 2025
//!   (counted from their dates).
//!
//! `cargo run --example draw_figures -- content/briefings`

use image::{Rgb, RgbImage};

fn main() {
    let Some(dir) = std::env::args().nth(1) else {
        eprintln!("usage: draw_figures DIR");
        std::process::exit(2);
    };
    let dir = std::path::Path::new(&dir);
    for (name, img) in [
        ("rare-earth-strata.png", strata()),
        ("briefings-by-month.png", chart()),
    ] {
        let path = dir.join(name);
        if let Err(e) = img.save(&path) {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}

/// Wavy layers of rock, darker with depth, with orange seams of ore.
fn strata() -> RgbImage {
    let (w, h) = (1600u32, 900u32);
    RgbImage::from_fn(w, h, |x, y| {
        let (fx, fy) = (f64::from(x), f64::from(y));
        let ground = 260.0 + 30.0 * (fx / 210.0).sin() + 12.0 * (fx / 57.0).cos();
        if fy < ground {
            let t = fy / ground;
            return Rgb([(214.0 - 40.0 * t) as u8, (226.0 - 30.0 * t) as u8, 238]);
        }
        let depth = fy - ground;
        let wave = 18.0 * (fx / 160.0 + depth / 90.0).sin();
        let layer = ((depth + wave) / 70.0).floor() as i32;
        let seam = ((depth + wave) % 70.0) < 9.0 && layer % 3 == 1;
        if seam {
            return Rgb([217, 130, 43]);
        }
        let shade = 150.0 - 9.0 * f64::from(layer) + 10.0 * f64::from(layer % 2);
        let s = shade.clamp(40.0, 200.0);
        Rgb([(s * 0.9) as u8, (s * 0.82) as u8, (s * 0.72) as u8])
    })
}

/// Briefings per month, June 2024 to November 2025, one bar each.
fn chart() -> RgbImage {
    // 2024-06 … 2025-11: the example briefings' dates, counted.
    let counts = [1u32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 4, 2];
    let (w, h) = (1200u32, 600u32);
    let (left, right, top, bottom) = (80u32, 40u32, 40u32, 80u32);
    let plot_h = h - top - bottom;
    let slot = (w - left - right) / counts.len() as u32;
    let max = 4u32;
    RgbImage::from_fn(w, h, |x, y| {
        let paper = Rgb([251, 249, 244]);
        let ink = Rgb([31, 42, 68]);
        let rule = Rgb([214, 208, 196]);
        if y == h - bottom && x >= left && x < w - right {
            return ink;
        }
        // Light gridlines at each whole count.
        for n in 1..=max {
            if y == h - bottom - plot_h * n / max && x >= left && x < w - right {
                return rule;
            }
        }
        if x < left || x >= left + slot * counts.len() as u32 || y >= h - bottom {
            return paper;
        }
        let i = ((x - left) / slot) as usize;
        let within = (x - left) % slot;
        let bar_top = h - bottom - plot_h * counts[i] / max;
        let accent = if i + 2 >= counts.len() {
            Rgb([217, 130, 43])
        } else {
            ink
        };
        if within >= slot / 6 && within < slot * 5 / 6 && y >= bar_top {
            accent
        } else {
            paper
        }
    })
}
