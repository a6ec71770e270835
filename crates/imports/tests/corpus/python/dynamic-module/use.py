from lazypkg import anything
from starpkg import real, maybe_from_external
