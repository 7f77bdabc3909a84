//! Terminal output of the query commands: text made safe for a terminal, aligned tables
//! wrapped to a width, labelled fields, and colour only when the output is a terminal and
//! `NO_COLOR` is unset.
//!
//! Everything shown goes through [`Text`], which drops control characters, ANSI escape
//! sequences and bidirectional overrides from article text, so a hostile article cannot
//! move the cursor, retitle the terminal or reorder what is shown. Search matches are a
//! [`Tone::Match`]: bold red with colour, `[between brackets]` without.

use std::io::IsTerminal;

/// How a piece of text is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Plain,
    /// Column headers and section titles.
    Header,
    /// What a search matched.
    Match,
    /// Secondary details: sources, ids.
    Dim,
}

/// Where and how output is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    pub colour: bool,
    /// Columns available.
    pub width: usize,
}

/// The width used when stdout is no terminal and `COLUMNS` is unset.
const DEFAULT_WIDTH: usize = 100;
/// Narrower than this, tables are laid out as if this wide (the terminal then wraps).
const MIN_WIDTH: usize = 40;

impl Style {
    /// Colour when stdout is a terminal and `NO_COLOR` is unset or empty; the terminal's
    /// width, else `COLUMNS`, else 100.
    pub fn detect() -> Style {
        let stdout = std::io::stdout();
        let terminal = stdout.is_terminal();
        let no_colour = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let from_terminal = terminal
            .then(|| terminal_size::terminal_size_of(&stdout))
            .flatten()
            .map(|(terminal_size::Width(width), _)| usize::from(width));
        let from_env = || {
            std::env::var("COLUMNS")
                .ok()
                .and_then(|columns| columns.trim().parse::<usize>().ok())
                .filter(|&columns| columns > 0)
        };
        let width = from_terminal.or_else(from_env).unwrap_or(DEFAULT_WIDTH);
        Style {
            colour: terminal && !no_colour,
            width: width.max(MIN_WIDTH),
        }
    }

    fn paint(&self, tone: Tone, text: &str, out: &mut String) {
        let code = match tone {
            _ if !self.colour => None,
            Tone::Plain => None,
            Tone::Header => Some("1"),
            Tone::Match => Some("1;31"),
            Tone::Dim => Some("2"),
        };
        match code {
            Some(code) => {
                out.push_str("\u{1b}[");
                out.push_str(code);
                out.push('m');
                out.push_str(text);
                out.push_str("\u{1b}[0m");
            }
            None => out.push_str(text),
        }
    }
}

/// Text in tones, safe for a terminal: see [`sanitise`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text {
    pieces: Vec<(Tone, String)>,
}

impl Text {
    pub fn new() -> Text {
        Text::default()
    }

    pub fn plain(text: &str) -> Text {
        Text::new().with(Tone::Plain, text)
    }

    pub fn dim(text: &str) -> Text {
        Text::new().with(Tone::Dim, text)
    }

    /// Adds `text` in `tone`.
    pub fn with(mut self, tone: Tone, text: &str) -> Text {
        self.push(tone, text);
        self
    }

    pub fn push(&mut self, tone: Tone, text: &str) {
        let clean = sanitise(text);
        if !clean.is_empty() {
            self.pieces.push((tone, clean));
        }
    }

    /// `text` with the byte ranges `marks` (sorted, on character boundaries) as matches.
    pub fn marked(text: &str, marks: &[entente_model::Span]) -> Text {
        let mut out = Text::new();
        let mut at = 0;
        for mark in marks {
            let (Some(before), Some(inside)) =
                (text.get(at..mark.start), text.get(mark.start..mark.end))
            else {
                continue;
            };
            out.push(Tone::Plain, before);
            out.push(Tone::Match, inside);
            at = mark.end;
        }
        out.push(Tone::Plain, text.get(at..).unwrap_or(""));
        out
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Appends `other`.
    pub fn extend(&mut self, other: Text) {
        self.pieces.extend(other.pieces);
    }

    /// The characters as laid out: whitespace runs collapsed to one space, ends trimmed,
    /// matches bracketed when there is no colour.
    fn layout(&self, style: &Style) -> Vec<(char, Tone)> {
        let mut out: Vec<(char, Tone)> = Vec::new();
        let push = |c: char, tone: Tone, out: &mut Vec<(char, Tone)>| {
            if c.is_whitespace() {
                if out.last().is_some_and(|&(last, _)| last != ' ') {
                    out.push((' ', Tone::Plain));
                }
            } else {
                out.push((c, tone));
            }
        };
        for (tone, text) in &self.pieces {
            let bracket = *tone == Tone::Match && !style.colour;
            if bracket {
                push('[', Tone::Match, &mut out);
            }
            for c in text.chars() {
                push(c, *tone, &mut out);
            }
            if bracket {
                push(']', Tone::Match, &mut out);
            }
        }
        while out.last().is_some_and(|&(c, _)| c == ' ') {
            out.pop();
        }
        out
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::plain(text)
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::plain(&text)
    }
}

/// `text` without what could steer a terminal: C0 and C1 control characters (line
/// breaks and tabs become spaces), ANSI escape sequences (CSI, OSC and the like, whole),
/// and bidirectional formatting characters.
pub fn sanitise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            '\u{9b}' => skip_csi(&mut chars),
            '\u{90}' | '\u{9d}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            '\n' | '\r' | '\t' => out.push(' '),
            '\u{200e}'
            | '\u{200f}'
            | '\u{061c}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2066}'..='\u{2069}' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// After ESC: a CSI (`ESC [`), a string command (`ESC ]`, `P`, `X`, `^`, `_`) up to its
/// terminator, or a two-character escape.
fn skip_escape(chars: &mut Chars<'_>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']' | 'P' | 'X' | '^' | '_') => {
            chars.next();
            skip_string(chars);
        }
        Some(c) if !c.is_control() => {
            chars.next();
        }
        _ => {}
    }
}

/// Parameter and intermediate bytes, then one final byte.
fn skip_csi(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        chars.next();
        if ('\u{40}'..='\u{7e}').contains(&c) || !('\u{20}'..='\u{3f}').contains(&c) {
            return;
        }
    }
}

/// Up to BEL, ST (`ESC \` or U+009C), or the end.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {}
        }
    }
}

/// Characters as laid out, each with its tone: one line of a cell.
type Line = Vec<(char, Tone)>;

/// Breaks laid-out characters into lines of at most `width`, at spaces; a word longer
/// than a line is cut.
fn wrap(chars: &[(char, Tone)], width: usize) -> Vec<Vec<(char, Tone)>> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line: Vec<(char, Tone)> = Vec::new();
    for word in chars
        .split(|&(c, _)| c == ' ')
        .filter(|word| !word.is_empty())
    {
        let mut word = word;
        loop {
            let needed = if line.is_empty() {
                word.len()
            } else {
                line.len() + 1 + word.len()
            };
            if needed <= width {
                if !line.is_empty() {
                    line.push((' ', Tone::Plain));
                }
                line.extend_from_slice(word);
                break;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                continue;
            }
            let (head, tail) = word.split_at(width.min(word.len()));
            lines.push(head.to_vec());
            word = tail;
            if word.is_empty() {
                break;
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws one line of characters, `pad` spaces after it.
fn draw(line: &[(char, Tone)], pad: usize, style: &Style, out: &mut String) {
    let mut start = 0;
    while start < line.len() {
        let tone = line[start].1;
        let end = line[start..]
            .iter()
            .position(|&(_, t)| t != tone)
            .map_or(line.len(), |offset| start + offset);
        let text: String = line[start..end].iter().map(|&(c, _)| c).collect();
        style.paint(tone, &text, out);
        start = end;
    }
    out.extend(std::iter::repeat_n(' ', pad));
}

/// An aligned table: upper-case headers, cells wrapped to fit the width, and under each
/// row an optional detail (an evidence sentence) as wide as the table.
#[derive(Debug, Clone)]
pub struct Table {
    headers: Vec<&'static str>,
    right: Vec<bool>,
    rows: Vec<(Vec<Text>, Option<Text>)>,
}

/// Space between columns.
const GAP: usize = 2;

impl Table {
    pub fn new(headers: &[&'static str]) -> Table {
        Table {
            headers: headers.to_vec(),
            right: vec![false; headers.len()],
            rows: Vec::new(),
        }
    }

    /// Aligns column `index` (counts) to the right.
    pub fn right(mut self, index: usize) -> Table {
        if let Some(right) = self.right.get_mut(index) {
            *right = true;
        }
        self
    }

    pub fn row(&mut self, cells: Vec<Text>) {
        self.rows.push((cells, None));
    }

    /// A row with `detail` drawn under it, from the second column to the right edge.
    pub fn row_with_detail(&mut self, cells: Vec<Text>, detail: Text) {
        self.rows.push((cells, Some(detail)));
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as lines ending in `\n`. Rows are separated by a blank line when they
    /// have details or a cell had to wrap onto three lines or more.
    pub fn render(&self, style: &Style) -> String {
        let n = self.headers.len();
        let headers: Vec<Vec<(char, Tone)>> = self
            .headers
            .iter()
            .map(|header| {
                header
                    .to_uppercase()
                    .chars()
                    .map(|c| (c, Tone::Header))
                    .collect()
            })
            .collect();
        let cells: Vec<Vec<Vec<(char, Tone)>>> = self
            .rows
            .iter()
            .map(|(row, _)| {
                (0..n)
                    .map(|index| {
                        row.get(index)
                            .map(|text| text.layout(style))
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        let natural: Vec<usize> = (0..n)
            .map(|index| {
                cells
                    .iter()
                    .map(|row| row[index].len())
                    .chain(std::iter::once(headers[index].len()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let minimum: Vec<usize> = headers.iter().map(Vec::len).collect();
        let widths = fit(
            &natural,
            &minimum,
            style.width.saturating_sub(GAP * (n - 1)),
        );
        let mut out = String::new();
        self.draw_row(&headers, &widths, style, &mut out);
        // Per row, per cell, the lines.
        let wrapped: Vec<Vec<Vec<Line>>> = cells
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&widths)
                    .map(|(cell, &width)| wrap(cell, width))
                    .collect()
            })
            .collect();
        let indent = if n > 1 { widths[0] + GAP } else { 0 };
        let details: Vec<Option<Vec<Line>>> = self
            .rows
            .iter()
            .map(|(_, detail)| {
                let width = style.width.saturating_sub(indent).max(20);
                detail.as_ref().map(|text| wrap(&text.layout(style), width))
            })
            .collect();
        let tall = details.iter().any(Option::is_some)
            || wrapped
                .iter()
                .any(|row| row.iter().any(|lines| lines.len() > 2));
        for (row, detail) in wrapped.iter().zip(&details) {
            if tall {
                out.push('\n');
            }
            let height = row.iter().map(Vec::len).max().unwrap_or(1);
            for line in 0..height {
                let parts: Vec<Vec<(char, Tone)>> = row
                    .iter()
                    .map(|lines| lines.get(line).cloned().unwrap_or_default())
                    .collect();
                self.draw_row(&parts, &widths, style, &mut out);
            }
            for line in detail.iter().flatten() {
                out.extend(std::iter::repeat_n(' ', indent));
                draw(line, 0, style, &mut out);
                out.push('\n');
            }
        }
        out
    }

    fn draw_row(
        &self,
        parts: &[Vec<(char, Tone)>],
        widths: &[usize],
        style: &Style,
        out: &mut String,
    ) {
        let mut line = String::new();
        for (index, (part, &width)) in parts.iter().zip(widths).enumerate() {
            if index > 0 {
                line.extend(std::iter::repeat_n(' ', GAP));
            }
            let pad = width.saturating_sub(part.len());
            if self.right[index] {
                line.extend(std::iter::repeat_n(' ', pad));
                draw(part, 0, style, &mut line);
            } else {
                draw(part, pad, style, &mut line);
            }
        }
        out.push_str(line.trim_end_matches(' '));
        out.push('\n');
    }
}

/// Column widths that fit `available`: columns narrower than a fair share keep their
/// natural width, the others share what is left (never below their `minimum`).
fn fit(natural: &[usize], minimum: &[usize], available: usize) -> Vec<usize> {
    if natural.iter().sum::<usize>() <= available {
        return natural.to_vec();
    }
    let mut widths = natural.to_vec();
    let mut open: Vec<usize> = (0..natural.len()).collect();
    let mut remaining = available;
    loop {
        let share = remaining / open.len().max(1);
        let (small, large): (Vec<usize>, Vec<usize>) =
            open.iter().partition(|&&index| natural[index] <= share);
        if small.is_empty() {
            let extra = remaining % large.len().max(1);
            for (position, &index) in large.iter().enumerate() {
                let bonus = usize::from(position >= large.len() - extra);
                widths[index] = (share + bonus).max(minimum[index]).max(1);
            }
            return widths;
        }
        for &index in &small {
            remaining -= natural[index];
        }
        open = large;
        if open.is_empty() {
            return widths;
        }
    }
}

/// A labelled field, `label` padded to `label_width`, the value wrapped under itself.
pub fn field(label: &str, value: &Text, label_width: usize, style: &Style) -> String {
    let indent = label_width + GAP;
    let lines = wrap(
        &value.layout(style),
        style.width.saturating_sub(indent).max(20),
    );
    let mut out = String::new();
    for (index, line) in lines.iter().enumerate() {
        if index == 0 {
            let label: Vec<(char, Tone)> = label.chars().map(|c| (c, Tone::Dim)).collect();
            draw(&label, indent.saturating_sub(label.len()), style, &mut out);
        } else {
            out.extend(std::iter::repeat_n(' ', indent));
        }
        draw(line, 0, style, &mut out);
        out.push('\n');
    }
    out
}

/// `text` wrapped to the width with every line indented by `indent` spaces.
pub fn block(text: &Text, indent: usize, style: &Style) -> String {
    let lines = wrap(
        &text.layout(style),
        style.width.saturating_sub(indent).max(20),
    );
    let mut out = String::new();
    for line in &lines {
        out.extend(std::iter::repeat_n(' ', indent));
        draw(line, 0, style, &mut out);
        out.push('\n');
    }
    out
}

/// A section title.
pub fn heading(title: &str, style: &Style) -> String {
    let mut out = String::new();
    style.paint(Tone::Header, &sanitise(title), &mut out);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: Style = Style {
        colour: false,
        width: 40,
    };

    #[track_caller]
    fn check_sanitise(input: &str, expected: &str) {
        assert_eq!(sanitise(input), expected);
    }

    #[test]
    fn control_characters_and_escapes_are_dropped() {
        check_sanitise("plain text", "plain text");
        check_sanitise("red \u{1b}[31mtext\u{1b}[0m", "red text");
        check_sanitise("title \u{1b}]0;owned\u{7}here", "title here");
        check_sanitise("osc \u{1b}]8;;http://x\u{1b}\\link", "osc link");
        check_sanitise("c1 \u{9b}2Jclear", "c1 clear");
        check_sanitise("bell\u{7} nul\u{0} del\u{7f}", "bell nul del");
        check_sanitise("line\nbreak\ttab", "line break tab");
        check_sanitise("bidi \u{202e}desrever\u{202c}", "bidi desrever");
        check_sanitise("Türkiye’s “route”", "Türkiye’s “route”");
        check_sanitise("cut \u{1b}", "cut ");
    }

    #[test]
    fn matches_are_bracketed_without_colour_and_red_with_it() {
        let text = Text::marked("the Middle Corridor", &[entente_model::Span::new(4, 10)]);
        let drawn: String = text.layout(&PLAIN).iter().map(|&(c, _)| c).collect();
        assert_eq!(drawn, "the [Middle] Corridor");
        let mut table = Table::new(&["text"]);
        table.row(vec![text]);
        let colour = Style {
            colour: true,
            width: 40,
        };
        let out = table.render(&colour);
        assert!(out.contains("\u{1b}[1;31mMiddle\u{1b}[0m"), "{out:?}");
    }

    #[test]
    fn tables_align_and_wrap_to_the_width() {
        let mut table = Table::new(&["id", "name", "words"]).right(0);
        table.row(vec![
            "7".into(),
            "Wang Yi".into(),
            "China supported Türkiye's role as a bridge between Europe and Asia".into(),
        ]);
        table.row(vec![
            "12".into(),
            "Hakan Fidan".into(),
            "We discussed".into(),
        ]);
        let out = table.render(&PLAIN);
        let expected = "\
ID  NAME         WORDS

 7  Wang Yi      China supported
                 Türkiye's role as a
                 bridge between Europe
                 and Asia

12  Hakan Fidan  We discussed
";
        assert_eq!(out, expected);
        for line in out.lines() {
            assert!(line.chars().count() <= 40, "{line}");
        }
    }

    #[test]
    fn a_long_word_is_cut_and_short_tables_stay_on_one_line() {
        let chars: Vec<(char, Tone)> = "abcdefghij".chars().map(|c| (c, Tone::Plain)).collect();
        let lines: Vec<String> = wrap(&chars, 4)
            .iter()
            .map(|line| line.iter().map(|&(c, _)| c).collect())
            .collect();
        assert_eq!(lines, ["abcd", "efgh", "ij"]);
        let mut table = Table::new(&["id", "name"]);
        table.row(vec!["1".into(), "Li Qiang".into()]);
        assert_eq!(table.render(&PLAIN), "ID  NAME\n1   Li Qiang\n");
    }

    #[test]
    fn fields_hang_under_their_value() {
        let out = field(
            "evidence",
            &Text::plain("one two three four five six seven eight nine ten eleven"),
            8,
            &PLAIN,
        );
        assert_eq!(
            out,
            "evidence  one two three four five six\n          seven eight nine ten eleven\n"
        );
    }
}
