import boto3
import botocore.session
import boto4
