import hypothesis
import mock
import pytest
import trustme
import wsproto

import app
