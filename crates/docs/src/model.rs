//! What a document says, independent of how it is drawn: the PDF renderer, the snapshot
//! tests and (later) an HTML preview all read this model, so the wording is tested once.

use serde::Serialize;

/// Paper orientation; the Journal form is wide, so extracts are landscape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    Portrait,
    Landscape,
}

/// A whole document: a title block, one table, a signature block, footnotes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Language code of every string in the document (`kk`, `ru`, `en`).
    pub lang: String,
    pub orientation: Orientation,
    /// Centered, bold; the official name of the form.
    pub title: Vec<String>,
    /// Centered under the title: period, rule set, when it was produced.
    pub subtitle: Vec<String>,
    /// Running text between the title block and the table: letters and protocols are
    /// mostly prose; the Journal extract has none (left out of its JSON, which is
    /// snapshot-tested as it was before letters existed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<Paragraph>,
    /// The table; a document without columns has none drawn.
    pub table: Table,
    /// Lines after the table (totals, "nothing in the period").
    pub after_table: Vec<String>,
    pub signatures: Vec<SignatureBlock>,
    /// Small print at the very end (the form's list of abbreviations).
    pub footnotes: Vec<String>,
    /// The page footer with `{page}` and `{pages}` still to be filled in: only the renderer
    /// knows how many pages there are.
    pub page_footer: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub header: String,
    /// Share of the table width, relative to the other columns.
    pub weight: f32,
}

/// One block of running text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub enum Paragraph {
    /// A section heading, bold.
    Heading(String),
    /// Ordinary text; `\n` starts a new line inside it.
    Text(String),
    /// One bar of a bar chart: the label printed beside it and its length in tenths of
    /// a per cent of the full width (0..=1000).
    Bar { label: String, tenths: u32 },
}

impl Paragraph {
    pub fn text(&self) -> &str {
        match self {
            Paragraph::Heading(t) | Paragraph::Text(t) => t,
            Paragraph::Bar { label, .. } => label,
        }
    }
}

/// "Responsible person … (signature) Full name": the role, the place for the signature
/// and the name, as the form prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureBlock {
    pub role: String,
    pub signature_label: String,
    pub name_label: String,
    /// The person's name when known; otherwise a blank line to write it in.
    pub name: Option<String>,
}

impl Document {
    /// The page footer for page `page` of `pages`.
    pub fn footer(&self, page: usize, pages: usize) -> String {
        self.page_footer
            .replace("{page}", &page.to_string())
            .replace("{pages}", &pages.to_string())
    }

    /// A plain-text rendering for snapshots and for reading in a terminal.
    pub fn to_text(&self) -> String {
        let mut out = Vec::new();
        out.extend(self.title.iter().cloned());
        out.extend(self.subtitle.iter().cloned());
        out.extend(self.body.iter().map(|p| p.text().to_owned()));
        if self.table.columns.is_empty() {
            out.extend(self.after_table.iter().cloned());
            self.push_tail(&mut out);
            return out.join("\n");
        }
        out.push(
            self.table
                .columns
                .iter()
                .map(|c| c.header.as_str())
                .collect::<Vec<_>>()
                .join(" | "),
        );
        for row in &self.table.rows {
            // Line breaks inside a cell would make the snapshot ambiguous.
            let cells: Vec<String> = row.iter().map(|c| c.replace('\n', " / ")).collect();
            out.push(cells.join(" | "));
        }
        out.extend(self.after_table.iter().cloned());
        self.push_tail(&mut out);
        out.join("\n")
    }

    fn push_tail(&self, out: &mut Vec<String>) {
        for s in &self.signatures {
            out.push(format!(
                "{} {} {}",
                s.role,
                s.signature_label,
                s.name.as_deref().unwrap_or(&s.name_label)
            ));
        }
        out.extend(self.footnotes.iter().cloned());
        out.push(self.page_footer.clone());
    }
}
