//! Renders a [`Document`] to PDF with `printpdf`, DejaVu Sans embedded (subset) so Kazakh
//! letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) print and can be copied back out as Unicode.
//!
//! Layout is done here rather than with printpdf's HTML layout: a table that repeats its
//! header on every page and breaks long cells across pages is a few hundred lines, and it
//! keeps 300 pages well under a second.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, Rgb, TextItem,
};

use crate::DocError;
use crate::model::{Document, Orientation, Paragraph};

const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

/// The parsed faces; parsing takes a few milliseconds, documents are made many times.
struct Faces {
    regular: ParsedFont,
    bold: ParsedFont,
}

fn faces() -> Result<&'static Faces, DocError> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            let regular = ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new())?;
            let bold = ParsedFont::from_bytes(BOLD_TTF, 0, &mut Vec::new())?;
            Some(Faces { regular, bold })
        })
        .as_ref()
        .ok_or_else(|| DocError::Render("embedded font cannot be parsed".into()))
}

/// The face cut down to the glyphs of `chars`: a full DejaVu Sans is 750 KB per face,
/// a one-page extract needs a few hundred glyphs.
fn subset(
    source: &[u8],
    full: &ParsedFont,
    chars: &BTreeSet<char>,
) -> Result<ParsedFont, DocError> {
    use allsorts::binary::read::ReadScope;
    use allsorts::font_data::FontData;
    use allsorts::subset::{CmapTarget, SubsetProfile};
    let err = |e: &dyn std::fmt::Display| DocError::Render(format!("font subset: {e}"));
    let gids: BTreeSet<u16> = chars
        .iter()
        .filter_map(|c| full.lookup_glyph_index(*c as u32))
        .filter(|g| *g != 0)
        .collect();
    // .notdef must come first (allsorts renumbers glyphs by position).
    let ids: Vec<u16> = std::iter::once(0).chain(gids).collect();
    let data = ReadScope::new(source)
        .read::<FontData<'_>>()
        .map_err(|e| err(&e))?;
    let provider = data.table_provider(0).map_err(|e| err(&e))?;
    let bytes = allsorts::subset::subset(
        &provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| err(&e))?;
    ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())
        .ok_or_else(|| DocError::Render("font subset cannot be parsed".into()))
}

/// Width of `text` in points at `size`.
fn width(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let upm = f32::from(font.units_per_em.max(1));
    let units: u32 = text
        .chars()
        .map(|c| {
            font.lookup_glyph_index(c as u32)
                .and_then(|g| font.get_glyph_width(g))
                .map(u32::from)
                .unwrap_or(u32::from(font.units_per_em / 2))
        })
        .sum();
    units as f32 / upm * size
}

/// Breaks `text` into lines no wider than `max`: at spaces, at explicit newlines, and
/// inside a word only when the word alone is too wide (URLs, long e-mail addresses).
fn wrap(font: &ParsedFont, text: &str, size: f32, max: f32) -> Vec<String> {
    let space = width(font, " ", size);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0.0;
        for word in paragraph.split_whitespace() {
            let word_w = width(font, word, size);
            let needed = if line.is_empty() {
                word_w
            } else {
                line_w + space + word_w
            };
            if needed <= max {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_w = needed;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_w = 0.0;
            }
            if word_w <= max {
                line.push_str(word);
                line_w = word_w;
            } else {
                for ch in word.chars() {
                    let ch_w = width(font, ch.encode_utf8(&mut [0; 4]), size);
                    if line_w + ch_w > max && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_w = 0.0;
                    }
                    line.push(ch);
                    line_w += ch_w;
                }
            }
        }
        lines.push(line);
    }
    lines
}

const MARGIN: f32 = 34.0;
const BOTTOM: f32 = 42.0;
/// What follows the table stays above this line, leaving the bottom of the last page to
/// the stamps of electronic signatures (`desk-sign` puts them there).
const STAMP_ZONE_TOP: f32 = 104.0;
const BODY: f32 = 7.5;
const HEAD: f32 = 7.5;
const PAD: f32 = 2.5;
const LEADING: f32 = 1.22;

struct Painter<'a> {
    faces: &'a Faces,
    regular: FontId,
    bold: FontId,
    page_w: f32,
    page_h: f32,
    pages: Vec<Vec<Op>>,
    y: f32,
    /// The lowest line text may reach on the current page.
    bottom: f32,
}

impl Painter<'_> {
    fn ops(&mut self) -> &mut Vec<Op> {
        if self.pages.is_empty() {
            self.new_page();
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    fn new_page(&mut self) {
        self.pages.push(vec![
            Op::SetOutlineColor {
                col: Color::Rgb(Rgb {
                    r: 0.0,
                    g: 0.0,
                    b: 0.0,
                    icc_profile: None,
                }),
            },
            Op::SetOutlineThickness { pt: Pt(0.5) },
        ]);
        self.y = self.page_h - MARGIN;
    }

    fn text(&mut self, bold: bool, size: f32, x: f32, y: f32, s: &str) {
        if s.is_empty() {
            return;
        }
        let font = if bold {
            self.bold.clone()
        } else {
            self.regular.clone()
        };
        let ops = self.ops();
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(font),
            size: Pt(size),
        });
        ops.push(Op::SetTextCursor {
            pos: Point { x: Pt(x), y: Pt(y) },
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(s.to_owned())],
        });
        ops.push(Op::EndTextSection);
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32) {
        let p = |x, y| LinePoint {
            p: Point { x: Pt(x), y: Pt(y) },
            bezier: false,
        };
        self.ops().push(Op::DrawLine {
            line: Line {
                points: vec![p(x1, y1), p(x2, y2)],
                is_closed: false,
            },
        });
    }

    /// One bar of a chart: its label on the left, an outlined box for 100 % and, inside
    /// it, the bar drawn as close horizontal lines (printpdf's plain line operator).
    fn bar(&mut self, label: &str, tenths: u32) {
        let h = 10.0;
        if self.y - h - 4.0 < self.bottom {
            self.new_page();
        }
        let top = self.y - 2.0;
        let bottom = top - h;
        let left = MARGIN + (self.page_w - 2.0 * MARGIN) * 0.45;
        let right = self.page_w - MARGIN;
        self.text(false, 8.0, MARGIN, bottom + 2.0, label);
        self.line(left, top, right, top);
        self.line(left, bottom, right, bottom);
        self.line(left, top, left, bottom);
        self.line(right, top, right, bottom);
        let end = left + (right - left) * tenths.min(1000) as f32 / 1000.0;
        if end > left {
            let mut y = bottom + 1.0;
            while y < top - 0.5 {
                self.line(left, y, end, y);
                y += 0.5;
            }
        }
        self.y = bottom - 2.0;
    }

    fn font(&self, bold: bool) -> &ParsedFont {
        if bold {
            &self.faces.bold
        } else {
            &self.faces.regular
        }
    }

    /// Paragraph lines, centered or left-aligned, moving down; starts a page when full.
    fn paragraph(&mut self, text: &str, bold: bool, size: f32, centered: bool) {
        let max = self.page_w - 2.0 * MARGIN;
        for l in wrap(self.font(bold), text, size, max) {
            let lh = size * LEADING;
            if self.y - lh < self.bottom {
                self.new_page();
            }
            let x = if centered {
                (self.page_w - width(self.font(bold), &l, size)) / 2.0
            } else {
                MARGIN
            };
            self.y -= size;
            self.text(bold, size, x, self.y, &l);
            self.y -= lh - size;
        }
    }

    /// One table row of already wrapped cells at the current position; returns the
    /// lines that did not fit (empty when the whole row was drawn).
    fn row(&mut self, x: &[f32], cells: &[Vec<String>], bold: bool, size: f32, fit: usize) {
        let lh = size * LEADING;
        let height = fit as f32 * lh + 2.0 * PAD;
        let top = self.y;
        let bottom = top - height;
        let right = x.last().copied().unwrap_or(MARGIN);
        self.line(MARGIN, top, right, top);
        self.line(MARGIN, bottom, right, bottom);
        for xi in x {
            self.line(*xi, top, *xi, bottom);
        }
        for (c, lines) in cells.iter().enumerate() {
            for (i, l) in lines.iter().take(fit).enumerate() {
                let baseline = top - PAD - size * 0.9 - i as f32 * lh;
                self.text(bold, size, x[c] + PAD, baseline, l);
            }
        }
        self.y = bottom;
    }
}

/// Adds the two faces to `pdf`, each cut down to the characters the document uses.
/// Measuring still uses the full faces: a subset has the same advance widths.
fn embedded_fonts(
    pdf: &mut PdfDocument,
    doc: &Document,
    faces: &Faces,
) -> Result<(FontId, FontId), DocError> {
    let mut chars: BTreeSet<char> = doc.to_text().chars().collect();
    // Page numbers are filled in after layout; make sure every digit is there.
    chars.extend('0'..='9');
    chars.insert(' ');
    let regular = subset(REGULAR_TTF, &faces.regular, &chars)?;
    let bold = subset(BOLD_TTF, &faces.bold, &chars)?;
    Ok((pdf.add_font(&regular), pdf.add_font(&bold)))
}

/// Renders the document; pages are A4.
pub fn render(doc: &Document) -> Result<Vec<u8>, DocError> {
    let faces = faces()?;
    let (w_mm, h_mm) = match doc.orientation {
        Orientation::Landscape => (297.0, 210.0),
        Orientation::Portrait => (210.0, 297.0),
    };
    let mut pdf = PdfDocument::new(doc.title.first().map(String::as_str).unwrap_or(""));
    let (regular, bold) = embedded_fonts(&mut pdf, doc, faces)?;
    let mut p = Painter {
        faces,
        regular,
        bold,
        page_w: Pt::from(Mm(w_mm)).0,
        page_h: Pt::from(Mm(h_mm)).0,
        pages: Vec::new(),
        y: 0.0,
        bottom: BOTTOM,
    };
    p.new_page();

    for t in &doc.title {
        p.paragraph(t, true, 11.0, true);
    }
    p.y -= 3.0;
    for s in &doc.subtitle {
        p.paragraph(s, false, 9.0, true);
    }
    p.y -= 8.0;
    for para in &doc.body {
        match para {
            Paragraph::Heading(t) => {
                p.y -= 4.0;
                p.paragraph(t, true, 10.0, false);
                p.y -= 1.0;
            }
            Paragraph::Text(t) => {
                p.paragraph(t, false, 10.0, false);
                p.y -= 3.0;
            }
            Paragraph::Bar { label, tenths } => p.bar(label, *tenths),
        }
    }
    if !doc.body.is_empty() {
        p.y -= 6.0;
    }

    // Column edges from the relative weights.
    let table_w = p.page_w - 2.0 * MARGIN;
    let total: f32 = doc
        .table
        .columns
        .iter()
        .map(|c| c.weight)
        .sum::<f32>()
        .max(1.0);
    let mut x = vec![MARGIN];
    for c in &doc.table.columns {
        let last = x.last().copied().unwrap_or(MARGIN);
        x.push(last + table_w * c.weight / total);
    }
    let wrap_cells = |p: &Painter, cells: &[String], bold: bool, size: f32| -> Vec<Vec<String>> {
        cells
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let col_w = x.get(i + 1).copied().unwrap_or(0.0) - x.get(i).copied().unwrap_or(0.0);
                wrap(p.font(bold), s, size, col_w - 2.0 * PAD)
            })
            .collect()
    };
    let headers: Vec<String> = doc.table.columns.iter().map(|c| c.header.clone()).collect();
    let header_cells = wrap_cells(&p, &headers, true, HEAD);
    let header_lines = header_cells.iter().map(Vec::len).max().unwrap_or(1);
    let header_h = header_lines as f32 * HEAD * LEADING + 2.0 * PAD;
    let line_h = BODY * LEADING;

    // Letters have no table: nothing to draw, not even a header row.
    let has_table = !doc.table.columns.is_empty();
    if has_table {
        if p.y - header_h - line_h - 2.0 * PAD < BOTTOM {
            p.new_page();
        }
        p.row(&x, &header_cells, true, HEAD, header_lines);
    }
    // What follows the table; the last row goes with it, so the signature never stands
    // on a page of its own, away from what it signs.
    let tail_h = 6.0
        + doc.after_table.len() as f32 * 9.0 * LEADING
        + doc.signatures.len() as f32 * 64.0
        + 8.0
        + (STAMP_ZONE_TOP - BOTTOM)
        + doc
            .footnotes
            .iter()
            .map(|f| {
                wrap(p.font(false), f, 7.0, p.page_w - 2.0 * MARGIN).len() as f32 * 7.0 * LEADING
            })
            .sum::<f32>();
    let last = doc.table.rows.len().saturating_sub(1);
    let mut rows_on_page = 0usize;
    for (index, row) in doc.table.rows.iter().enumerate() {
        let mut cells = wrap_cells(&p, row, false, BODY);
        loop {
            let needed = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let reserve = if index == last && rows_on_page > 0 {
                tail_h
            } else {
                0.0
            };
            let room = ((p.y - BOTTOM - reserve - 2.0 * PAD) / line_h)
                .floor()
                .max(0.0) as usize;
            let fresh_room =
                ((p.page_h - MARGIN - header_h - BOTTOM - 2.0 * PAD) / line_h).floor() as usize;
            // A row that fits on a fresh page is never split; a taller one is split
            // wherever the page ends, and continues under the repeated header.
            if needed <= room {
                p.row(&x, &cells, false, BODY, needed);
                rows_on_page += 1;
                break;
            }
            if (needed <= fresh_room && rows_on_page > 0) || room == 0 {
                p.new_page();
                p.row(&x, &header_cells, true, HEAD, header_lines);
                rows_on_page = 0;
                continue;
            }
            p.row(&x, &cells, false, BODY, room);
            for c in &mut cells {
                let rest = c.len().min(room);
                c.drain(..rest);
            }
            p.new_page();
            p.row(&x, &header_cells, true, HEAD, header_lines);
            rows_on_page = 0;
        }
    }

    p.y -= 6.0;
    p.bottom = STAMP_ZONE_TOP;
    for a in &doc.after_table {
        p.paragraph(a, false, 9.0, false);
    }
    for s in &doc.signatures {
        // The block is kept on one page: a signature line alone on the next page would
        // not show what is being signed.
        let role_w = (p.page_w - 2.0 * MARGIN) * 0.42;
        let role_lines = wrap(p.font(false), &s.role, 10.0, role_w);
        let block_h = role_lines.len() as f32 * 10.0 * LEADING + 40.0;
        if p.y - block_h < p.bottom {
            p.new_page();
        }
        p.y -= 24.0;
        let top = p.y;
        for (i, l) in role_lines.iter().enumerate() {
            p.text(false, 10.0, MARGIN, top - i as f32 * 10.0 * LEADING, l);
        }
        // Role, signature line, name line: the form's order, scaled to the page width.
        let avail = p.page_w - 2.0 * MARGIN;
        let sign_w = avail * 0.22;
        let name_w = avail * 0.26;
        let sign_x = MARGIN + role_w + avail * 0.02;
        let name_x = p.page_w - MARGIN - name_w;
        let line_y = top - (role_lines.len() as f32 - 1.0) * 10.0 * LEADING - 2.0;
        p.line(sign_x, line_y, sign_x + sign_w, line_y);
        p.line(name_x, line_y, name_x + name_w, line_y);
        let label_w = width(p.font(false), &s.signature_label, 7.0);
        p.text(
            false,
            7.0,
            sign_x + (sign_w - label_w) / 2.0,
            line_y - 9.0,
            &s.signature_label,
        );
        let name_label_w = width(p.font(false), &s.name_label, 7.0);
        p.text(
            false,
            7.0,
            name_x + (name_w - name_label_w) / 2.0,
            line_y - 9.0,
            &s.name_label,
        );
        if let Some(name) = &s.name {
            p.text(false, 10.0, name_x + 4.0, line_y + 3.0, name);
        }
        p.y = line_y - 16.0;
    }
    p.y -= 8.0;
    for f in &doc.footnotes {
        p.paragraph(f, false, 7.0, false);
    }

    let pages = p.pages.len();
    let left_footer = doc.subtitle.first().cloned().unwrap_or_default();
    let mut out_pages = Vec::with_capacity(pages);
    for (i, mut ops) in std::mem::take(&mut p.pages).into_iter().enumerate() {
        let label = doc.footer(i + 1, pages);
        let label_w = width(&faces.regular, &label, 8.0);
        p.pages = vec![std::mem::take(&mut ops)];
        p.text(false, 8.0, p.page_w - MARGIN - label_w, 22.0, &label);
        p.text(false, 8.0, MARGIN, 22.0, &left_footer);
        let ops = p.pages.pop().unwrap_or_default();
        out_pages.push(PdfPage::new(Mm(w_mm), Mm(h_mm), ops));
    }
    let mut warnings = Vec::new();
    let bytes = pdf
        .with_pages(out_pages)
        .save(&PdfSaveOptions::default(), &mut warnings);
    Ok(bytes)
}

/// The visible signature stamp: a framed box with the title in bold and the signer's
/// lines under it, as a one-page PDF of exactly the stamp's size (`desk-sign` imports
/// that page as the signature's appearance). Lines too long for the box are set smaller.
pub fn render_stamp(title: &str, lines: &[String]) -> Result<Vec<u8>, DocError> {
    const W: f32 = 232.0;
    const H: f32 = 62.0;
    let faces = faces()?;
    let mut pdf = PdfDocument::new(title);
    let mut chars: BTreeSet<char> = title.chars().collect();
    for l in lines {
        chars.extend(l.chars());
    }
    chars.insert(' ');
    let regular = pdf.add_font(&subset(REGULAR_TTF, &faces.regular, &chars)?);
    let bold = pdf.add_font(&subset(BOLD_TTF, &faces.bold, &chars)?);
    let mut p = Painter {
        faces,
        regular,
        bold,
        page_w: W,
        page_h: H,
        pages: Vec::new(),
        y: 0.0,
        bottom: BOTTOM,
    };
    p.new_page();
    // A blue frame, as on the stamps NCA-based systems print.
    p.ops().push(Op::SetOutlineColor {
        col: Color::Rgb(Rgb {
            r: 0.1,
            g: 0.25,
            b: 0.6,
            icc_profile: None,
        }),
    });
    p.ops().push(Op::SetOutlineThickness { pt: Pt(1.2) });
    for (x1, y1, x2, y2) in [
        (1.0, 1.0, W - 1.0, 1.0),
        (W - 1.0, 1.0, W - 1.0, H - 1.0),
        (W - 1.0, H - 1.0, 1.0, H - 1.0),
        (1.0, H - 1.0, 1.0, 1.0),
    ] {
        p.line(x1, y1, x2, y2);
    }
    let fit = |p: &Painter, bold: bool, s: &str, size: f32| -> f32 {
        let w = width(p.font(bold), s, size);
        if w > W - 10.0 {
            size * (W - 10.0) / w
        } else {
            size
        }
    };
    let mut y = H - 11.0;
    let size = fit(&p, true, title, 7.5);
    p.text(true, size, 5.0, y, title);
    for l in lines.iter().take(5) {
        y -= 9.5;
        let size = fit(&p, false, l, 7.0);
        p.text(false, size, 5.0, y, l);
    }
    let ops = p.pages.pop().unwrap_or_default();
    let page = PdfPage::new(Mm::from(Pt(W)), Mm::from(Pt(H)), ops);
    Ok(pdf
        .with_pages(vec![page])
        .save(&PdfSaveOptions::default(), &mut Vec::new()))
}
