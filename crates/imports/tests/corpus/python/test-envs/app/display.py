def install():
    try:
        ip = get_ipython()
    except NameError:
        return None
    else:
        from IPython.core.formatters import BaseFormatter

        return BaseFormatter
