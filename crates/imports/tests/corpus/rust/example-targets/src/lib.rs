use layout::core::base::Orientation;

pub fn f(_: Orientation) {}
