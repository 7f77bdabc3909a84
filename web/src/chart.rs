//! Time charts drawn on the server as SVG: counts per month as stacked bars, every month
//! of the range on the axis (empty ones too), a tooltip per bar.

use std::collections::BTreeMap;

use maud::{Markup, html};

use entente_store::MonthCount;

/// One series of a chart: its label, CSS class (colour) and counts.
pub struct Series<'a> {
    pub label: &'static str,
    pub class: &'static str,
    pub counts: &'a [MonthCount],
}

const WIDTH: f64 = 760.0;
const HEIGHT: f64 = 170.0;
const LEFT: f64 = 34.0;
const BOTTOM: f64 = 24.0;
const TOP: f64 = 10.0;

/// Months as `(year, month)`, from `YYYY-MM`; other text (a hand-edited date) is skipped.
fn month_of(text: &str) -> Option<(i32, u32)> {
    let (year, month) = text.split_once('-')?;
    let year = year.parse().ok()?;
    let month = month
        .get(..2)?
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    Some((year, month))
}

fn next((year, month): (i32, u32)) -> (i32, u32) {
    if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    }
}

/// A bar chart of `series` stacked per month; `None` when there is nothing to draw.
pub fn months(series: &[Series<'_>]) -> Option<Markup> {
    // month -> count per series
    let mut table: BTreeMap<(i32, u32), Vec<u64>> = BTreeMap::new();
    for (index, one) in series.iter().enumerate() {
        for count in one.counts {
            if let Some(month) = month_of(&count.month) {
                let row = table.entry(month).or_insert_with(|| vec![0; series.len()]);
                row[index] += count.count;
            }
        }
    }
    let (&first, _) = table.first_key_value()?;
    let (&last, _) = table.last_key_value()?;
    let mut axis = vec![first];
    while let Some(&month) = axis.last() {
        // At most 50 years of months; a longer range keeps its first 600 months.
        if month >= last || axis.len() >= 600 {
            break;
        }
        axis.push(next(month));
    }
    let highest = table
        .values()
        .map(|row| row.iter().sum::<u64>())
        .max()
        .unwrap_or(1)
        .max(1);
    let plot_width = WIDTH - LEFT - 6.0;
    let plot_height = HEIGHT - TOP - BOTTOM;
    let slot = plot_width / axis.len() as f64;
    let bar = (slot * 0.8).max(1.0);
    let label_every = (axis.len() / 12).max(1);
    let scale = |count: u64| count as f64 / highest as f64 * plot_height;
    let mut bars = Vec::new();
    let mut ticks = Vec::new();
    for (index, month) in axis.iter().enumerate() {
        let x = LEFT + index as f64 * slot + (slot - bar) / 2.0;
        let label = format!("{}-{:02}", month.0, month.1);
        let mut base = TOP + plot_height;
        for (serie, one) in series.iter().enumerate() {
            let count = table.get(month).map_or(0, |row| row[serie]);
            if count > 0 {
                let height = scale(count);
                base -= height;
                let title = format!("{label}: {count} {}", one.label);
                bars.push((one.class, fmt(x), fmt(base), fmt(height), title));
            }
        }
        if index % label_every == 0 {
            ticks.push((fmt(x + bar / 2.0), label));
        }
    }
    let bar = fmt(bar);
    let baseline = TOP + plot_height;
    Some(html! {
        figure.chart {
            svg xmlns="http://www.w3.org/2000/svg" viewBox={ "0 0 " (WIDTH) " " (HEIGHT) }
                role="img" aria-label="counts per month" {
                line.axis x1=(LEFT) y1=(baseline) x2=(WIDTH - 6.0) y2=(baseline) {}
                text.tick x=(LEFT - 4.0) y=(TOP + 8.0) text-anchor="end" { (highest) }
                text.tick x=(LEFT - 4.0) y=(baseline) text-anchor="end" { "0" }
                @for (class, x, y, height, title) in &bars {
                    rect class=(class) x=(x) y=(y) width=(bar) height=(height) {
                        title { (title) }
                    }
                }
                @for (x, label) in &ticks {
                    text.tick x=(x) y=(HEIGHT - 8.0) text-anchor="middle" { (label) }
                }
            }
            figcaption {
                @for one in series {
                    span class={ "key " (one.class) } { (one.label) }
                }
            }
        }
    })
}

fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(pairs: &[(&str, u64)]) -> Vec<MonthCount> {
        pairs
            .iter()
            .map(|(month, count)| MonthCount {
                month: month.to_string(),
                count: *count,
            })
            .collect()
    }

    #[test]
    fn every_month_of_the_range_is_on_the_axis() {
        let meetings = counts(&[("2025-11", 2), ("2026-03", 1)]);
        let statements = counts(&[("2025-12", 4), ("bad", 9)]);
        let svg = months(&[
            Series {
                label: "meetings",
                class: "meetings",
                counts: &meetings,
            },
            Series {
                label: "statements",
                class: "statements",
                counts: &statements,
            },
        ])
        .unwrap()
        .into_string();
        assert_eq!(svg.matches("<rect").count(), 3);
        assert!(svg.contains("2025-11: 2 meetings"));
        assert!(svg.contains("2025-12: 4 statements"));
        // Five months from 2025-11 to 2026-03, each labelled (fewer than 12).
        for month in ["2025-11", "2025-12", "2026-01", "2026-02", "2026-03"] {
            assert!(svg.contains(&format!(">{month}</text>")), "{month}");
        }
        assert!(svg.contains(">4</text>"));
        assert!(months(&[]).is_none());
    }
}
