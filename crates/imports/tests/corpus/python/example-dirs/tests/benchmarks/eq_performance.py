import requests

if __name__ == "__main__":
    import matplotlib.pyplot as plt
