pub mod blocks;
pub mod prose;
