import reqeusts
import numpyy
import hypothesis
