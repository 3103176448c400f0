//! Content: finding the files, splitting and parsing their front matter into
//! validated briefings, actor and place profiles and pages, and the `PartialDate` type.

pub mod date;
pub mod datefmt;
pub(crate) mod discover;
pub mod edtf;
pub(crate) mod event;
pub(crate) mod frontmatter;
pub(crate) mod grading;
pub(crate) mod model;
pub(crate) mod node;
pub(crate) mod parse;
pub(crate) mod place;
pub(crate) mod profile;
pub(crate) mod strpos;
pub(crate) mod translation;
