from typing import TYPE_CHECKING
try:
    import ujson as json
except ImportError:
    import json
if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
try:
    import cryptography
except ImportError:
    cryptography = None
else:
    import OpenSSL
if HAS_NUMPY:
    import numpy
import requests
import undeclared_hard
