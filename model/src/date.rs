//! Dates of events: a calendar date with its precision and the words it was read from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How much of a resolved date the text stated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    Day,
    /// The date is the Monday of that ISO week.
    Week,
    /// The date is the first day of the month.
    Month,
    /// The date is January 1st.
    Year,
}

impl DatePrecision {
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Week => "week",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
        }
    }
}

/// When something happened, as the article says it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// The resolved date (first day of the period for coarser precisions), or `None` when
    /// the expression is relative and the article has no publication date.
    pub date: Option<NaiveDate>,
    pub precision: DatePrecision,
    /// The original expression, e.g. "on Monday", "Aug. 31", "a day earlier".
    pub text: String,
}
