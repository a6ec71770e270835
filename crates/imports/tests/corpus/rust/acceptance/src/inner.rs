pub struct Helper;
pub struct Other;
