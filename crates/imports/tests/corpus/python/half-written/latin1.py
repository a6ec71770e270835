# -*- coding: latin-1 -*-
name = 'café'
import requests
import not_declared_x
