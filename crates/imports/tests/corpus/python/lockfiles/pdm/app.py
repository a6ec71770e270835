import flask
from markupsafe import escape
import flask_toolbelt2
