import cv2
from PIL import Image
from sklearn.linear_model import LinearRegression
from google.cloud import storage
import dateutil.parser
from bs4 import BeautifulSoup
import jwt
import foo_impl
