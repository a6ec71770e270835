import requests
from sqlalchemy import create_engine
import reqeusts
