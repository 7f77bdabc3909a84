//! A row struct as typed spreadsheet cells: a small serde serializer that keeps what
//! CSV flattens into text (numbers, dates, empty cells) and each column's name.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use serde::ser::{self, Impossible, SerializeStruct};

use crate::row::DAY;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Cell {
    Empty,
    Number(f64),
    Text(String),
    Date(NaiveDate),
}

/// The cells of `row` (a flat struct of `row.rs`) with their column names, in column
/// order. A text of digits in a column named `..._id` (`speaker_id`, `entity_id`: an
/// id, or a country code) is a number, as every other id is.
pub(crate) fn cells<R: Serialize>(row: &R) -> Result<Vec<(&'static str, Cell)>, CellError> {
    row.serialize(RowSerializer)
}

/// A row that is no flat struct of scalars: a bug in `row.rs`, never a data problem.
#[derive(Debug)]
pub(crate) struct CellError(String);

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CellError {}

impl ser::Error for CellError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        CellError(message.to_string())
    }
}

fn unsupported<T>(what: &str) -> Result<T, CellError> {
    Err(CellError(format!("a row cell cannot hold {what}")))
}

fn is_id_column(name: &str) -> bool {
    name == "id" || name.ends_with("_id")
}

/// Serialises a row struct into its named cells.
struct RowSerializer;

struct RowFields(Vec<(&'static str, Cell)>);

impl SerializeStruct for RowFields {
    type Ok = Vec<(&'static str, Cell)>;
    type Error = CellError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), CellError> {
        let cell = match value.serialize(CellSerializer)? {
            Cell::Text(text)
                if is_id_column(key)
                    && !text.is_empty()
                    && text.len() <= 15
                    && text.bytes().all(|b| b.is_ascii_digit()) =>
            {
                text.parse::<f64>().map_or(Cell::Text(text), Cell::Number)
            }
            cell => cell,
        };
        self.0.push((key, cell));
        Ok(())
    }

    fn end(self) -> Result<Self::Ok, CellError> {
        Ok(self.0)
    }
}

/// Only structs are rows.
macro_rules! not_a_row {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, CellError> {
            unsupported("anything but a struct")
        })*
    };
}

impl ser::Serializer for RowSerializer {
    type Ok = Vec<(&'static str, Cell)>;
    type Error = CellError;
    type SerializeSeq = Impossible<Self::Ok, CellError>;
    type SerializeTuple = Impossible<Self::Ok, CellError>;
    type SerializeTupleStruct = Impossible<Self::Ok, CellError>;
    type SerializeTupleVariant = Impossible<Self::Ok, CellError>;
    type SerializeMap = Impossible<Self::Ok, CellError>;
    type SerializeStruct = RowFields;
    type SerializeStructVariant = Impossible<Self::Ok, CellError>;

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<RowFields, CellError> {
        Ok(RowFields(Vec::with_capacity(len)))
    }

    not_a_row! {
        serialize_bool(bool) -> Self::Ok;
        serialize_i8(i8) -> Self::Ok;
        serialize_i16(i16) -> Self::Ok;
        serialize_i32(i32) -> Self::Ok;
        serialize_i64(i64) -> Self::Ok;
        serialize_u8(u8) -> Self::Ok;
        serialize_u16(u16) -> Self::Ok;
        serialize_u32(u32) -> Self::Ok;
        serialize_u64(u64) -> Self::Ok;
        serialize_f32(f32) -> Self::Ok;
        serialize_f64(f64) -> Self::Ok;
        serialize_char(char) -> Self::Ok;
        serialize_str(&str) -> Self::Ok;
        serialize_bytes(&[u8]) -> Self::Ok;
        serialize_none() -> Self::Ok;
        serialize_unit() -> Self::Ok;
        serialize_unit_struct(&'static str) -> Self::Ok;
        serialize_unit_variant(&'static str, u32, &'static str) -> Self::Ok;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<Self::Ok, CellError> {
        unsupported("an optional row")
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, CellError> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, CellError> {
        unsupported("an enum row")
    }
}

/// Serialises one field into a cell.
struct CellSerializer;

/// Only scalars are cells.
macro_rules! not_a_cell {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, CellError> {
            unsupported("a list, a map or a struct")
        })*
    };
}

impl ser::Serializer for CellSerializer {
    type Ok = Cell;
    type Error = CellError;
    type SerializeSeq = Impossible<Cell, CellError>;
    type SerializeTuple = Impossible<Cell, CellError>;
    type SerializeTupleStruct = Impossible<Cell, CellError>;
    type SerializeTupleVariant = Impossible<Cell, CellError>;
    type SerializeMap = Impossible<Cell, CellError>;
    type SerializeStruct = Impossible<Cell, CellError>;
    type SerializeStructVariant = Impossible<Cell, CellError>;

    fn serialize_bool(self, value: bool) -> Result<Cell, CellError> {
        Ok(Cell::Text(value.to_string()))
    }

    fn serialize_i8(self, value: i8) -> Result<Cell, CellError> {
        Ok(Cell::Number(value.into()))
    }

    fn serialize_i16(self, value: i16) -> Result<Cell, CellError> {
        Ok(Cell::Number(value.into()))
    }

    fn serialize_i32(self, value: i32) -> Result<Cell, CellError> {
        Ok(Cell::Number(value.into()))
    }

    // Ids and counts stay far below 2^53, where every integer is exact as f64.
    #[allow(clippy::cast_precision_loss)]
    fn serialize_i64(self, value: i64) -> Result<Cell, CellError> {
        Ok(Cell::Number(value as f64))
    }

    fn serialize_u8(self, value: u8) -> Result<Cell, CellError> {
        Ok(Cell::Number(value.into()))
    }

    fn serialize_u16(self, value: u16) -> Result<Cell, CellError> {
        Ok(Cell::Number(value.into()))
    }

    fn serialize_u32(self, value: u32) -> Result<Cell, CellError> {
        Ok(Cell::Number(value.into()))
    }

    #[allow(clippy::cast_precision_loss)]
    fn serialize_u64(self, value: u64) -> Result<Cell, CellError> {
        Ok(Cell::Number(value as f64))
    }

    fn serialize_f32(self, value: f32) -> Result<Cell, CellError> {
        Ok(Cell::Number(value.into()))
    }

    fn serialize_f64(self, value: f64) -> Result<Cell, CellError> {
        Ok(Cell::Number(value))
    }

    fn serialize_char(self, value: char) -> Result<Cell, CellError> {
        Ok(Cell::Text(value.to_string()))
    }

    fn serialize_str(self, value: &str) -> Result<Cell, CellError> {
        Ok(Cell::Text(value.to_owned()))
    }

    fn serialize_none(self) -> Result<Cell, CellError> {
        Ok(Cell::Empty)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Cell, CellError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<Cell, CellError> {
        Ok(Cell::Empty)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Cell, CellError> {
        Ok(Cell::Empty)
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Cell, CellError> {
        Ok(Cell::Text(variant.to_owned()))
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<Cell, CellError> {
        let cell = value.serialize(self)?;
        if name != DAY {
            return Ok(cell);
        }
        match cell {
            Cell::Text(text) => NaiveDate::parse_from_str(&text, "%Y-%m-%d")
                .map(Cell::Date)
                .map_err(|_| CellError(format!("`{text}` is no date"))),
            _ => unsupported("a date that is no text"),
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Cell, CellError> {
        unsupported("an enum with data")
    }

    not_a_cell! {
        serialize_bytes(&[u8]) -> Cell;
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_tuple(usize) -> Self::SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
        serialize_map(Option<usize>) -> Self::SerializeMap;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row::Day;

    #[derive(Serialize, Default)]
    struct Row {
        id: i64,
        name: &'static str,
        speaker_id: String,
        when: Option<Day>,
        note: Option<String>,
        count: u64,
    }

    #[track_caller]
    fn check(row: Row, expected: &[(&str, Cell)]) {
        let got = cells(&row).unwrap();
        let got: Vec<(&str, Cell)> = got.into_iter().collect();
        assert_eq!(got, expected);
    }

    #[test]
    fn fields_become_typed_cells_under_their_names() {
        let day = NaiveDate::from_ymd_opt(2025, 8, 31).unwrap();
        check(
            Row {
                id: 7,
                name: "Xi Jinping",
                speaker_id: "12".into(),
                when: Some(Day(day)),
                note: None,
                count: 3,
            },
            &[
                ("id", Cell::Number(7.0)),
                ("name", Cell::Text("Xi Jinping".into())),
                ("speaker_id", Cell::Number(12.0)),
                ("when", Cell::Date(day)),
                ("note", Cell::Empty),
                ("count", Cell::Number(3.0)),
            ],
        );
        check(
            Row {
                speaker_id: "TUR".into(),
                name: "2025",
                ..Row::default()
            },
            &[
                ("id", Cell::Number(0.0)),
                ("name", Cell::Text("2025".into())),
                ("speaker_id", Cell::Text("TUR".into())),
                ("when", Cell::Empty),
                ("note", Cell::Empty),
                ("count", Cell::Number(0.0)),
            ],
        );
    }

    #[test]
    fn a_nested_value_is_refused() {
        #[derive(Serialize)]
        struct Nested {
            list: Vec<i64>,
        }
        assert!(cells(&Nested { list: vec![1] }).is_err());
        assert!(cells(&5).is_err());
    }
}
