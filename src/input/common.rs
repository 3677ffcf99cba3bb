//! Parsing helpers shared by every format: invisible characters, dates, clocks, placeholders.
