import httpx
import wsproto
import pytest
