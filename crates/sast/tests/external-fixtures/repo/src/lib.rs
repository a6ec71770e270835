//! Fixture crate.

/// Reinterprets bytes.
pub fn cast(x: u32) -> f32 {
    unsafe { std::mem::transmute::<u32, f32>(x) }
}

/// Returns one.
pub fn one() -> i32 {
    return 1;
}

/// Hands out a mutable reference from a shared one.
pub fn widen(_x: &u8) -> &mut u8 {
    unimplemented!()
}
