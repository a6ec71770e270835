import requests

requests.fetch_json('https://example.invalid')
