import fastapi
from pydantic_core import core_schema
import annotated_types
from werkzeug.exceptions import NotFound
import hypothesis
import pydantic_core2
import starlete
