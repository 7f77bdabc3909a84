//! What a request asks for: its path and query string, decoded, and the typed values
//! pages read from them, each refusal a [`PageError`] naming the parameter.

use chrono::NaiveDate;

use crate::page::PageError;

/// The longest request target (path and query string) answered; a longer one is 414.
pub const MAX_TARGET_BYTES: usize = 8 * 1024;

/// The path of a request and its query parameters, percent-decoded, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: String,
    pub params: Vec<(String, String)>,
}

impl Target {
    /// Splits and decodes a request target (`/meetings?actor=3&from=2025`). A malformed
    /// escape or text that is no UTF-8 is a 400.
    pub fn parse(target: &str) -> Result<Target, PageError> {
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let path = decode(path, false)
            .ok_or_else(|| PageError::bad_request("the path is not valid percent-encoded UTF-8"))?;
        let mut params = Vec::new();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name, true).ok_or_else(|| {
                PageError::bad_request("the query string is not valid percent-encoded UTF-8")
            })?;
            let value = decode(value, true).ok_or_else(|| {
                PageError::bad_request(format!(
                    "parameter `{name}` is not valid percent-encoded UTF-8"
                ))
            })?;
            params.push((name, value));
        }
        Ok(Target { path, params })
    }

    /// The path split into its non-empty segments.
    pub fn segments(&self) -> Vec<&str> {
        self.path.split('/').filter(|s| !s.is_empty()).collect()
    }

    /// The last non-empty value of `name`, trimmed.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .rev()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .find(|value| !value.is_empty())
    }

    /// Every non-empty value of `name`, trimmed, in order.
    pub fn all(&self, name: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.trim())
            .filter(|value| !value.is_empty())
            .collect()
    }

    /// A database id in `name`.
    pub fn id(&self, name: &str) -> Result<Option<i64>, PageError> {
        self.get(name)
            .map(|value| parse_id(name, value))
            .transpose()
    }

    /// Every id given in `name`.
    pub fn ids(&self, name: &str) -> Result<Vec<i64>, PageError> {
        self.all(name)
            .into_iter()
            .map(|value| parse_id(name, value))
            .collect()
    }

    /// The page number (`page`, from 1; 1 when absent).
    pub fn page(&self) -> Result<usize, PageError> {
        match self.get("page") {
            None => Ok(1),
            Some(value) => match value.parse::<usize>() {
                Ok(page) if (1..=MAX_PAGE).contains(&page) => Ok(page),
                _ => Err(PageError::bad_request(format!(
                    "parameter `page` must be a number from 1 to {MAX_PAGE}, not `{value}`"
                ))),
            },
        }
    }

    /// A date bound in `name`: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, the first day of the
    /// period for a lower bound, the last for an upper one.
    pub fn date(&self, name: &str, bound: Bound) -> Result<Option<NaiveDate>, PageError> {
        let Some(value) = self.get(name) else {
            return Ok(None);
        };
        parse_date(value, bound).map(Some).ok_or_else(|| {
            PageError::bad_request(format!(
                "parameter `{name}` must be a date YYYY, YYYY-MM or YYYY-MM-DD, not `{value}`"
            ))
        })
    }

    /// An ISO alpha-3 country code in `name`, upper-cased.
    pub fn country(&self, name: &str) -> Result<Option<String>, PageError> {
        self.get(name)
            .map(|value| parse_country(name, value))
            .transpose()
    }

    /// Every country code in `name` (repeated, or comma-separated).
    pub fn countries(&self, name: &str) -> Result<Vec<String>, PageError> {
        let mut codes = Vec::new();
        for value in self.all(name) {
            for code in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                codes.push(parse_country(name, code)?);
            }
        }
        codes.sort();
        codes.dedup();
        Ok(codes)
    }
}

/// Pages beyond this one are refused without a query.
pub const MAX_PAGE: usize = 10_000;

/// Which end of a period a date names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    From,
    To,
}

fn parse_id(name: &str, value: &str) -> Result<i64, PageError> {
    match value.parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(PageError::bad_request(format!(
            "parameter `{name}` must be a positive id, not `{value}`"
        ))),
    }
}

fn parse_country(name: &str, value: &str) -> Result<String, PageError> {
    if value.len() == 3 && value.bytes().all(|b| b.is_ascii_alphabetic()) {
        Ok(value.to_ascii_uppercase())
    } else {
        Err(PageError::bad_request(format!(
            "parameter `{name}` must be an ISO alpha-3 country code such as TUR, not `{value}`"
        )))
    }
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as the first or last day of the period.
pub fn parse_date(value: &str, bound: Bound) -> Option<NaiveDate> {
    let parts: Vec<&str> = value.split('-').collect();
    let number = |text: &str, digits: usize| -> Option<u32> {
        (text.len() == digits && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse().ok())
            .flatten()
    };
    let year = i32::try_from(number(parts.first()?, 4)?).ok()?;
    match parts.as_slice() {
        [_] => match bound {
            Bound::From => NaiveDate::from_ymd_opt(year, 1, 1),
            Bound::To => NaiveDate::from_ymd_opt(year, 12, 31),
        },
        [_, month] => {
            let month = number(month, 2)?;
            let first = NaiveDate::from_ymd_opt(year, month, 1)?;
            match bound {
                Bound::From => Some(first),
                Bound::To => {
                    let (next_year, next_month) = if month == 12 {
                        (year + 1, 1)
                    } else {
                        (year, month + 1)
                    };
                    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
                }
            }
        }
        [_, month, day] => NaiveDate::from_ymd_opt(year, number(month, 2)?, number(day, 2)?),
        _ => None,
    }
}

/// Percent-decoding (and `+` as a space in a query string); `None` for a broken escape
/// or bytes that are no UTF-8.
fn decode(text: &str, plus_is_space: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' => {
                let hex = bytes.get(index + 1..index + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                index += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                index += 1;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes a query value (everything but unreserved characters).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A query string of `params` (`?a=1&b=x`), empty values left out; `""` when none.
pub fn query_string<'a>(params: impl IntoIterator<Item = (&'a str, String)>) -> String {
    let mut out = String::new();
    for (name, value) in params {
        if value.is_empty() {
            continue;
        }
        out.push(if out.is_empty() { '?' } else { '&' });
        out.push_str(name);
        out.push('=');
        out.push_str(&encode(&value));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_target(target: &str, path: &str, params: &[(&str, &str)]) {
        let parsed = Target::parse(target).unwrap();
        assert_eq!(parsed.path, path);
        let expected: Vec<(String, String)> = params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(parsed.params, expected);
    }

    #[test]
    fn targets_are_split_and_decoded() {
        check_target("/", "/", &[]);
        check_target("/actor/3", "/actor/3", &[]);
        check_target(
            "/search?q=belt+and%20road&x",
            "/search",
            &[("q", "belt and road"), ("x", "")],
        );
        check_target("/s?q=Erdo%C4%9Fan", "/s", &[("q", "Erdoğan")]);
        check_target("/a%20b?c=1+2", "/a b", &[("c", "1 2")]);
        assert!(Target::parse("/s?q=%zz").is_err());
        assert!(Target::parse("/s?q=%C4").is_err());
        assert!(Target::parse("/s?q=%4").is_err());
    }

    #[track_caller]
    fn check_date(text: &str, bound: Bound, expected: Option<&str>) {
        let expected = expected.map(|date| date.parse::<NaiveDate>().unwrap());
        assert_eq!(parse_date(text, bound), expected, "{text}");
    }

    #[test]
    fn dates_are_periods() {
        check_date("2025", Bound::From, Some("2025-01-01"));
        check_date("2025", Bound::To, Some("2025-12-31"));
        check_date("2024-02", Bound::To, Some("2024-02-29"));
        check_date("2025-12", Bound::To, Some("2025-12-31"));
        check_date("2025-03-04", Bound::From, Some("2025-03-04"));
        check_date("2025-13", Bound::From, None);
        check_date("2025-02-30", Bound::From, None);
        check_date("25", Bound::From, None);
        check_date("2025-3-4", Bound::From, None);
        check_date("yesterday", Bound::From, None);
        check_date("", Bound::From, None);
    }

    #[test]
    fn parameters_are_checked() {
        let target = Target::parse("/x?page=0&id=-3&country=tu&from=2025-99").unwrap();
        assert!(target.page().is_err());
        assert!(target.id("id").is_err());
        assert!(target.country("country").is_err());
        assert!(target.date("from", Bound::From).is_err());
        let target = Target::parse("/x?page=2&id=3&country=tur,CHN&country=tur").unwrap();
        assert_eq!(target.page().unwrap(), 2);
        assert_eq!(target.id("id").unwrap(), Some(3));
        assert_eq!(target.countries("country").unwrap(), ["CHN", "TUR"]);
        assert_eq!(Target::parse("/x").unwrap().page().unwrap(), 1);
    }

    #[test]
    fn query_strings_round_trip() {
        let query = query_string([
            ("q", "belt & road".to_string()),
            ("page", String::new()),
            ("name", "Erdoğan".to_string()),
        ]);
        assert_eq!(query, "?q=belt%20%26%20road&name=Erdo%C4%9Fan");
        let parsed = Target::parse(&format!("/s{query}")).unwrap();
        assert_eq!(parsed.get("q"), Some("belt & road"));
        assert_eq!(parsed.get("name"), Some("Erdoğan"));
    }
}
