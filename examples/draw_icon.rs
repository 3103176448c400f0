//! Draws the default theme's PNG icon (`themes/default/static/icon.png`), the
//! same mark as `icon.svg`: a rounded navy square, a light "D" and an orange
//! dot, at 512 × 512 with smooth edges (4 × 4 samples per pixel).
//!
//! `cargo run --example draw_icon -- themes/default/static/icon.png`

fn main() {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: draw_icon OUT.png");
        std::process::exit(2);
    };
    let size = 512u32;
    let scale = size as f64 / 64.0;
    let navy = [0x1f, 0x2a, 0x44];
    let paper = [0xf4, 0xef, 0xe6];
    let orange = [0xd9, 0x82, 0x2b];
    // In the SVG's 64-unit square: what colour is the point (x, y), if any.
    let colour = |x: f64, y: f64| -> Option<[u8; 3]> {
        let r = 12.0;
        let cx = x.clamp(r, 64.0 - r);
        let cy = y.clamp(r, 64.0 - r);
        if (x - cx).powi(2) + (y - cy).powi(2) > r * r {
            return None;
        }
        if (x - 34.0).powi(2) + (y - 32.0).powi(2) <= 25.0 {
            return Some(orange);
        }
        // The "D": a stroke 6 wide along x = 18 from y 14 to 50, two
        // horizontals to x = 35, and a half-ellipse centred at (35, 32).
        let half = 3.0;
        let on_stem = (x - 18.0).abs() <= half && (14.0 - half..=50.0 + half).contains(&y);
        let on_bars =
            (18.0..=35.0).contains(&x) && ((y - 14.0).abs() <= half || (y - 50.0).abs() <= half);
        let (dx, dy) = ((x - 35.0) / 17.0, (y - 32.0) / 18.0);
        let d = (dx * dx + dy * dy).sqrt();
        let on_bowl = x >= 35.0 && (d - 1.0).abs() * 17.5 <= half;
        if on_stem || on_bars || on_bowl {
            return Some(paper);
        }
        Some(navy)
    };
    let mut img = image::RgbaImage::new(size, size);
    for (px, py, pixel) in img.enumerate_pixels_mut() {
        let (mut sum, mut hits) = ([0u32; 3], 0u32);
        for sy in 0..4 {
            for sx in 0..4 {
                let x = (f64::from(px) + (f64::from(sx) + 0.5) / 4.0) / scale;
                let y = (f64::from(py) + (f64::from(sy) + 0.5) / 4.0) / scale;
                if let Some(c) = colour(x, y) {
                    for i in 0..3 {
                        sum[i] += u32::from(c[i]);
                    }
                    hits += 1;
                }
            }
        }
        if hits > 0 {
            let c = |i: usize| (sum[i] / hits) as u8;
            *pixel = image::Rgba([c(0), c(1), c(2), (hits * 255 / 16) as u8]);
        }
    }
    if let Err(e) = img.save(&out) {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
}
