//! What the Workers runtime gives every part: the bindings' names, the clock, cryptographic
//! randomness and time zones.

pub mod bindings;
pub mod clock;
pub mod random;
pub mod zone;
