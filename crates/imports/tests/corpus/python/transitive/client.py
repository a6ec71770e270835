import requests
import urllib3
import requests_toolbelt2
