from requests import fetch_json
