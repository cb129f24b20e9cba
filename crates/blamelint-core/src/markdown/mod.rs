pub mod blocks;
pub mod prose;
pub mod rough;
