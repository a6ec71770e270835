import micropip
import pyodide
