import yaml, requests, os
from requests import Session

requests.get('https://example.invalid')
print(yaml.safe_load('a: 1'), os.sep)
