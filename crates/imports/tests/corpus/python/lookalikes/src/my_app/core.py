"""Docstring mentioning import fakepkg and from fakepkg import x."""
import os, sys, json, tomllib, asyncio.subprocess
import importlib
from __future__ import annotations
from . import util
from .util import helper
from ..sibling import thing
import my_app.core
import click as c, orjson
import sibling_module
# import commented_out
text = "import in_string"
other = f"{'import in_fstring'}"
raw = r'''
from in_triple import x
'''
mod = importlib.import_module(name)
plugin = importlib.import_module("json")
