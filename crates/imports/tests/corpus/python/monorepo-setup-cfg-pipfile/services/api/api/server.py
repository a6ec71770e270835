import flask
import attrs
import httpx
import yaml
import pandas
