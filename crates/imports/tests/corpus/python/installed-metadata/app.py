import fastapi
import sniffio
import httpx
import uvicorn
import pydantic_core
import fastapi_toolbelt2
