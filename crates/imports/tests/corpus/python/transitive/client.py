import requests
import urllib3
