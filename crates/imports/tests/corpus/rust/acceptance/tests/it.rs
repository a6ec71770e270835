use proptest::prelude::*;
use mytool::Config;
