//! The extract for spreadsheets: the same columns as the PDF, one appeal per line, with
//! the incident number in a column of its own so it can be filtered on.

use desk_i18n::{Lang, tr};
use desk_journal::AppealRow;
use rust_xlsxwriter::{Format as XFormat, Workbook};

use crate::DocError;
use crate::journal::{Period, RuleSet, journal_cells, journal_headers, rows_in_period};

fn header(lang: Lang) -> Vec<String> {
    let mut h = journal_headers(lang);
    h.insert(1, tr(lang, "doc-col-incident", &[]));
    h
}

fn cells(seq: usize, row: &AppealRow, lang: Lang) -> Vec<String> {
    let mut c = journal_cells(seq, row, lang);
    c[0] = seq.to_string();
    c.insert(1, row.number.clone());
    c
}

/// CSV (RFC 4180, comma-separated) with a UTF-8 byte-order mark: without it Excel on
/// Windows reads Kazakh and Russian as mojibake.
pub fn journal_csv(
    rows: &[AppealRow],
    period: &Period,
    rules: Option<RuleSet>,
    lang: Lang,
) -> Result<Vec<u8>, DocError> {
    let mut out = Vec::from(&b"\xEF\xBB\xBF"[..]);
    {
        let mut w = csv::Writer::from_writer(&mut out);
        w.write_record(header(lang))
            .map_err(|e| DocError::Render(e.to_string()))?;
        for (i, r) in rows_in_period(rows, period, rules).into_iter().enumerate() {
            w.write_record(cells(i + 1, r, lang))
                .map_err(|e| DocError::Render(e.to_string()))?;
        }
        w.flush().map_err(|e| DocError::Render(e.to_string()))?;
    }
    Ok(out)
}

/// An XLSX workbook with one sheet: a bold, frozen header row and wrapped text.
pub fn journal_xlsx(
    rows: &[AppealRow],
    period: &Period,
    rules: Option<RuleSet>,
    lang: Lang,
) -> Result<Vec<u8>, DocError> {
    let err = |e: rust_xlsxwriter::XlsxError| DocError::Render(e.to_string());
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = XFormat::new().set_bold().set_text_wrap();
    let wrap = XFormat::new().set_text_wrap();
    let widths = [6.0, 18.0, 30.0, 14.0, 17.0, 24.0, 36.0, 24.0, 36.0];
    for (c, (h, w)) in header(lang).iter().zip(widths).enumerate() {
        let c = c as u16;
        sheet
            .write_string_with_format(0, c, h, &bold)
            .map_err(err)?;
        sheet.set_column_width(c, w).map_err(err)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    for (i, r) in rows_in_period(rows, period, rules).into_iter().enumerate() {
        let line = (i + 1) as u32;
        for (c, v) in cells(i + 1, r, lang).iter().enumerate() {
            if c == 0 {
                sheet.write_number(line, 0, (i + 1) as f64).map_err(err)?;
            } else {
                sheet
                    .write_string_with_format(line, c as u16, v, &wrap)
                    .map_err(err)?;
            }
        }
    }
    book.save_to_buffer().map_err(err)
}
