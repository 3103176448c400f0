//! Content: finding the files, splitting and parsing their front matter into
//! validated briefings, actor and place profiles and pages, and the `PartialDate` type.

pub mod date;
pub mod discover;
pub mod edtf;
pub mod frontmatter;
pub mod grading;
pub mod model;
pub mod node;
pub mod parse;
pub mod place;
pub mod strpos;
