import httpx
import sniffio
import httpx_toolbelt2
