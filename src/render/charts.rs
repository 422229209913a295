//! Pictures drawn at build time as inline SVG: a timeline of waves and a
//! chart of the figures reported for one wave.
//!
//! The drawing functions are pure: plain data in, SVG text out, the same
//! text for the same data. Every piece of content is escaped. Nothing is
//! styled inline: colours and fonts come from classes of the theme's style
//! sheet, geometry from presentation attributes.
//!
//! Horizontal positions are percentages of the chart's width and text has a
//! fixed size, so a chart fills any width without scaling its text. Labels
//! are wrapped and cut to fit the narrowest width the theme lays out
//! ([`MIN_WIDTH`]), so they fit on a phone. The timeline, whose labels
//! gain most from room, is drawn twice: for a phone, and for a wide screen
//! ([`WIDE_WIDTH`]); the style sheet shows one of them.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::views::{figure_display, number, wave_dates, Linker};
use crate::markdown::escape_html as esc;

/// The narrowest width, in CSS pixels, that a chart is drawn for: a 360 px
/// phone less the page's side padding.
pub const MIN_WIDTH: f64 = 328.0;

/// The narrowest width of a chart drawn for a wide screen; the theme shows
/// it from a viewport of 46rem, and in print.
pub const WIDE_WIDTH: f64 = 640.0;

/// Size of ordinary chart text, in pixels (kept in step with the theme).
const FONT: f64 = 14.0;
/// Size of a group's heading.
const HEAD_FONT: f64 = 15.0;
/// Size of axis text.
const SMALL_FONT: f64 = 12.0;
/// Distance between two lines of text.
const LINE: f64 = 18.0;
/// Average advance of a Latin character, in em (a little generous).
const LATIN_EM: f64 = 0.55;
/// How much wider bold text is.
const BOLD: f64 = 1.1;

/// A number for an attribute: at most two decimals, no trailing zeros.
fn num(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    // Charts print hundreds of numbers: most are written from a whole
    // number of hundredths, without float formatting. Only where rounding
    // to hundredths is a near tie does `format!` decide, as it always did.
    let hundredths = v * 100.0;
    let r = hundredths.round();
    if r.abs() < 1e9 && ((hundredths - r).abs() - 0.5).abs() > 1e-6 {
        let n = r as i64;
        if n == 0 {
            return "0".to_string();
        }
        let (whole, frac) = (n.unsigned_abs() / 100, n.unsigned_abs() % 100);
        let mut out = String::with_capacity(12);
        if n < 0 {
            out.push('-');
        }
        out.push_str(itoa::Buffer::new().format(whole));
        if frac != 0 {
            out.push('.');
            out.push(char::from(b'0' + (frac / 10) as u8));
            if frac % 10 != 0 {
                out.push(char::from(b'0' + (frac % 10) as u8));
            }
        }
        return out;
    }
    num_by_format(v)
}

/// `v` rounded to hundredths by `format!`, without trailing zeros.
fn num_by_format(v: f64) -> String {
    let v = if v.is_finite() { v } else { 0.0 };
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".to_string()
    } else {
        s.to_string()
    }
}

/// A percentage for an attribute.
fn pct(v: f64) -> String {
    let mut s = num(v);
    s.push('%');
    s
}

/// Letters drawn about one em wide: Hangul, CJK, full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Estimated width of `s` in pixels at `font` pixels.
fn text_width(s: &str, font: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * font
}

/// Estimated width of `c` in ems.
fn char_em(c: char) -> f64 {
    if is_wide(c) {
        1.0
    } else {
        LATIN_EM
    }
}

/// How a piece of text is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    Plain,
    Strong,
    Muted,
}

impl Run {
    fn class(self) -> Option<&'static str> {
        match self {
            Run::Plain => None,
            Run::Strong => Some("c-strong"),
            Run::Muted => Some("c-muted"),
        }
    }
}

/// One line of wrapped text: words with how each is set.
type Words = Vec<(Run, String)>;

/// Breaks a word that is wider than `max` into pieces that fit.
fn split_word(word: &str, max: f64, font: f64) -> Vec<String> {
    // Most words fit whole. (A word's width is a sum of positive widths,
    // so when it fits, so does every start of it.)
    if !word.is_empty() && text_width(word, font) <= max {
        return vec![word.to_string()];
    }
    let mut out = Vec::new();
    let mut cur = String::new();
    // The sum of the widths in ems of `cur`'s characters, added in the
    // order `text_width` adds them, so that it gives the same number.
    let mut ems = 0.0;
    for c in word.chars() {
        let em = char_em(c);
        if !cur.is_empty() && (ems + em) * font > max {
            out.push(std::mem::take(&mut cur));
            ems = 0.0;
        }
        cur.push(c);
        ems += em;
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn line_width(words: &Words, font: f64) -> f64 {
    let spaces = words.len().saturating_sub(1) as f64 * LATIN_EM * font;
    words
        .iter()
        .map(|(run, w)| word_width(*run, w, font))
        .sum::<f64>()
        + spaces
}

/// `line_width` of `words` with `next` added, summed in the same order.
/// The widths of the words are given, each as `line_width` works it out.
fn trial_width(widths: &[f64], next: f64, font: f64) -> f64 {
    let spaces = widths.len() as f64 * LATIN_EM * font;
    widths.iter().chain(std::iter::once(&next)).sum::<f64>() + spaces
}

/// A word's width as `line_width` counts it.
fn word_width(run: Run, w: &str, font: f64) -> f64 {
    let k = if run == Run::Strong { BOLD } else { 1.0 };
    text_width(w, font) * k
}

/// Wraps runs of text into at most `max_lines` lines of at most `max`
/// pixels; text that does not fit ends in "…".
fn wrap(runs: &[(Run, &str)], max: f64, font: f64, max_lines: usize) -> Vec<Words> {
    let max = max.max(font * 3.0);
    let mut tokens: Vec<(Run, String)> = Vec::new();
    for (run, text) in runs {
        // Only plain spaces break: a no-break space keeps words together.
        for w in text.split([' ', '\n', '\t']).filter(|w| !w.is_empty()) {
            for piece in split_word(w, max, font) {
                tokens.push((*run, piece));
            }
        }
    }
    let mut lines: Vec<Words> = Vec::new();
    let mut cur: Words = Vec::new();
    // The widths of the words of `cur`.
    let mut widths: Vec<f64> = Vec::new();
    let mut cut = false;
    for t in tokens {
        let w = word_width(t.0, &t.1, font);
        if cur.is_empty() || trial_width(&widths, w, font) <= max {
            cur.push(t);
            widths.push(w);
            continue;
        }
        lines.push(std::mem::take(&mut cur));
        widths.clear();
        if lines.len() == max_lines {
            cut = true;
            break;
        }
        cur.push(t);
        widths.push(w);
    }
    if !cut && !cur.is_empty() {
        lines.push(cur);
    }
    if cut {
        if let Some(last) = lines.last_mut() {
            ellipsize(last, max, font);
        }
    }
    lines
}

/// Shortens a line until it fits with a trailing "…".
fn ellipsize(line: &mut Words, max: f64, font: f64) {
    loop {
        let mut trial = line.clone();
        if let Some((_, w)) = trial.last_mut() {
            w.push('…');
        }
        if line_width(&trial, font) <= max || line.is_empty() {
            *line = trial;
            return;
        }
        let Some((_, w)) = line.last_mut() else {
            return;
        };
        if w.chars().count() <= 1 {
            line.pop();
            if line.is_empty() {
                line.push((Run::Plain, "…".to_string()));
                return;
            }
        } else {
            w.pop();
        }
    }
}

/// One line of text as `<tspan>`s: consecutive words set alike share one.
fn tspans(words: &Words) -> String {
    let mut out = String::with_capacity(96);
    let mut i = 0;
    while i < words.len() {
        let run = words[i].0;
        let mut j = i;
        let mut text = String::with_capacity(64);
        while j < words.len() && words[j].0 == run {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&words[j].1);
            j += 1;
        }
        if i > 0 {
            text.insert(0, ' ');
        }
        match run.class() {
            Some(c) => {
                for part in ["<tspan class=\"", c, "\">", &esc(&text), "</tspan>"] {
                    out.push_str(part);
                }
            }
            None => out.push_str(&esc(&text)),
        }
        i = j;
    }
    out
}

/// Where a text's position is: its start, middle or end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Anchor {
    Start,
    Middle,
    End,
}

impl Anchor {
    fn attr(self) -> &'static str {
        match self {
            Anchor::Start => "",
            Anchor::Middle => " text-anchor=\"middle\"",
            Anchor::End => " text-anchor=\"end\"",
        }
    }
}

/// A `<text>` at `x` percent (shifted by `dx` pixels) and baseline `y`.
fn text_at(out: &mut String, class: &str, x: f64, dx: f64, y: f64, anchor: Anchor, body: &str) {
    for part in ["<text class=\"", class, "\" x=\"", &pct(x), "\""] {
        out.push_str(part);
    }
    if dx != 0.0 {
        out.push_str(" dx=\"");
        out.push_str(&num(dx));
        out.push('"');
    }
    for part in [" y=\"", &num(y), "\"", anchor.attr(), ">", body, "</text>"] {
        out.push_str(part);
    }
}

/// The baseline that centres text of size `font` on `y`.
fn baseline(y: f64, font: f64) -> f64 {
    y + font * 0.35
}

// ---------------------------------------------------------------------------
// Time axis.

fn month_index(d: NaiveDate) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn month_start(m: i64) -> Option<NaiveDate> {
    let y = i32::try_from(m.div_euclid(12)).ok()?;
    let mo = u32::try_from(m.rem_euclid(12)).ok()? + 1;
    NaiveDate::from_ymd_opt(y, mo, 1)
}

/// The stretch of time a chart shows, in whole months, and where it lies
/// across the chart (percent).
struct Span {
    /// First month shown (`year * 12 + month0`).
    m0: i64,
    /// The month after the last one shown.
    m1: i64,
    start: NaiveDate,
    days: f64,
    left: f64,
    width: f64,
    /// The narrowest width, in pixels, that labels are measured for.
    room: f64,
}

impl Span {
    /// The months from `first` to `last`, in whole years when that is
    /// longer than two years.
    fn new(first: NaiveDate, last: NaiveDate, left: f64, right: f64, room: f64) -> Option<Span> {
        let (mut m0, mut m1) = (month_index(first), month_index(last) + 1);
        if m1 - m0 > 24 {
            m0 = m0.div_euclid(12) * 12;
            m1 = (m1 + 11).div_euclid(12) * 12;
        }
        let start = month_start(m0)?;
        let end = month_start(m1)?;
        let days = (end - start).num_days().max(1) as f64;
        Some(Span {
            m0,
            m1,
            start,
            days,
            left,
            width: 100.0 - left - right,
            room,
        })
    }

    fn months(&self) -> i64 {
        self.m1 - self.m0
    }

    /// Percent across the chart of the start of day `d`.
    fn x(&self, d: NaiveDate) -> f64 {
        let t = ((d - self.start).num_days() as f64 / self.days).clamp(0.0, 1.0);
        self.left + self.width * t
    }

    /// Percent across the chart of the start of month `m`.
    fn xm(&self, m: i64) -> f64 {
        let t = ((m - self.m0) as f64 / self.months().max(1) as f64).clamp(0.0, 1.0);
        match month_start(m) {
            Some(d) => self.x(d),
            None => self.left + self.width * t,
        }
    }

    /// Pixels at the narrowest width between two percentages.
    fn px(&self, a: f64, b: f64) -> f64 {
        (b - a).abs() / 100.0 * self.room
    }

    /// Draws the axis with its line at `y`: grid lines from `top`, ticks,
    /// months and years. Returns the height it takes below `y`.
    fn draw_axis(&self, out: &mut String, top: f64, y: f64) -> f64 {
        let n = self.months();
        out.push_str("<g class=\"tl-axis\" aria-hidden=\"true\">");
        // Grid lines at year boundaries (and at months on short spans).
        let mut m = self.m0;
        while m <= self.m1 {
            let x = self.xm(m);
            let year_start = m.rem_euclid(12) == 0;
            let minor = if n <= 120 {
                true
            } else if n <= 480 {
                m.rem_euclid(3) == 0
            } else {
                false
            };
            if year_start || m == self.m0 || m == self.m1 || (n <= 24 && minor) {
                let _ = write!(
                    out,
                    "<line class=\"tl-grid{}\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
                    if year_start { " tl-grid-major" } else { "" },
                    num(top),
                    num(y),
                    x = pct(x)
                );
            }
            if year_start || minor || m == self.m0 || m == self.m1 {
                let len = if year_start { 8.0 } else { 4.0 };
                let _ = write!(
                    out,
                    "<line class=\"tl-tick\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
                    num(y),
                    num(y + len),
                    x = pct(x)
                );
            }
            m += 1;
        }
        let _ = write!(
            out,
            "<line class=\"tl-line\" x1=\"{}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>",
            pct(self.left),
            pct(self.left + self.width),
            y = num(y)
        );
        let mut row = y + 8.0 + SMALL_FONT + 2.0;
        // Months: every month on short spans, quarters on spans to two years.
        if n <= 24 {
            let mut m = self.m0;
            while m < self.m1 {
                let name = month_start(m).map(|d| d.format("%b").to_string());
                if let Some(name) = name {
                    if n <= 9 {
                        let x = (self.xm(m) + self.xm(m + 1)) / 2.0;
                        text_at(out, "tl-label", x, 0.0, row, Anchor::Middle, &esc(&name));
                    } else if m.rem_euclid(3) == 0 {
                        let x = self.xm(m);
                        text_at(out, "tl-label", x, 0.0, row, edge_anchor(x), &esc(&name));
                    }
                }
                m += 1;
            }
            row += LINE;
        }
        // Years, each in the middle of its stretch.
        let (y0, y1) = (self.m0.div_euclid(12), (self.m1 - 1).div_euclid(12));
        let per_year = self.px(self.xm(self.m0), self.xm(self.m0 + 12.min(n)));
        let step = if n > 24 {
            ((40.0 / per_year.max(1.0)).ceil() as i64).max(1)
        } else {
            1
        };
        let mut widest: Option<(f64, i64, f64)> = None;
        let mut any = false;
        for year in y0..=y1 {
            let a = self.xm((year * 12).max(self.m0));
            let b = self.xm((year * 12 + 12).min(self.m1));
            let w = self.px(a, b);
            if widest.is_none_or(|(ww, _, _)| w > ww) {
                widest = Some((w, year, (a + b) / 2.0));
            }
            let show = if n > 24 {
                (year - y0) % step == 0
            } else {
                w >= 34.0
            };
            if show {
                any = true;
                text_at(
                    out,
                    "tl-label tl-year",
                    (a + b) / 2.0,
                    0.0,
                    row,
                    Anchor::Middle,
                    &year.to_string(),
                );
            }
        }
        if !any {
            if let Some((_, year, x)) = widest {
                text_at(
                    out,
                    "tl-label tl-year",
                    x,
                    0.0,
                    row,
                    edge_anchor(x),
                    &year.to_string(),
                );
            }
        }
        out.push_str("</g>");
        row + 6.0 - y
    }
}

/// Anchors a label at `x` percent so that it stays inside the chart.
fn edge_anchor(x: f64) -> Anchor {
    if x < 8.0 {
        Anchor::Start
    } else if x > 92.0 {
        Anchor::End
    } else {
        Anchor::Middle
    }
}

// ---------------------------------------------------------------------------
// Timeline of waves.

/// One wave on a timeline.
#[derive(Debug, Clone)]
pub struct WaveMark<'a> {
    /// Its title.
    pub title: &'a str,
    /// Link to its page, relative to the page the chart is on.
    pub url: String,
    /// First day.
    pub start: NaiveDate,
    /// Last day, when given.
    pub end: Option<NaiveDate>,
}

/// A timeline, ready for a template.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The `<svg>` element.
    pub svg: String,
    /// True when waves are too many to be named: each is then a square,
    /// stacked by `bin`, and the picture is hidden from assistive
    /// technology (the list on the page names every wave).
    pub dense: bool,
    /// week, month, quarter or year: what a column of squares counts.
    pub bin: &'static str,
    /// How many waves it shows.
    pub shown: usize,
}

/// Up to this many waves, each has a row with its name.
pub const LABELLED_MAX: usize = 16;
/// At most this many squares are stacked in one column.
const STACK_MAX: usize = 40;

fn month_year(d: NaiveDate) -> String {
    d.format("%B %Y").to_string()
}

/// A timeline of `waves`, oldest first; `None` when there are none. `id`
/// prefixes the ids of its elements; `title` names it.
pub fn timeline(id: &str, title: &str, waves: &[WaveMark<'_>]) -> Option<Timeline> {
    let first = waves.iter().map(|w| w.start).min()?;
    let last_start = waves.iter().map(|w| w.start).max()?;
    let last = waves
        .iter()
        .map(|w| w.end.unwrap_or(w.start).max(w.start))
        .max()?;
    let n = waves.len();
    let dense = n > LABELLED_MAX;
    let range = if month_year(first) == month_year(last) {
        month_year(first)
    } else {
        format!("{} to {}", month_year(first), month_year(last))
    };
    if dense {
        // Squares stand at the day each wave started.
        let span = Span::new(first, last_start, 2.5, 7.0, MIN_WIDTH)?;
        let mut body = String::new();
        let (height, bin) = dense_marks(&mut body, &span, waves);
        let desc = format!(
            "{} waves, {range}. Each square is one wave, stacked in a column for the {bin} it \
             started in; taller columns mean more waves. The list on this page names every wave.",
            number(n as f64)
        );
        let mut svg = String::with_capacity(body.len() + 512);
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg chart-timeline-svg is-dense\" \
             width=\"100%\" height=\"{}\" aria-hidden=\"true\" focusable=\"false\">\
             <title>{}</title><desc>{}</desc>",
            num(height),
            esc(title),
            esc(&desc)
        );
        svg.push_str(&body);
        svg.push_str("</svg>");
        return Some(Timeline {
            svg,
            dense,
            bin,
            shown: n,
        });
    }
    let desc = format!(
        "{n} wave{}, {range}, on a time axis. Each dot marks the day a wave started and a bar \
         the days it lasted; each links to the wave's page. The list on this page gives the same waves.",
        if n == 1 { "" } else { "s" }
    );
    let mut svg = String::new();
    for (room, variant, suffix) in [
        (MIN_WIDTH, "chart-narrow", ""),
        (WIDE_WIDTH, "chart-wide", "_wide"),
    ] {
        let span = Span::new(first, last, 2.5, 2.5, room)?;
        let mut body = String::new();
        let height = labelled_marks(&mut body, &span, waves);
        let vid = format!("{}{suffix}", esc(id));
        let _ = write!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg chart-timeline-svg {variant}\" \
             width=\"100%\" height=\"{}\" aria-labelledby=\"{vid}_title\" \
             aria-describedby=\"{vid}_desc\"><title id=\"{vid}_title\">{}</title><desc id=\"{vid}_desc\">{}</desc>",
            num(height),
            esc(title),
            esc(&desc)
        );
        svg.push_str(&body);
        svg.push_str("</svg>");
    }
    Some(Timeline {
        svg,
        dense,
        bin: "wave",
        shown: n,
    })
}

/// A wave's days, short: "9 Oct 2023", "9–10 Oct 2023", "30 Sep – 2 Oct 2023".
fn short_dates(start: NaiveDate, end: Option<NaiveDate>) -> String {
    let end = end.unwrap_or(start).max(start);
    if end == start {
        start.format("%-d %b %Y").to_string()
    } else if (start.year(), start.month()) == (end.year(), end.month()) {
        format!("{}–{}", start.format("%-d"), end.format("%-d %b %Y"))
    } else if start.year() == end.year() {
        format!("{} – {}", start.format("%-d %b"), end.format("%-d %b %Y"))
    } else {
        format!(
            "{} – {}",
            start.format("%-d %b %Y"),
            end.format("%-d %b %Y")
        )
    }
}

fn mark_title(w: &WaveMark<'_>) -> String {
    format!("{} ({})", w.title, wave_dates(w.start, w.end))
}

/// One row per wave: a dot (and a bar over its days) and its name beside
/// it, or above it when the bar leaves no room. Returns the height.
fn labelled_marks(out: &mut String, span: &Span, waves: &[WaveMark<'_>]) -> f64 {
    const TOP: f64 = 10.0;
    const GAP: f64 = 11.0;
    // Narrow charts may take more lines than wide ones to name a wave.
    let max_lines = if span.room < WIDE_WIDTH { 4 } else { 2 };
    let mut y = TOP;
    for w in waves {
        let end = w.end.unwrap_or(w.start).max(w.start);
        let xs = span.x(w.start);
        let xe = if end > w.start {
            span.x(end.succ_opt().unwrap_or(end))
        } else {
            xs
        };
        let room_right = span.px(xe, 100.0) - GAP - 4.0;
        let room_left = span.px(0.0, xs) - GAP - 4.0;
        // Dates break only before a dash.
        let when = short_dates(w.start, w.end)
            .replace(' ', "\u{a0}")
            .replace("\u{a0}–", " –");
        let runs = [(Run::Plain, w.title), (Run::Muted, when.as_str())];
        // Beside the mark when there is room, else on its own line above.
        let (lines, x, dx, anchor, above) = if room_right.max(room_left) >= 110.0 {
            if room_right >= room_left {
                (
                    wrap(&runs, room_right, FONT, max_lines),
                    xe,
                    GAP,
                    Anchor::Start,
                    false,
                )
            } else {
                (
                    wrap(&runs, room_left, FONT, max_lines),
                    xs,
                    -GAP,
                    Anchor::End,
                    false,
                )
            }
        } else if xs <= 50.0 {
            let room = span.px(xs, 100.0) - 8.0;
            (
                wrap(&runs, room, FONT, max_lines),
                xs,
                -6.0,
                Anchor::Start,
                true,
            )
        } else {
            let room = span.px(0.0, xe) - 8.0;
            (
                wrap(&runs, room, FONT, max_lines),
                xe,
                6.0,
                Anchor::End,
                true,
            )
        };
        let text_h = lines.len().max(1) as f64 * LINE;
        let (cy, first_line, row_h) = if above {
            (y + text_h + 8.0, y + LINE / 2.0, text_h + 18.0)
        } else {
            (y + LINE / 2.0, y + LINE / 2.0, text_h.max(16.0))
        };
        let _ = write!(
            out,
            "<a class=\"tl-wave\" href=\"{}\"><title>{}</title>",
            esc(&w.url),
            esc(&mark_title(w))
        );
        if xe > xs {
            let _ = write!(
                out,
                "<rect class=\"tl-bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"8\" rx=\"4\"/>",
                pct(xs),
                num(cy - 4.0),
                pct(xe - xs)
            );
        }
        let _ = write!(
            out,
            "<circle class=\"tl-dot\" cx=\"{}\" cy=\"{}\" r=\"6\"/>",
            pct(xs),
            num(cy)
        );
        for (k, line) in lines.iter().enumerate() {
            let ly = baseline(first_line + k as f64 * LINE, FONT);
            text_at(out, "tl-name", x, dx, ly, anchor, &tspans(line));
        }
        out.push_str("</a>");
        y += row_h + GAP;
    }
    let axis_y = y - GAP + 8.0;
    let h = span.draw_axis(out, 2.0, axis_y);
    // The axis is drawn last; move it under the marks.
    move_axis_first(out);
    axis_y + h
}

/// Puts the axis group (written last) first, so marks are drawn over it.
fn move_axis_first(out: &mut String) {
    if let Some(k) = out.rfind("<g class=\"tl-axis\"") {
        let axis = out.split_off(k);
        out.insert_str(0, &axis);
    }
}

/// A column of squares per week, month, quarter or year. Returns the
/// height and what a column counts.
fn dense_marks(out: &mut String, span: &Span, waves: &[WaveMark<'_>]) -> (f64, &'static str) {
    const CELL: f64 = 7.0;
    const PITCH: f64 = 9.0;
    let n = span.months();
    let (bin, months_per_bin) = if n <= 3 {
        ("week", 0)
    } else if n <= 120 {
        ("month", 1)
    } else if n <= 480 {
        ("quarter", 3)
    } else {
        ("year", 12)
    };
    // Bins as [start, end) in percent, and the waves in each.
    let mut bins: BTreeMap<i64, Vec<usize>> = BTreeMap::new();
    for (i, w) in waves.iter().enumerate() {
        let key = if months_per_bin == 0 {
            (w.start - span.start).num_days().max(0) / 7
        } else {
            (month_index(w.start) - span.m0).max(0) / months_per_bin
        };
        bins.entry(key).or_default().push(i);
    }
    let bin_x = |k: i64| -> (f64, f64) {
        if months_per_bin == 0 {
            let day = |n: i64| {
                u64::try_from(n)
                    .ok()
                    .and_then(|n| span.start.checked_add_days(chrono::Days::new(n)))
                    .map_or(span.left + span.width, |d| span.x(d))
            };
            (day(k * 7), day(k * 7 + 7))
        } else {
            let m = span.m0 + k * months_per_bin;
            (span.xm(m), span.xm((m + months_per_bin).min(span.m1)))
        }
    };
    let tallest = bins.values().map(Vec::len).max().unwrap_or(0);
    let overflow = tallest > STACK_MAX;
    let rows = tallest.min(STACK_MAX);
    let top = if overflow { 10.0 + LINE } else { 10.0 };
    let axis_y = top + rows as f64 * PITCH + 1.0;
    // Count lines: at most four, at a round step.
    let step = [1usize, 2, 5, 10, 20, 50]
        .into_iter()
        .find(|s| rows / s <= 4)
        .unwrap_or(100);
    let mut grid = String::from("<g class=\"tl-counts\" aria-hidden=\"true\">");
    let mut k = step;
    while k <= rows {
        let gy = axis_y - k as f64 * PITCH - 1.0;
        let _ = write!(
            grid,
            "<line class=\"tl-grid\" x1=\"{}\" x2=\"100%\" y1=\"{y}\" y2=\"{y}\"/>",
            pct(span.left),
            y = num(gy)
        );
        text_at(
            &mut grid,
            "tl-label tl-count",
            100.0,
            0.0,
            gy - 3.0,
            Anchor::End,
            &k.to_string(),
        );
        k += step;
    }
    grid.push_str("</g>");
    let mut marks = String::new();
    for (&key, list) in &bins {
        let (a, b) = bin_x(key);
        let w = (b - a).max(0.0);
        let (x, cw) = (a + w * 0.12, w * 0.76);
        for (level, &i) in list.iter().take(STACK_MAX).enumerate() {
            let wave = &waves[i];
            let _ = write!(
                marks,
                "<a href=\"{}\" tabindex=\"-1\"><title>{}</title><rect class=\"tl-cell\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/></a>",
                esc(&wave.url),
                esc(&mark_title(wave)),
                pct(x),
                num(axis_y - (level + 1) as f64 * PITCH),
                pct(cw),
                num(CELL)
            );
        }
        if list.len() > STACK_MAX {
            text_at(
                &mut marks,
                "tl-label tl-more",
                a + w / 2.0,
                0.0,
                top - 4.0,
                Anchor::Middle,
                &format!("+{}", list.len() - STACK_MAX),
            );
        }
    }
    let mut axis = String::new();
    let h = span.draw_axis(&mut axis, top, axis_y);
    out.push_str(&axis);
    out.push_str(&grid);
    out.push_str(&marks);
    (axis_y + h, bin)
}

/// The timeline of the waves `range` (indices into the archive's waves,
/// oldest first), with links relative to the page of `l`.
pub fn timeline_of(
    l: &Linker<'_>,
    range: std::ops::Range<usize>,
    id: &str,
    title: &str,
) -> Option<Timeline> {
    let waves: Vec<WaveMark<'_>> = range
        .filter_map(|i| {
            let w = l.archive.waves.get(i)?;
            Some(WaveMark {
                title: &w.data.title,
                url: l.wave(i).url.into_owned(),
                start: w.data.date.day,
                end: w.data.end_date,
            })
        })
        .collect();
    timeline(id, title, &waves)
}

// ---------------------------------------------------------------------------
// Figures of a wave.

/// One claim for the figures chart.
#[derive(Debug, Clone)]
pub struct FigureMark<'a> {
    /// What is counted.
    pub label: &'a str,
    /// Who reports it.
    pub publisher: &'a str,
    /// Whose claim it is, when named.
    pub claimant: Option<&'a str>,
    /// The number.
    pub value: Option<f64>,
    /// Range start ("at least" alone).
    pub min: Option<f64>,
    /// Range end ("up to" alone).
    pub max: Option<f64>,
    /// The number in words: "about 600", "500–600".
    pub display: String,
    /// The day the count refers to, in words.
    pub as_of: Option<String>,
}

/// The shape of one claim.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Claim {
    Exact(f64),
    Range(f64, f64),
    AtLeast(f64),
    UpTo(f64),
}

impl Claim {
    fn of(f: &FigureMark<'_>) -> Option<Claim> {
        let ok = |v: Option<f64>| v.filter(|x| x.is_finite()).map(|x| x.max(0.0));
        match (ok(f.value), ok(f.min), ok(f.max)) {
            (Some(v), _, _) => Some(Claim::Exact(v)),
            (None, Some(a), Some(b)) => Some(Claim::Range(a.min(b), a.max(b))),
            (None, Some(a), None) => Some(Claim::AtLeast(a)),
            (None, None, Some(b)) => Some(Claim::UpTo(b)),
            (None, None, None) => None,
        }
    }

    fn top(self) -> f64 {
        match self {
            Claim::Exact(v) | Claim::AtLeast(v) | Claim::UpTo(v) => v,
            Claim::Range(_, b) => b,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Claim::Exact(_) => "fig-exact",
            Claim::Range(..) => "fig-range",
            Claim::AtLeast(_) => "fig-at-least",
            Claim::UpTo(_) => "fig-up-to",
        }
    }
}

/// A round top for a scale reaching `top`, and the step between ticks.
pub fn nice_scale(top: f64) -> (f64, f64) {
    let top = if top.is_finite() && top > 0.0 {
        top
    } else {
        1.0
    };
    let mut base = 1.0_f64;
    while base * 10.0 < top {
        base *= 10.0;
    }
    // base <= top <= 10 * base, with base a whole power of ten (at least 1).
    let options: &[(f64, f64)] = if base < 10.0 {
        &[
            (1.0, 1.0),
            (2.0, 1.0),
            (4.0, 1.0),
            (5.0, 1.0),
            (6.0, 2.0),
            (8.0, 2.0),
            (10.0, 2.0),
        ]
    } else {
        &[
            (1.0, 0.2),
            (2.0, 0.5),
            (2.5, 0.5),
            (4.0, 1.0),
            (5.0, 1.0),
            (6.0, 2.0),
            (8.0, 2.0),
            (10.0, 2.0),
        ]
    };
    for &(f, s) in options {
        if f * base >= top {
            return (f * base, s * base);
        }
    }
    (10.0 * base, 2.0 * base)
}

/// How far across (percent) the scale's top lies.
const PLOT: f64 = 88.0;
/// Height of a bar.
const BAR: f64 = 12.0;

/// A chart of the figures reported for one subject (a wave), one bar per
/// claim, grouped by what is counted, each group on its own scale. `None`
/// when no figure has a number. `id` prefixes its ids.
pub fn figures_chart(id: &str, subject: &str, figures: &[FigureMark<'_>]) -> Option<String> {
    // Groups in the order of the figures table: by label, then by the
    // figure in words; ties keep their order.
    let mut groups: BTreeMap<&str, Vec<(&FigureMark<'_>, Claim)>> = BTreeMap::new();
    for f in figures {
        if let Some(c) = Claim::of(f) {
            groups.entry(f.label).or_default().push((f, c));
        }
    }
    if groups.is_empty() {
        return None;
    }
    for rows in groups.values_mut() {
        rows.sort_by(|a, b| a.0.display.as_bytes().cmp(b.0.display.as_bytes()));
    }
    let id = esc(id);
    let mut body = String::new();
    let mut y = 0.0;
    let mut summary = Vec::new();
    let mut total = 0;
    for (label, rows) in &groups {
        total += rows.len();
        summary.push(format!(
            "{label}: {} claim{}",
            rows.len(),
            if rows.len() == 1 { "" } else { "s" }
        ));
        y = draw_group(&mut body, y, label, rows);
    }
    let title = format!("Reported figures for {subject}");
    let desc = format!(
        "{total} claim{} in {} group{} by what is counted ({}). Each group has its own scale from zero. \
         A solid bar is a count; a bar between two end marks is a range; a bar ending in an arrow is \
         “at least”; a hollow bar with an end mark is “up to”. Claims are shown side by side, never \
         averaged. The table below gives the same figures in words.",
        if total == 1 { "" } else { "s" },
        groups.len(),
        if groups.len() == 1 { "" } else { "s" },
        summary.join("; ")
    );
    let mut svg = String::with_capacity(body.len() + 600);
    let _ = write!(
        svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart-svg chart-figures-svg\" width=\"100%\" height=\"{}\" \
         role=\"img\" aria-labelledby=\"{id}_title\" aria-describedby=\"{id}_desc\">\
         <title id=\"{id}_title\">{}</title><desc id=\"{id}_desc\">{}</desc>",
        num(y),
        esc(&title),
        esc(&desc)
    );
    svg.push_str(&body);
    svg.push_str("</svg>");
    Some(svg)
}

/// Draws one group from `y`; returns where the next one starts.
fn draw_group(out: &mut String, y: f64, label: &str, rows: &[(&FigureMark<'_>, Claim)]) -> f64 {
    let top = rows.iter().map(|(_, c)| c.top()).fold(0.0, f64::max);
    let (scale, step) = nice_scale(top);
    let x = |v: f64| PLOT * (v / scale).clamp(0.0, 1.0);
    let claims = format!(
        "·\u{a0}{}\u{a0}claim{}",
        rows.len(),
        if rows.len() == 1 { "" } else { "s" }
    );
    let head = wrap(
        &[(Run::Strong, label), (Run::Muted, &claims)],
        MIN_WIDTH - 4.0,
        HEAD_FONT,
        2,
    );
    let _ = write!(
        out,
        "<g class=\"fig-group\" transform=\"translate(2 {})\">",
        num(y)
    );
    let mut gy = 0.0;
    for line in &head {
        gy += LINE + 2.0;
        text_at(
            out,
            "fig-head",
            0.0,
            0.0,
            gy - 5.0,
            Anchor::Start,
            &tspans(line),
        );
    }
    gy += 6.0;
    let rows_top = gy;
    let mut marks = String::new();
    for (f, c) in rows {
        let source = match f.claimant {
            Some(who) => format!("· {} citing {who}", f.publisher),
            None => format!("· {}", f.publisher),
        };
        let display = if f.display.is_empty() {
            figure_display_fallback(*c)
        } else {
            f.display.clone()
        };
        let lines = wrap(
            &[(Run::Strong, &display), (Run::Plain, &source)],
            MIN_WIDTH - 8.0,
            FONT,
            2,
        );
        let mut tip = format!("{display} {source}");
        if let Some(d) = &f.as_of {
            let _ = write!(tip, ", as of {d}");
        }
        let _ = write!(
            marks,
            "<g class=\"fig-row {}\"><title>{}</title>",
            c.class(),
            esc(&tip)
        );
        for line in &lines {
            gy += LINE;
            text_at(
                &mut marks,
                "fig-label",
                0.0,
                0.0,
                gy - 4.0,
                Anchor::Start,
                &tspans(line),
            );
        }
        gy += 5.0;
        let (by, mid) = (gy, gy + BAR / 2.0);
        match *c {
            Claim::Exact(v) => {
                bar(&mut marks, "fig-bar", 0.0, x(v), by);
                if v <= 0.0 {
                    cap(&mut marks, 0.0, mid);
                }
            }
            Claim::Range(a, b) => {
                let _ = write!(
                    marks,
                    "<line class=\"fig-lead\" x1=\"0\" x2=\"{}\" y1=\"{m}\" y2=\"{m}\"/>",
                    pct(x(a)),
                    m = num(mid)
                );
                bar(&mut marks, "fig-bar", x(a), x(b), by);
                cap(&mut marks, x(a), mid);
                cap(&mut marks, x(b), mid);
            }
            Claim::AtLeast(a) => {
                bar(&mut marks, "fig-bar", 0.0, x(a), by);
                arrow(&mut marks, x(a), mid, 1.0);
            }
            Claim::UpTo(b) => {
                bar(&mut marks, "fig-bar-open", 0.0, x(b), by);
                cap(&mut marks, x(b), mid);
                arrow(&mut marks, x(b), mid, -1.0);
            }
        }
        marks.push_str("</g>");
        gy += BAR + 12.0;
    }
    // The scale: grid lines behind the bars, ticks and numbers below.
    let axis_y = gy - 6.0;
    out.push_str("<g class=\"fig-axis\" aria-hidden=\"true\">");
    let mut t = 0.0;
    let mut k = 0u32;
    while t <= scale + step * 0.001 && k <= 20 {
        let tx = x(t);
        let _ = write!(
            out,
            "<line class=\"fig-grid\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
            num(rows_top),
            num(axis_y + 4.0),
            x = pct(tx)
        );
        let anchor = if k == 0 {
            Anchor::Start
        } else {
            Anchor::Middle
        };
        text_at(
            out,
            "fig-tick",
            tx,
            if k == 0 { -2.0 } else { 0.0 },
            axis_y + 4.0 + SMALL_FONT + 1.0,
            anchor,
            &esc(&number(t)),
        );
        k += 1;
        t = step * f64::from(k);
    }
    let _ = write!(
        out,
        "<line class=\"fig-baseline\" x1=\"0\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\"/>",
        pct(PLOT),
        y = num(axis_y)
    );
    out.push_str("</g>");
    out.push_str(&marks);
    out.push_str("</g>");
    y + axis_y + 4.0 + SMALL_FONT + 1.0 + 22.0
}

/// Words for a claim drawn without words of its own.
fn figure_display_fallback(c: Claim) -> String {
    match c {
        Claim::Exact(v) => number(v),
        Claim::Range(a, b) => format!("{}–{}", number(a), number(b)),
        Claim::AtLeast(a) => format!("at least {}", number(a)),
        Claim::UpTo(b) => format!("up to {}", number(b)),
    }
}

fn bar(out: &mut String, class: &str, a: f64, b: f64, y: f64) {
    let _ = write!(
        out,
        "<rect class=\"{class}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
        pct(a),
        num(y),
        pct((b - a).max(0.0)),
        num(BAR)
    );
}

/// An end mark across a bar.
fn cap(out: &mut String, x: f64, mid: f64) {
    let _ = write!(
        out,
        "<line class=\"fig-cap\" x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\"/>",
        num(mid - BAR / 2.0 - 4.0),
        num(mid + BAR / 2.0 + 4.0),
        x = pct(x)
    );
}

/// An arrow head at `x` percent pointing right (`dir` 1) or left (-1).
fn arrow(out: &mut String, x: f64, mid: f64, dir: f64) {
    let (a, b) = (2.0 * dir, 11.0 * dir);
    let _ = write!(
        out,
        "<svg class=\"fig-arrow-at\" x=\"{}\" y=\"{}\" overflow=\"visible\"><path class=\"fig-arrow\" d=\"M{} -6L{} 0L{} 6Z\"/></svg>",
        pct(x),
        num(mid),
        num(a),
        num(b),
        num(a)
    );
}

/// The chart of the figures reported for wave `w`, for the page of `l`.
pub fn wave_figures(l: &Linker<'_>, w: usize) -> Option<String> {
    let a = l.archive;
    let wave = a.waves.get(w)?;
    let figures: Vec<FigureMark<'_>> = a
        .index
        .wave_figures
        .get(w)?
        .iter()
        .filter_map(|&i| {
            let f = a.figures.get(i)?;
            Some(FigureMark {
                label: &f.doc.label,
                publisher: &a.sources.get(f.source)?.data.publisher,
                claimant: f
                    .attributed_to
                    .and_then(|x| a.actors.get(x))
                    .map(|x| x.data.name.as_str()),
                value: f.doc.value,
                min: f.doc.min,
                max: f.doc.max,
                display: figure_display(&f.doc),
                as_of: f.doc.as_of.map(super::views::date_display),
            })
        })
        .collect();
    figures_chart("figures_chart", &wave.data.title, &figures)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_format_rounds_them() {
        for v in [
            0.0,
            -0.0,
            0.004,
            -0.004,
            0.005,
            0.015,
            0.125,
            1.005,
            2.675,
            99.995,
            -1.5,
            12.3456,
            1e8,
            1e12,
            -7.0,
            f64::NAN,
            f64::INFINITY,
            0.1 + 0.2,
        ] {
            assert_eq!(num(v), num_by_format(v), "{v}");
        }
        // Every hundredth and half-hundredth up to 1,000, both signs.
        for k in -200_000..200_000 {
            let v = f64::from(k) / 200.0;
            assert_eq!(num(v), num_by_format(v), "{v}");
        }
    }

    /// Splitting as first written: the width of every start of the word.
    fn split_word_slowly(word: &str, max: f64, font: f64) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        for c in word.chars() {
            let mut next = cur.clone();
            next.push(c);
            if !cur.is_empty() && text_width(&next, font) > max {
                out.push(std::mem::take(&mut cur));
                cur.push(c);
            } else {
                cur = next;
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn words_split_as_before(word in "[a-z한W.]{0,30}", max in 0.0f64..200.0, font in 6.0f64..16.0) {
            proptest::prop_assert_eq!(split_word(&word, max, font), split_word_slowly(&word, max, font));
        }
    }

    proptest::proptest! {
        #[test]
        fn any_number_prints_as_format_rounds_it(v in proptest::num::f64::ANY) {
            proptest::prop_assert_eq!(num(v), num_by_format(v));
        }

        #[test]
        fn chart_sized_numbers_print_as_format_rounds_them(v in -2000.0f64..2000.0) {
            proptest::prop_assert_eq!(num(v), num_by_format(v));
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn fig<'a>(label: &'a str, v: Option<f64>, lo: Option<f64>, hi: Option<f64>) -> FigureMark<'a> {
        FigureMark {
            label,
            publisher: "Daily",
            claimant: None,
            value: v,
            min: lo,
            max: hi,
            display: String::new(),
            as_of: None,
        }
    }

    /// The value of attribute `name` in the first tag of `svg` that
    /// contains `marker`.
    fn attr_after<'a>(svg: &'a str, marker: &str, name: &str) -> Option<&'a str> {
        let at = svg.find(marker)?;
        let tag_end = svg[at..].find('>')? + at;
        let tag = &svg[at..tag_end];
        let key = format!(" {name}=\"");
        let s = tag.find(&key)? + key.len();
        let e = tag[s..].find('"')? + s;
        Some(&tag[s..e])
    }

    fn pct_of(s: &str) -> f64 {
        s.trim_end_matches('%').parse().unwrap_or(f64::NAN)
    }

    #[test]
    fn numbers_are_written_the_same_way_every_time() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(-0.0001), "0");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(pct(44.0), "44%");
    }

    #[test]
    fn scales_end_on_round_numbers_above_the_largest_claim() {
        assert_eq!(nice_scale(600.0), (600.0, 200.0));
        assert_eq!(nice_scale(650.0), (800.0, 200.0));
        assert_eq!(nice_scale(500.0), (500.0, 100.0));
        assert_eq!(nice_scale(200.0), (200.0, 50.0));
        assert_eq!(nice_scale(2000.0), (2000.0, 500.0));
        assert_eq!(nice_scale(60.0), (60.0, 20.0));
        assert_eq!(nice_scale(5.0), (5.0, 1.0));
        assert_eq!(nice_scale(7.0), (8.0, 2.0));
        assert_eq!(nice_scale(0.0), (1.0, 1.0));
        assert_eq!(nice_scale(f64::INFINITY), (1.0, 1.0));
        for top in [1.0, 3.0, 17.0, 250.0, 999.0, 1001.0, 123_456.0] {
            let (s, step) = nice_scale(top);
            assert!(s >= top && s < top * 4.0 + 1.0, "{top} -> {s}");
            let ticks = s / step;
            assert!(
                (1.0..=5.0).contains(&ticks) && ticks.fract() == 0.0,
                "{top}"
            );
        }
    }

    #[test]
    fn bars_are_proportional_to_their_numbers() {
        let figs = [
            fig("returned", Some(600.0), None, None),
            fig("returned", None, Some(50.0), Some(60.0)),
            fig("returned", None, Some(500.0), None),
            fig("returned", None, None, Some(200.0)),
        ];
        let svg = figures_chart("c", "A wave", &figs).unwrap_or_default();
        // Scale 0..600 over PLOT percent.
        let exact_at = svg.find("fig-exact").unwrap_or(0);
        let width = pct_of(attr_after(&svg[exact_at..], "<rect", "width").unwrap_or(""));
        assert!((width - PLOT).abs() < 0.01, "{width}");
        let range_at = svg.find("fig-range").unwrap_or(0);
        let r = &svg[range_at..];
        let x = pct_of(attr_after(r, "<rect", "x").unwrap_or(""));
        let rw = pct_of(attr_after(r, "<rect", "width").unwrap_or(""));
        assert!((x - PLOT * 50.0 / 600.0).abs() < 0.01, "{x}");
        assert!((x + rw - PLOT * 60.0 / 600.0).abs() < 0.01, "{rw}");
        let row = &r[..r.find("</g>").unwrap_or(0)];
        assert_eq!(row.matches("fig-cap").count(), 2);
        let caps: Vec<f64> = row
            .match_indices("<line class=\"fig-cap\"")
            .map(|(i, _)| pct_of(attr_after(&row[i..], "<line", "x1").unwrap_or("")))
            .collect();
        assert!((caps[0] / caps[1] - 50.0 / 60.0).abs() < 0.001, "{caps:?}");
        // "At least" ends in an arrow, "up to" is hollow with an end mark.
        let at_least = &svg[svg.find("fig-at-least").unwrap_or(0)..];
        assert!(
            at_least.find("fig-arrow").unwrap_or(usize::MAX) < at_least.find("</g>").unwrap_or(0)
        );
        assert!(svg.contains("fig-bar-open"));
        // Four rows, each one claim.
        assert_eq!(svg.matches("<g class=\"fig-row").count(), 4);
    }

    #[test]
    fn unlike_counts_never_share_a_scale() {
        let figs = [
            fig("returned", Some(600.0), None, None),
            fig("detained", Some(2000.0), None, None),
            fig("crossings", Some(5.0), None, None),
        ];
        let svg = figures_chart("c", "A wave", &figs).unwrap_or_default();
        assert_eq!(svg.matches("<g class=\"fig-group\"").count(), 3);
        // Each bar is measured against its own group's scale.
        let widths: Vec<f64> = svg
            .match_indices("fig-row fig-exact")
            .map(|(i, _)| pct_of(attr_after(&svg[i..], "<rect", "width").unwrap_or("")))
            .collect();
        // crossings 5 of 5, detained 2000 of 2000, returned 600 of 600.
        assert_eq!(widths.len(), 3);
        assert!((widths[0] - PLOT).abs() < 0.01);
        assert!((widths[1] - PLOT).abs() < 0.01);
        assert!((widths[2] - PLOT).abs() < 0.01);
    }

    #[test]
    fn text_is_escaped() {
        let mut f = fig("<b>& \"co\"", Some(1.0), None, None);
        f.publisher = "A&B <News>";
        f.claimant = Some("x'y");
        let svg = figures_chart("c\"d", "T<&>", &[f]).unwrap_or_default();
        assert!(!svg.contains("<b>"));
        assert!(!svg.contains("<News>"));
        assert!(svg.contains("&lt;b&gt;&amp; &quot;co&quot;"));
        assert!(svg.contains("A&amp;B &lt;News&gt;"));
        assert!(svg.contains("x&#39;y"));
        assert!(svg.contains("T&lt;&amp;&gt;"));
        assert!(svg.contains("id=\"c&quot;d_title\""));

        let waves = [WaveMark {
            title: "Returns <&> \"here\"",
            url: "a&b/index.html".into(),
            start: day(2023, 10, 9),
            end: None,
        }];
        let t = timeline("tl", "Waves <&>", &waves)
            .map(|t| t.svg)
            .unwrap_or_default();
        assert!(t.contains("Returns &lt;&amp;&gt; &quot;here&quot;"));
        assert!(t.contains("href=\"a&amp;b/index.html\""));
        assert!(t.contains("Waves &lt;&amp;&gt;"));
        assert!(!t.contains("<&>"));
        assert!(!t.contains(" style="));
    }

    #[test]
    fn figures_without_numbers_draw_nothing() {
        assert_eq!(figures_chart("c", "w", &[fig("x", None, None, None)]), None);
        assert_eq!(figures_chart("c", "w", &[]), None);
        // Numbers that cannot be drawn are dropped, not drawn anywhere.
        assert_eq!(
            figures_chart("c", "w", &[fig("x", Some(f64::NAN), None, None)]),
            None
        );
    }

    #[test]
    fn the_timeline_places_waves_by_date() {
        let waves = [
            WaveMark {
                title: "October",
                url: "a/index.html".into(),
                start: day(2023, 10, 9),
                end: Some(day(2023, 10, 10)),
            },
            WaveMark {
                title: "April",
                url: "b/index.html".into(),
                start: day(2024, 4, 26),
                end: None,
            },
        ];
        let Some(t) = timeline("tl", "Waves", &waves) else {
            panic!("no timeline")
        };
        assert!(!t.dense);
        // Drawn twice, for a phone and for a wide screen, alike but for
        // their labels.
        assert_eq!(t.svg.matches("<svg ").count(), 2);
        assert_eq!(t.svg.matches("chart-narrow").count(), 1);
        assert_eq!(t.svg.matches("chart-wide").count(), 1);
        assert!(t.svg.contains("id=\"tl_title\"") && t.svg.contains("id=\"tl_wide_title\""));
        let narrow = t.svg.split("</svg>").next().unwrap_or("");
        assert_eq!(narrow.matches("<a ").count(), 2);
        let cx: Vec<f64> = narrow
            .match_indices("<circle")
            .map(|(i, _)| pct_of(attr_after(&narrow[i..], "<circle", "cx").unwrap_or("")))
            .collect();
        assert_eq!(cx.len(), 2);
        // October 2023 to the end of April 2024 is 213 days across 95%.
        let expect = |d: NaiveDate| 2.5 + 95.0 * (d - day(2023, 10, 1)).num_days() as f64 / 213.0;
        assert!((cx[0] - expect(day(2023, 10, 9))).abs() < 0.01, "{cx:?}");
        assert!((cx[1] - expect(day(2024, 4, 26))).abs() < 0.01, "{cx:?}");
        // Months and years are named on the axis.
        for label in [">Oct<", ">Apr<", ">2023<", ">2024<"] {
            assert!(t.svg.contains(label), "{label}");
        }
    }

    #[test]
    fn many_waves_become_columns_of_squares_of_bounded_height() {
        let waves: Vec<WaveMark<'_>> = (0..600)
            .map(|i| WaveMark {
                title: "W",
                url: format!("w{i}/index.html"),
                start: day(2019 + (i % 7), 1 + (i as u32 % 12), 1 + (i as u32 % 28)),
                end: None,
            })
            .collect();
        let Some(t) = timeline("tl", "Waves", &waves) else {
            panic!("no timeline")
        };
        assert!(t.dense);
        assert_eq!(t.bin, "month");
        assert_eq!(t.svg.matches("<rect class=\"tl-cell\"").count(), 600);
        let h: f64 = attr_after(&t.svg, "<svg", "height")
            .unwrap_or("")
            .parse()
            .unwrap_or(f64::MAX);
        assert!(h < 500.0, "{h}");
        // Seven years are named.
        for y in 2019..=2025 {
            assert!(t.svg.contains(&format!(">{y}<")), "{y}");
        }
        // Crowded into one week, columns stop at the bound.
        let crowd: Vec<WaveMark<'_>> = (0..100)
            .map(|i| WaveMark {
                title: "W",
                url: format!("w{i}/index.html"),
                start: day(2024, 4, 1),
                end: None,
            })
            .collect();
        let Some(t) = timeline("tl", "Waves", &crowd) else {
            panic!("no timeline")
        };
        assert_eq!(t.svg.matches("<rect class=\"tl-cell\"").count(), STACK_MAX);
        assert!(t.svg.contains(">+60<"));
    }

    #[test]
    fn labels_wrap_and_are_cut_to_fit() {
        let lines = wrap(
            &[(
                Run::Plain,
                "Mass repatriation after the Hangzhou Asian Games closed in October",
            )],
            150.0,
            FONT,
            2,
        );
        assert_eq!(lines.len(), 2);
        for l in &lines {
            assert!(line_width(l, FONT) <= 150.0, "{l:?}");
        }
        assert!(lines[1].last().is_some_and(|(_, w)| w.ends_with('…')));
        // Hangul is wider than Latin letters.
        assert!(text_width("강제 북송", FONT) > text_width("abcde", FONT));
        let ko = wrap(
            &[(Run::Plain, "바이산강제북송현황바이산강제북송현황")],
            60.0,
            FONT,
            3,
        );
        assert!(ko.len() > 1);
        assert!(ko.iter().all(|l| line_width(l, FONT) <= 60.0));
    }
}
