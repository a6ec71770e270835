import pytest
from my_app import core
