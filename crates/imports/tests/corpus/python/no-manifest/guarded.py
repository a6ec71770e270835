try:
    import ujson
except ImportError:
    ujson = None
