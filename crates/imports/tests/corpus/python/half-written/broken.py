import requests
from requests import (
    get,
def broken(:
  '''unterminated
import hidden_in_string
