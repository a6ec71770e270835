import httpx
import sniffio
import requests_toolbelt2
import reqeusts
import h2
import pysniffio
