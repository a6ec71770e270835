import pickle
import subprocess


def run(cmd):
    subprocess.call(cmd, shell=True)


def load(blob):
    return pickle.loads(blob)


def query(cursor, name):
    cursor.execute("SELECT * FROM users WHERE name = '%s'" % name)


def calc(expr):
    return eval(expr)


password = "hunter2hunter2"
assert password
