use serde_json::Value;
use itoa::Buffer;
use serde_jsonx::Value as V2;
