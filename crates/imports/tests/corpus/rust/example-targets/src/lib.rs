use layout::core::base::Orientation;

pub fn f(_: Orientation) {}

// Prelude items and type parameters are not crates.
use Result as Either;

pub fn g<__E: std::error::Error>(e: __E) -> Either<(), __E::Source> {
    Err(e)
}

macro_rules! py_err {
    ($m:expr) => {
        Err($m)
    };
}
pub(crate) use py_err;
