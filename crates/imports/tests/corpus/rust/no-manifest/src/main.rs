use std::io;
use serde::Serialize;
use seerde::Deserialize;
