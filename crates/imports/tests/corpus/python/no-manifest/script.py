import os
import numpy
