from tabulate import tabulate
from tabulate import tabulate_fast
