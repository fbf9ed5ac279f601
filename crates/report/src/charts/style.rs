//! Colours, fonts and marks shared by the charts: a colour-blind-safe palette (Okabe and
//! Ito) whose members also differ in lightness, and markers that tell series apart in
//! grey-scale print.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Okabe-Ito colours, ordered so that neighbours differ in lightness as well as hue.
pub const SERIES: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 0, 0),       // black
];

pub const GRID: RGBColor = RGBColor(225, 225, 225);
pub const MUTED: RGBColor = RGBColor(110, 110, 110);
pub const LIGHT: RGBColor = RGBColor(200, 200, 200);
/// Target lines and annotations.
pub const TARGET: RGBColor = RGBColor(170, 20, 60);

pub fn series(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

pub fn font(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&BLACK)
}

pub fn caption() -> TextStyle<'static> {
    ("sans-serif", 20).into_font().color(&BLACK)
}

pub fn muted(size: u32) -> TextStyle<'static> {
    ("sans-serif", size).into_font().color(&MUTED)
}

/// Text anchored at its left end, vertically centred.
pub fn left<'a>(style: TextStyle<'a>) -> TextStyle<'a> {
    style.pos(Pos::new(HPos::Left, VPos::Center))
}

/// Text anchored at its right end, vertically centred.
pub fn right<'a>(style: TextStyle<'a>) -> TextStyle<'a> {
    style.pos(Pos::new(HPos::Right, VPos::Center))
}

/// Text centred both ways.
pub fn centre<'a>(style: TextStyle<'a>) -> TextStyle<'a> {
    style.pos(Pos::new(HPos::Center, VPos::Center))
}

/// A marker shape per series index, drawn every few points.
pub enum Marker {
    Circle,
    Square,
    Triangle,
    Cross,
    Ring,
}

pub fn marker(i: usize) -> Marker {
    match i % 5 {
        0 => Marker::Circle,
        1 => Marker::Square,
        2 => Marker::Triangle,
        3 => Marker::Cross,
        _ => Marker::Ring,
    }
}
